import { type AggregateState, DomainEvent } from '@keepem/shared/domain';

export interface UserFacts {
  userId: string;
  username: string;
  email: string;
  publicName: string | null;
  referredBy: string | null;
}

export interface UserRegisteredPayload extends UserFacts {
  /** False for accounts created active (the seeded admin): no activation link to send. */
  activationRequired: boolean;
}

export class UserRegistered extends DomainEvent<UserRegisteredPayload> {
  constructor(payload: UserRegisteredPayload, at: Date) {
    super(payload.userId, at, payload);
  }
}

export interface UserActivatedPayload extends UserFacts {
  /**
   * True when the owner followed the e-mailed link, proving the address is theirs; false when an
   * administrator activated the account (or it was seeded) and nobody proved it.
   */
  addressConfirmed: boolean;
}

export class UserActivated extends DomainEvent<UserActivatedPayload> {
  constructor(payload: UserActivatedPayload, at: Date) {
    super(payload.userId, at, payload);
  }
}

/** What anyone may know of a user, sent whenever it changes, so other contexts can keep their own copy. */
export interface UserPublicProfileChangedPayload {
  userId: string;
  username: string;
  publicName: string | null;
  state: AggregateState;
}

export class UserPublicProfileChanged extends DomainEvent<UserPublicProfileChangedPayload> {
  constructor(payload: UserPublicProfileChangedPayload, at: Date) {
    super(payload.userId, at, payload);
  }
}

/** An account was removed: kept, as a final tombstone, without what identified its owner. */
export interface UserRemovedPayload {
  userId: string;
  removedBy: 'self' | 'admin';
  /** The administrator who removed it; null when its owner did. */
  adminId: string | null;
  /** Why an administrator removed it; null when its owner did. */
  reason: string | null;
}

export class UserRemoved extends DomainEvent<UserRemovedPayload> {
  constructor(payload: UserRemovedPayload, at: Date) {
    super(payload.userId, at, payload);
  }
}

/** The user chose another public name, or cleared it (null). */
export interface UserPublicNameChangedPayload {
  userId: string;
  publicName: string | null;
}

export class UserPublicNameChanged extends DomainEvent<UserPublicNameChangedPayload> {
  constructor(payload: UserPublicNameChangedPayload, at: Date) {
    super(payload.userId, at, payload);
  }
}

/** A reminder the user set; one with the same title and time that the user had is replaced by it. */
export interface UserReminderAddedPayload {
  userId: string;
  title: string;
  time: Date;
  frequencyDays: number;
  relatedUser: string | null;
}

export class UserReminderAdded extends DomainEvent<UserReminderAddedPayload> {
  constructor(payload: UserReminderAddedPayload, at: Date) {
    super(payload.userId, at, payload);
  }
}

/** How a password was replaced: by its owner giving the old one, or through an e-mailed reset link. */
export type PasswordChangeKind = 'change' | 'reset';

export interface UserPasswordChangedPayload {
  userId: string;
  via: PasswordChangeKind;
}

export class UserPasswordChanged extends DomainEvent<UserPasswordChangedPayload> {
  constructor(payload: UserPasswordChangedPayload, at: Date) {
    super(payload.userId, at, payload);
  }
}

/** A reminder the user no longer wants, named by its title and time. */
export interface UserReminderRemovedPayload {
  userId: string;
  title: string;
  time: Date;
}

export class UserReminderRemoved extends DomainEvent<UserReminderRemovedPayload> {
  constructor(payload: UserReminderRemovedPayload, at: Date) {
    super(payload.userId, at, payload);
  }
}

/** Someone asked for a password reset link for this (active) account; it goes to the account's address. */
export interface PasswordResetRequestedPayload {
  userId: string;
  username: string;
  email: string;
}

export class PasswordResetRequested extends DomainEvent<PasswordResetRequestedPayload> {
  constructor(payload: PasswordResetRequestedPayload, at: Date) {
    super(payload.userId, at, payload);
  }
}
