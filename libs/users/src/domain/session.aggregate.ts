import { AggregateMetadata, AggregateRoot, Id } from '@keepem/shared/domain';
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
 * Why a refresh token cannot renew its session: the session was revoked or logged out (ended), it
 * is past its end (expired), or the token was already rotated away (replayed), which means two
 * parties hold this session's tokens.
 */
export type RefreshRefusal = 'ended' | 'expired' | 'replayed';

/**
 * One login. Refreshing rotates its token and moves its end, but never past `maxLifetimeMs` after
 * the login (SESSION_MAX_DAYS). An already-rotated token shown again is reported as replayed, and
 * the refresh that showed it revokes the session.
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
   * Why the refresh token with this fingerprint cannot renew the session at `at`, or null when it
   * can. It changes nothing: what a refusal leads to (a replayed token ends the session, an expired
   * one is only refused) is the caller's decision, made in the open with `revoke`.
   */
  refreshRefusal(fingerprint: string, at: Date, maxLifetimeMs: number): RefreshRefusal | null {
    if (!this.isActive) {
      return 'ended';
    }
    if (at >= this.props.expiresAt || at >= this.renewalLimit(maxLifetimeMs)) {
      return 'expired';
    }
    return fingerprint === this.props.refreshTokenFingerprint ? null : 'replayed';
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
