import { CollectionSpec, DocumentRepository, StoredAggregateMetadata, StoredDocument } from '@keepem/shared/persistence';
import { Session, SessionId } from '../domain/session.aggregate';
import { UserId } from '../domain/user.aggregate';
import { SessionRepository } from '../service_layer/ports/session.repository.port';

type SessionDocument = StoredAggregateMetadata & {
  user_id: string;
  device_id: string | null;
  refresh_token_fingerprint: string;
  expires_at: Date;
};

export const SESSIONS_COLLECTION: CollectionSpec = { name: 'sessions', uniqueIndexes: [], lookupIndexes: [['user_id', 'state']] };

export class DocumentSessionRepository extends DocumentRepository<Session, SessionDocument> implements SessionRepository {
  protected readonly collection = SESSIONS_COLLECTION.name;

  findActiveOfUser(userId: string): Promise<Session[]> {
    return this.findManyWhere({ user_id: userId, state: 'active' });
  }

  protected toDocument(session: Session): SessionDocument {
    return {
      user_id: session.userId,
      device_id: session.deviceId,
      refresh_token_fingerprint: session.refreshTokenFingerprint,
      expires_at: session.expiresAt,
      ...this.storedMetadata(session),
    };
  }

  protected fromDocument(document: SessionDocument & StoredDocument): Session {
    return Session.restore(document._id as SessionId, this.restoredMetadata(document), {
      userId: document.user_id as UserId,
      deviceId: document.device_id,
      refreshTokenFingerprint: document.refresh_token_fingerprint,
      expiresAt: document.expires_at,
    });
  }
}
