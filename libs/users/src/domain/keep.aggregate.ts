import { AggregateMetadata, AggregateRoot, Id, InvalidInputError } from '@keepem/shared/domain';
import { KeepAlreadyDeclinedError, KeepNotFoundError, KeepNotPendingError, KeepWithOneselfError } from './keep.errors';
import { KeepAccepted, KeepDeclined, KeepRequested } from './keep.events';
import type { UserId } from './user.aggregate';

export type KeepId = Id<'Keep'>;

/** What one side calls the other: a nickname of their own, like a contact's name. */
export const KEEP_NAME_MAX_LENGTH = 64;
export const DECLINE_REASON_MAX_LENGTH = 500;

export interface KeepProps {
  requester: UserId;
  requested: UserId;
  nameByRequester: string | null;
  nameByRequested: string | null;
  declinedBy: UserId | null;
  declinedReason: string | null;
}

export interface NewKeep {
  id: KeepId;
  requester: UserId;
  requested: UserId;
  nameByRequester: string | null;
}

/**
 * A trust relationship between two users, like a contact: requested by one, `pending` until the
 * other accepts (`active`), `removed` once either side declines it, for good. At most one keep
 * between two users is live (pending or active) at a time, whoever asked: the handler checks it and
 * `livePair` is what a unique index holds it with, so two requests racing for one pair cannot both
 * win. After a decline the pair may ask again, with a new keep.
 */
export class Keep extends AggregateRoot<KeepId> {
  private constructor(
    id: KeepId,
    metadata: AggregateMetadata,
    private props: KeepProps,
  ) {
    super(id, metadata);
  }

  static request(keep: NewKeep, at: Date): Keep {
    if (keep.requester === keep.requested) {
      throw new KeepWithOneselfError();
    }
    const props: KeepProps = {
      requester: keep.requester,
      requested: keep.requested,
      nameByRequester: nameOrNull(keep.nameByRequester, 'nameByRequester'),
      nameByRequested: null,
      declinedBy: null,
      declinedReason: null,
    };
    const created = new Keep(keep.id, { createdAt: at, modifiedAt: at, version: 0, state: 'pending' }, props);
    created.record(new KeepRequested({ ...created.parties(), nameByRequester: props.nameByRequester }, at));
    return created;
  }

  static restore(id: KeepId, metadata: AggregateMetadata, props: KeepProps): Keep {
    return new Keep(id, metadata, props);
  }

  /** The same key for the same two users, whoever asked: `a:b` with the ids in order. */
  static pairOf(one: string, other: string): string {
    return one < other ? `${one}:${other}` : `${other}:${one}`;
  }

  get requester(): UserId {
    return this.props.requester;
  }
  get requested(): UserId {
    return this.props.requested;
  }
  get nameByRequester(): string | null {
    return this.props.nameByRequester;
  }
  get nameByRequested(): string | null {
    return this.props.nameByRequested;
  }
  get declinedBy(): UserId | null {
    return this.props.declinedBy;
  }
  get declinedReason(): string | null {
    return this.props.declinedReason;
  }

  /** Pending or active: the one keep its pair may have at a time. */
  get isLive(): boolean {
    return this.state === 'pending' || this.state === 'active';
  }

  /** The pair's key while the keep is live, null once declined, so that the pair may ask again. */
  get livePair(): string | null {
    return this.isLive ? Keep.pairOf(this.props.requester, this.props.requested) : null;
  }

  isParty(userId: string): boolean {
    return userId === this.props.requester || userId === this.props.requested;
  }

  /** Only the requested user accepts, and only a pending keep; anyone else is told there is no such keep. */
  accept(by: string, nameByRequested: string | null, at: Date): void {
    if (by !== this.props.requested) {
      throw new KeepNotFoundError();
    }
    if (this.state !== 'pending') {
      throw new KeepNotPendingError(this.id);
    }
    const name = nameOrNull(nameByRequested, 'nameByRequested');
    this.changeState('active', at);
    this.props = { ...this.props, nameByRequested: name };
    this.record(new KeepAccepted({ ...this.parties(), nameByRequested: name }, at));
  }

  /** Either side declines a pending keep or ends an active one; a keep declined once stays so. */
  decline(by: string, reason: string | null, at: Date): void {
    if (!this.isParty(by)) {
      throw new KeepNotFoundError();
    }
    if (!this.isLive) {
      throw new KeepAlreadyDeclinedError(this.id);
    }
    const wasActive = this.state === 'active';
    const declinedReason = textOrNull(reason, DECLINE_REASON_MAX_LENGTH, 'reason');
    this.changeState('removed', at);
    this.props = { ...this.props, declinedBy: by as UserId, declinedReason };
    this.record(new KeepDeclined({ ...this.parties(), declinedBy: by, reason: declinedReason, wasActive }, at));
  }

  private parties() {
    return { keepId: this.id, requesterId: this.props.requester, requestedId: this.props.requested };
  }
}

function nameOrNull(name: string | null, field: string): string | null {
  return textOrNull(name, KEEP_NAME_MAX_LENGTH, field, 'the name');
}

/** Trimmed; blank is no text at all. */
function textOrNull(text: string | null, maxLength: number, field: string, what = `the ${field}`): string | null {
  const trimmed = text?.trim() ?? '';
  if (trimmed.length > maxLength) {
    throw new InvalidInputError(`${what} is too long`, [{ field, message: `${what} must be at most ${maxLength} characters` }]);
  }
  return trimmed || null;
}
