import { CollectionSpec, DocumentRepository, StoredAggregateMetadata, StoredDocument } from '@keepem/shared/persistence';
import { EmailAddress } from '../domain/email-address.value-object';
import { ReferralCode } from '../domain/referral-code.value-object';
import { Reminder } from '../domain/reminder.value-object';
import { Role } from '../domain/role';
import { User, UserId } from '../domain/user.aggregate';
import { EmailAlreadyRegisteredError, UsernameTakenError } from '../domain/user.errors';
import { Username } from '../domain/username.value-object';
import { UserRepository } from '../service_layer/ports/user.repository.port';

export type UserDocument = StoredAggregateMetadata & {
  username: string;
  email: string;
  email_canonical: string;
  public_name: string | null;
  password_hash: string;
  roles: Role[];
  referral_code: string;
  referred_by: string | null;
  /** Absent from documents written before reminders were kept. */
  reminders?: ReminderDocument[];
};

export type ReminderDocument = { title: string; time: Date; frequency_days: number; related_user: string | null };

export const USERS_COLLECTION: CollectionSpec = {
  name: 'users',
  uniqueIndexes: [
    { fields: ['username'], clash: () => new UsernameTakenError() },
    { fields: ['email_canonical'], clash: () => new EmailAlreadyRegisteredError() },
    // Drawn by the service, never typed by the client: a clash is ours, and the rerun draws again.
    { fields: ['referral_code'] },
  ],
  // The administrators' list: by state or not, sorted by sign-up or username, and found by a prefix
  // of the username (its unique index serves) or of the e-mail address.
  lookupIndexes: [['created_at'], ['state', 'created_at'], ['state', 'username'], ['email']],
};

export class DocumentUserRepository extends DocumentRepository<User, UserDocument> implements UserRepository {
  protected readonly collection = USERS_COLLECTION.name;

  findByCanonicalEmail(canonicalEmail: string): Promise<User | null> {
    return this.findOneWhere({ email_canonical: canonicalEmail });
  }

  findByUsername(username: string): Promise<User | null> {
    return this.findOneWhere({ username });
  }

  findByReferralCode(code: string): Promise<User | null> {
    return this.findOneWhere({ referral_code: code });
  }

  protected toDocument(user: User): UserDocument {
    return {
      username: user.username.value,
      email: user.email.value,
      email_canonical: user.email.canonical,
      public_name: user.publicName,
      password_hash: user.passwordHash,
      roles: [...user.roles],
      referral_code: user.referralCode.value,
      referred_by: user.referredBy,
      reminders: user.reminders.map(reminderDocument),
      ...this.storedMetadata(user),
    };
  }

  /** A document older than a field (or imported) lacks it: an optional one is restored empty, as the views read it. */
  protected fromDocument(document: UserDocument & StoredDocument): User {
    return User.restore(document._id as UserId, this.restoredMetadata(document), {
      username: Username.parse(document.username),
      email: EmailAddress.parse(document.email),
      publicName: document.public_name ?? null,
      passwordHash: document.password_hash,
      roles: document.roles,
      referralCode: ReferralCode.parse(document.referral_code),
      referredBy: (document.referred_by ?? null) as UserId | null,
      reminders: (document.reminders ?? []).map(restoredReminder),
    });
  }
}

function reminderDocument(reminder: Reminder): ReminderDocument {
  return { title: reminder.title, time: reminder.time, frequency_days: reminder.frequencyDays, related_user: reminder.relatedUser };
}

function restoredReminder(document: ReminderDocument): Reminder {
  return Reminder.create({
    title: document.title,
    time: document.time,
    frequencyDays: document.frequency_days,
    relatedUser: document.related_user,
  });
}
