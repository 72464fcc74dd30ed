import { AggregateMetadata, AggregateRoot, AggregateState, Id, isFinal } from '@keepem/shared/domain';
import { EmailAddress } from './email-address.value-object';
import { PublicName } from './public-name.value-object';
import { ReferralCode } from './referral-code.value-object';
import { MAX_REMINDERS_PER_USER, Reminder } from './reminder.value-object';
import { Role } from './role';
import { AccountNotUsableError, PasswordResetNotAllowedError, TooManyRemindersError, UserNotPendingError } from './user.errors';
import {
  type PasswordChangeKind,
  PasswordResetRequested,
  UserActivated,
  type UserFacts,
  UserPasswordChanged,
  UserPublicNameChanged,
  UserPublicProfileChanged,
  UserRegistered,
  UserReminderAdded,
  UserReminderRemoved,
  UserRemoved,
} from './user.events';
import { type Removal, REMOVED_EMAIL_DOMAIN, removalReason } from './user-removal';
import { Username } from './username.value-object';

export type UserId = Id<'User'>;

/** How a pending account is activated: by the link e-mailed to its address, or by an administrator. */
export type Activation = 'link' | 'admin';

export interface UserProps {
  username: Username;
  email: EmailAddress;
  publicName: string | null;
  passwordHash: string;
  roles: Role[];
  referralCode: ReferralCode;
  referredBy: UserId | null;
  /** Left out for a user who has none. */
  reminders?: readonly Reminder[];
}

export interface NewUser extends Omit<UserProps, 'roles' | 'reminders'> {
  id: UserId;
}

export class User extends AggregateRoot<UserId> {
  private constructor(
    id: UserId,
    metadata: AggregateMetadata,
    private props: UserProps,
  ) {
    super(id, metadata);
  }

  /** A newcomer: pending until they follow the activation link. */
  static register(user: NewUser, at: Date): User {
    const created = new User(user.id, { createdAt: at, modifiedAt: at, version: 0, state: 'pending' }, { ...user, roles: ['user'] });
    created.record(new UserRegistered({ ...created.facts(), activationRequired: true }, at));
    created.recordPublicProfile(at);
    return created;
  }

  /** The administrator configured at start-up: trusted from the start, so born active. */
  static seedAdministrator(user: NewUser, at: Date): User {
    const props: UserProps = { ...user, roles: ['user', 'admin'] };
    const created = new User(user.id, { createdAt: at, modifiedAt: at, version: 0, state: 'active' }, props);
    created.record(new UserRegistered({ ...created.facts(), activationRequired: false }, at));
    created.record(new UserActivated({ ...created.facts(), addressConfirmed: false }, at));
    created.recordPublicProfile(at);
    return created;
  }

  static restore(id: UserId, metadata: AggregateMetadata, props: UserProps): User {
    return new User(id, metadata, props);
  }

  get username(): Username {
    return this.props.username;
  }
  get email(): EmailAddress {
    return this.props.email;
  }
  get publicName(): string | null {
    return this.props.publicName;
  }
  get passwordHash(): string {
    return this.props.passwordHash;
  }
  get roles(): readonly Role[] {
    return this.props.roles;
  }
  get referralCode(): ReferralCode {
    return this.props.referralCode;
  }
  get referredBy(): UserId | null {
    return this.props.referredBy;
  }
  get reminders(): readonly Reminder[] {
    return this.props.reminders ?? [];
  }

  /** Only the link proves the address belongs to the account's owner; an administrator's activation does not. */
  activate(at: Date, by: Activation = 'link'): void {
    if (this.state !== 'pending') {
      throw new UserNotPendingError(this.id);
    }
    this.changeState('active', at);
    this.record(new UserActivated({ ...this.facts(), addressConfirmed: by === 'link' }, at));
    this.recordPublicProfile(at);
  }

  /**
   * Removal "before delete": the aggregate stays, final, so what refers to it still resolves, but
   * what identified its owner goes. The e-mail address becomes `{id}@removed.invalid`, which no
   * mail reaches and which frees the real address for a new sign-up; the public name is cleared.
   * The username stays taken, so nobody else can pass for the removed user.
   */
  remove(removal: Removal, at: Date): void {
    const reason = removal.by === 'admin' ? removalReason(removal.reason) : null;
    this.changeState('removed', at);
    this.props = { ...this.props, email: EmailAddress.parse(`${this.id}@${REMOVED_EMAIL_DOMAIN}`), publicName: null };
    this.record(
      new UserRemoved({ userId: this.id, removedBy: removal.by, adminId: removal.by === 'admin' ? removal.adminId : null, reason }, at),
    );
    this.recordPublicProfile(at);
  }

  /** Only active accounts log in; the caller has already checked the password. */
  assertCanLogIn(): void {
    const refusals: Partial<Record<AggregateState, string>> = {
      pending: 'This account is not activated yet: follow the link in the activation e-mail',
      hidden: 'This account is disabled',
      inactive: 'This account is disabled',
      removed: 'This account is disabled',
    };
    const refusal = refusals[this.state];
    if (refusal) {
      throw new AccountNotUsableError(refusal);
    }
  }

  hasRoles(roles: readonly string[]): boolean {
    return roles.every((role) => (this.props.roles as readonly string[]).includes(role));
  }

  /** Of the roles a session was granted, those the user still has: a role taken away leaves at the next refresh. */
  stillHeld(scope: readonly Role[]): Role[] {
    return scope.filter((role) => this.props.roles.includes(role));
  }

  /**
   * Sets each reminder in turn: one with the title and time of a reminder the user has replaces it
   * (a later one in the same list too), and one equal to it in every field changes nothing. Refused
   * as a whole when the user would then have more than MAX_REMINDERS_PER_USER.
   */
  addReminders(reminders: readonly Reminder[], at: Date): void {
    this.touch(at);
    const kept = new Map(this.reminders.map((reminder) => [reminder.key, reminder]));
    const added = reminders.filter((reminder) => {
      if (kept.get(reminder.key)?.equals(reminder)) {
        return false;
      }
      kept.set(reminder.key, reminder);
      return true;
    });
    if (kept.size > MAX_REMINDERS_PER_USER) {
      throw new TooManyRemindersError(this.reminders.length, kept.size);
    }
    this.props = { ...this.props, reminders: [...kept.values()] };
    for (const reminder of added) {
      this.record(
        new UserReminderAdded(
          {
            userId: this.id,
            title: reminder.title,
            time: reminder.time,
            frequencyDays: reminder.frequencyDays,
            relatedUser: reminder.relatedUser,
          },
          at,
        ),
      );
    }
  }

  /** Removes the reminders with these keys (`Reminder.keyOf`); a key no reminder has is passed over. */
  removeReminders(keys: readonly string[], at: Date): void {
    this.touch(at);
    const unwanted = new Set(keys);
    const removed = this.reminders.filter((reminder) => unwanted.has(reminder.key));
    this.props = { ...this.props, reminders: this.reminders.filter((reminder) => !unwanted.has(reminder.key)) };
    for (const reminder of removed) {
      this.record(new UserReminderRemoved({ userId: this.id, title: reminder.title, time: reminder.time }, at));
    }
  }

  /**
   * Shows others another name (trimmed, see PublicName), or none with null. The name the user
   * already has changes nothing and records nothing; a final user is refused either way.
   */
  changePublicName(name: string | null, at: Date): void {
    const publicName = name === null ? null : PublicName.parse(name).value;
    if (publicName === this.props.publicName && !isFinal(this.state)) {
      return;
    }
    this.touch(at);
    this.props = { ...this.props, publicName };
    this.record(new UserPublicNameChanged({ userId: this.id, publicName }, at));
    this.recordPublicProfile(at);
  }

  /** Takes the hash of a new password; the caller has checked that the user gave the old one. */
  changePassword(passwordHash: string, at: Date): void {
    this.replacePassword(passwordHash, 'change', at);
  }

  /** Whether a reset link may be sent, or followed: an active account's only. */
  get mayResetPassword(): boolean {
    return this.state === 'active';
  }

  /** Asks for a reset link to be e-mailed to the account's own address. */
  requestPasswordReset(at: Date): void {
    if (!this.mayResetPassword) {
      throw new PasswordResetNotAllowedError(this.id);
    }
    this.record(new PasswordResetRequested({ userId: this.id, username: this.props.username.value, email: this.props.email.value }, at));
  }

  /** Takes the hash of a new password chosen through an e-mailed reset link. */
  resetPassword(passwordHash: string, at: Date): void {
    if (!this.mayResetPassword) {
      throw new PasswordResetNotAllowedError(this.id);
    }
    this.replacePassword(passwordHash, 'reset', at);
  }

  private replacePassword(passwordHash: string, via: PasswordChangeKind, at: Date): void {
    this.touch(at);
    this.props = { ...this.props, passwordHash };
    this.record(new UserPasswordChanged({ userId: this.id, via }, at));
  }

  /** Called by every change to the username, the public name or the state. */
  private recordPublicProfile(at: Date): void {
    this.record(
      new UserPublicProfileChanged(
        { userId: this.id, username: this.props.username.value, publicName: this.props.publicName, state: this.state },
        at,
      ),
    );
  }

  /** What its events tell about the user. */
  private facts(): UserFacts {
    return {
      userId: this.id,
      username: this.props.username.value,
      email: this.props.email.value,
      publicName: this.props.publicName,
      referredBy: this.props.referredBy,
    };
  }
}
