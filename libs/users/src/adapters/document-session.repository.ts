import { AggregateState } from '@keepem/shared/domain';
import { CollectionSpec, DocumentRepository, StoredDocument } from '@keepem/shared/persistence';
import { Session, SessionId } from '../domain/session.aggregate';
import { UserId } from '../domain/user.aggregate';
import { SessionRepository } from '../service_layer/ports/session.repository.port';

type SessionDocument = {
  user_id: string;
  device_id: string | null;
  refresh_token_fingerprint: string;
  expires_at: Date;
  state: AggregateState;
  created_at: Date;
  modified_at: Date;
};

export const SESSIONS_COLLECTION: CollectionSpec = { name: 'sessions', uniqueIndexes: [] };

export class DocumentSessionRepository extends DocumentRepository<Session, SessionDocument> implements SessionRepository {
  protected readonly collection = SESSIONS_COLLECTION.name;

  protected toDocument(session: Session): SessionDocument {
    return {
      user_id: session.userId,
      device_id: session.deviceId,
      refresh_token_fingerprint: session.refreshTokenFingerprint,
      expires_at: session.expiresAt,
      state: session.state,
      created_at: session.createdAt,
      modified_at: session.modifiedAt,
    };
  }

  protected fromDocument(document: SessionDocument & StoredDocument): Session {
    return Session.restore(
      document._id as SessionId,
      { createdAt: document.created_at, modifiedAt: document.modified_at, version: document.version, state: document.state },
      {
        userId: document.user_id as UserId,
        deviceId: document.device_id,
        refreshTokenFingerprint: document.refresh_token_fingerprint,
        expiresAt: document.expires_at,
      },
    );
  }
}
