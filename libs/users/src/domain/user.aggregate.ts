import { AggregateMetadata, AggregateRoot, AggregateState, Id, isFinal } from '@keepem/shared/domain';
import { EmailAddress } from './email-address.value-object';
import { PublicName } from './public-name.value-object';
import { ReferralCode } from './referral-code.value-object';
import { Role } from './role';
import { AccountNotUsableError, PasswordResetNotAllowedError, UserNotPendingError } from './user.errors';
import {
  type PasswordChangeKind,
  PasswordResetRequested,
  UserActivated,
  type UserActivatedPayload,
  UserPasswordChanged,
  UserPublicNameChanged,
  UserPublicProfileChanged,
  UserRegistered,
} from './user.events';
import { Username } from './username.value-object';

export type UserId = Id<'User'>;

export interface UserProps {
  username: Username;
  email: EmailAddress;
  publicName: string | null;
  passwordHash: string;
  roles: Role[];
  referralCode: ReferralCode;
  referredBy: UserId | null;
}

export interface NewUser extends Omit<UserProps, 'roles'> {
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
    created.record(new UserActivated(created.facts(), at));
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

  activate(at: Date): void {
    if (this.state !== 'pending') {
      throw new UserNotPendingError(this.id);
    }
    this.changeState('active', at);
    this.record(new UserActivated(this.facts(), at));
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
  private facts(): UserActivatedPayload {
    return {
      userId: this.id,
      username: this.props.username.value,
      email: this.props.email.value,
      publicName: this.props.publicName,
      referredBy: this.props.referredBy,
    };
  }
}
