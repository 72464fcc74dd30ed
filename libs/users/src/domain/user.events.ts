import { DomainEvent } from '@keepem/shared/domain';

export interface UserRegisteredPayload {
  user_id: string;
  username: string;
  email: string;
  public_name: string | null;
  referred_by: string | null;
  /** False for accounts created active (the seeded admin): no activation link to send. */
  activation_required: boolean;
}

export class UserRegistered extends DomainEvent<UserRegisteredPayload> {
  constructor(payload: UserRegisteredPayload, at: Date) {
    super(payload.user_id, at, payload);
  }
}

export interface UserActivatedPayload {
  user_id: string;
  username: string;
  email: string;
  public_name: string | null;
  referred_by: string | null;
}

export class UserActivated extends DomainEvent<UserActivatedPayload> {
  constructor(payload: UserActivatedPayload, at: Date) {
    super(payload.user_id, at, payload);
  }
}
