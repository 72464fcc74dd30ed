import { AggregateMetadata, AggregateRoot, Id, UnauthenticatedError } from '@keepem/shared/domain';
import type { UserId } from './user.aggregate';

export type SessionId = Id<'Session'>;

export interface SessionProps {
  userId: UserId;
  deviceId: string | null;
  /** Fingerprint of the one refresh token that may be used next; older ones are stolen by definition. */
  refreshTokenFingerprint: string;
  /** When it ends unless refreshed: its current refresh token's expiry. */
  expiresAt: Date;
}

/**
 * One login. Refreshing rotates its token and moves its end, but never past `maxLifetimeMs` after
 * the login (SESSION_MAX_DAYS); showing an already-rotated token ends it.
 */
export class Session extends AggregateRoot<SessionId> {
  private constructor(
    id: SessionId,
    metadata: AggregateMetadata,
    private props: SessionProps,
  ) {
    super(id, metadata);
  }

  static start(id: SessionId, props: SessionProps, at: Date): Session {
    return new Session(id, { createdAt: at, modifiedAt: at, version: 0, state: 'active' }, props);
  }

  static restore(id: SessionId, metadata: AggregateMetadata, props: SessionProps): Session {
    return new Session(id, metadata, props);
  }

  get userId(): UserId {
    return this.props.userId;
  }
  get deviceId(): string | null {
    return this.props.deviceId;
  }
  get refreshTokenFingerprint(): string {
    return this.props.refreshTokenFingerprint;
  }
  get expiresAt(): Date {
    return this.props.expiresAt;
  }
  get isActive(): boolean {
    return this.state === 'active';
  }

  /**
   * Checks the presented refresh token. A token that was already rotated away means two parties
   * hold this session's tokens: the session is revoked (the caller must still commit that) and
   * the answer is "replayed". An expired session is refused whatever the token.
   */
  examine(fingerprint: string, at: Date, maxLifetimeMs: number): 'current' | 'replayed' {
    if (!this.isActive) {
      throw new UnauthenticatedError('This session has ended; log in again');
    }
    if (at >= this.props.expiresAt || at >= this.renewalLimit(maxLifetimeMs)) {
      throw new UnauthenticatedError('This session has expired; log in again');
    }
    if (fingerprint === this.props.refreshTokenFingerprint) {
      return 'current';
    }
    this.revoke(at);
    return 'replayed';
  }

  /** The latest a refresh may move the session's end to. */
  renewalLimit(maxLifetimeMs: number): Date {
    return new Date(this.createdAt.getTime() + maxLifetimeMs);
  }

  /** Takes the next refresh token, which ends at `expiresAt`, within the renewal limit. */
  rotate(fingerprint: string, expiresAt: Date, at: Date): void {
    this.touch(at);
    this.props = { ...this.props, refreshTokenFingerprint: fingerprint, expiresAt };
  }

  revoke(at: Date): void {
    this.changeState('removed', at);
  }
}
