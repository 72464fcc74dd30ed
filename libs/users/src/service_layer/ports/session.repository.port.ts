import { RepositoryToken } from '@keepem/shared/service_layer';
import type { Session } from '../../domain/session.aggregate';

export interface SessionRepository {
  findById(id: string): Promise<Session | null>;
  save(session: Session): void;
}

export const SESSION_REPOSITORY = new RepositoryToken<SessionRepository>('sessions');
