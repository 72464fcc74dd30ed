import { Injectable } from '@nestjs/common';
import { RepositoryRegistry } from '@keepem/shared/persistence';
import { KEEP_REPOSITORY } from '../service_layer/ports/keep.repository.port';
import { SESSION_REPOSITORY } from '../service_layer/ports/session.repository.port';
import { USER_REPOSITORY } from '../service_layer/ports/user.repository.port';
import { DocumentKeepRepository, KEEPS_COLLECTION } from './document-keep.repository';
import { FEEDBACK_REPOSITORY } from '../service_layer/ports/feedback.repository.port';
import { DocumentFeedbackRepository, FEEDBACK_COLLECTION } from './document-feedback.repository';
import { DocumentSessionRepository, SESSIONS_COLLECTION } from './document-session.repository';
import { DocumentUserRepository, USERS_COLLECTION } from './document-user.repository';

/** Tells the unit of work how to build this context's repositories and which indexes they need. */
@Injectable()
export class UsersPersistenceRegistration {
  constructor(registry: RepositoryRegistry) {
    registry.register(USER_REPOSITORY, USERS_COLLECTION, (tx) => new DocumentUserRepository(tx));
    registry.register(SESSION_REPOSITORY, SESSIONS_COLLECTION, (tx) => new DocumentSessionRepository(tx));
    registry.register(KEEP_REPOSITORY, KEEPS_COLLECTION, (tx) => new DocumentKeepRepository(tx));
    registry.register(FEEDBACK_REPOSITORY, FEEDBACK_COLLECTION, (tx) => new DocumentFeedbackRepository(tx));
  }
}
