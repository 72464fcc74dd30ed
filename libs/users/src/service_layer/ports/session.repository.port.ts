import { RepositoryToken } from '@keepem/shared/service_layer';
import type { Session } from '../../domain/session.aggregate';

export interface SessionRepository {
  findById(id: string): Promise<Session | null>;
  /** The user's sessions that are not revoked (expired ones among them, which revoking harms not). */
  findActiveOfUser(userId: string): Promise<Session[]>;
  save(session: Session): void;
}

export const SESSION_REPOSITORY = new RepositoryToken<SessionRepository>('sessions');
