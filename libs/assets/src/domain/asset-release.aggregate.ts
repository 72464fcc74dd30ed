import { AggregateMetadata, AggregateRoot, Id } from '@keepem/shared/domain';
import type { AssetId, OwnerId } from './asset.aggregate';
import { optionalText, requiredText } from './asset-text';
import { InvalidReleaseError, ReleaseConditionsNotMetError, ReleaseNotActiveError, ReleaseNotFoundError } from './asset-release.errors';
import { AssetReleaseCanceled, AssetReleased, AssetReleaseScheduled, ReleaseTimeCame } from './asset-release.events';
import type { BequestType, ReleaseType } from './release-kinds';
import { conditionHolds, normalizedPlace, type ReleaseCondition } from './release-condition';

export type ReleaseId = Id<'AssetRelease'>;
export type { BequestType, ReleaseType };

export const RELEASE_NAME_MAX_LENGTH = 64;
export const RELEASE_DESCRIPTION_MAX_LENGTH = 2000;
export const PLACE_MAX_LENGTH = 200;
const MONTH_MS = 30 * 24 * 60 * 60_000;
const YEAR_MS = 365 * 24 * 60 * 60_000;

export interface AssetReleaseProps {
  name: string;
  description: string | null;
  owner: OwnerId;
  receivers: OwnerId[];
  assets: AssetId[];
  conditions: ReleaseCondition[];
  releaseType: ReleaseType;
  bequestType: BequestType;
  releasedBy: OwnerId | null;
  /** Who cancelled it; null while it is not cancelled, or when the system did. */
  canceledBy: OwnerId | null;
  cancelReason: string | null;
  /** When its receivers were told its time had come; null until then (and for releases without a time). */
  timeCameNoticedAt: Date | null;
}

/** What every release is created with, whatever its type. */
export interface ReleaseBasics {
  id: ReleaseId;
  owner: OwnerId;
  name: string;
  description: string | null;
  assets: AssetId[];
}

/** Gifts name who receives them. */
export interface GiftBasics extends ReleaseBasics {
  receivers: OwnerId[];
}

/**
 * A "legacy": some of an owner's assets, handed on to receivers when conditions hold (a time, a
 * place, or at once), pulled by a receiver. Scheduled (`active`) until a receiver triggers it
 * (`inactive`, released) or the owner, a receiver or the system cancels it (`removed`).
 */
export class AssetRelease extends AggregateRoot<ReleaseId> {
  private constructor(
    id: ReleaseId,
    metadata: AggregateMetadata,
    private props: AssetReleaseProps,
  ) {
    super(id, metadata);
  }

  /** To oneself, at a date: the assets come back to their owner then. */
  static toFutureSelf(release: ReleaseBasics & { scheduledDate: Date }, now: Date): AssetRelease {
    return AssetRelease.schedule(
      release,
      [release.owner],
      'to_future_self',
      'self',
      [futureTime(release.scheduledDate, now, 'scheduledDate')],
      now,
    );
  }

  /** At a moment drawn once, uniformly between min (default in a month) and max (default in a year), told to nobody. */
  static inABottle(release: GiftBasics & { minDate: Date | null; maxDate: Date | null }, now: Date, random: () => number): AssetRelease {
    const min = release.minDate ?? new Date(now.getTime() + MONTH_MS);
    const max = release.maxDate ?? new Date(Math.max(now.getTime() + YEAR_MS, min.getTime()));
    futureTime(min, now, 'minDate');
    if (Number.isNaN(max.getTime())) {
      throw new InvalidReleaseError('maxDate', 'maxDate must be a date');
    }
    if (min.getTime() > max.getTime()) {
      throw new InvalidReleaseError('minDate', 'min_date must not be after max_date');
    }
    const at = new Date(min.getTime() + Math.floor(random() * (max.getTime() - min.getTime())));
    return AssetRelease.schedule(release, release.receivers, 'in_a_bottle', 'gift', [{ kind: 'time', at }], now);
  }

  /** When a receiver names the place. */
  static hideAndSeek(release: GiftBasics & { location: string }, now: Date): AssetRelease {
    return AssetRelease.schedule(release, release.receivers, 'hide_and_seek', 'gift', [place(release.location)], now);
  }

  /** When a receiver names the place, once the date has come. */
  static timeCapsule(release: GiftBasics & { location: string; scheduledDate: Date }, now: Date): AssetRelease {
    const conditions = [place(release.location), futureTime(release.scheduledDate, now, 'scheduledDate')];
    return AssetRelease.schedule(release, release.receivers, 'time_capsule', 'gift', conditions, now);
  }

  /** At a date, or at once without one; the receivers take the assets over, or share them (co-ownership). */
  static transfer(release: GiftBasics & { scheduledDate: Date | null; bequest: 'gift' | 'co_ownership' }, now: Date): AssetRelease {
    const condition: ReleaseCondition = release.scheduledDate
      ? futureTime(release.scheduledDate, now, 'scheduledDate')
      : { kind: 'immediate' };
    return AssetRelease.schedule(release, release.receivers, 'transfer', release.bequest, [condition], now);
  }

  static restore(id: ReleaseId, metadata: AggregateMetadata, props: AssetReleaseProps): AssetRelease {
    return new AssetRelease(id, metadata, props);
  }

  private static schedule(
    release: ReleaseBasics,
    receivers: OwnerId[],
    releaseType: ReleaseType,
    bequestType: BequestType,
    conditions: ReleaseCondition[],
    now: Date,
  ): AssetRelease {
    const assets = [...new Set(release.assets)];
    if (assets.length === 0) {
      throw new InvalidReleaseError('assets', 'a release holds at least one asset');
    }
    const uniqueReceivers = [...new Set(receivers)];
    if (uniqueReceivers.length === 0) {
      throw new InvalidReleaseError('receivers', 'a release has at least one receiver');
    }
    if (releaseType !== 'to_future_self' && uniqueReceivers.includes(release.owner)) {
      throw new InvalidReleaseError('receivers', 'you cannot be a receiver of your own gift (a release to yourself is to-future-self)');
    }
    const scheduled = new AssetRelease(
      release.id,
      { createdAt: now, modifiedAt: now, version: 0, state: 'active' },
      {
        name: requiredText(release.name, { field: 'name', what: 'name', maxLength: RELEASE_NAME_MAX_LENGTH }),
        description: optionalText(release.description, {
          field: 'description',
          what: 'description',
          maxLength: RELEASE_DESCRIPTION_MAX_LENGTH,
          multiline: true,
        }),
        owner: release.owner,
        receivers: uniqueReceivers,
        assets,
        conditions,
        releaseType,
        bequestType,
        releasedBy: null,
        canceledBy: null,
        cancelReason: null,
        timeCameNoticedAt: null,
      },
    );
    scheduled.record(new AssetReleaseScheduled({ ...scheduled.parties(), releaseType, bequestType }, now));
    return scheduled;
  }

  get name(): string {
    return this.props.name;
  }
  get description(): string | null {
    return this.props.description;
  }
  get owner(): OwnerId {
    return this.props.owner;
  }
  get receivers(): readonly OwnerId[] {
    return this.props.receivers;
  }
  get assets(): readonly AssetId[] {
    return this.props.assets;
  }
  get conditions(): readonly ReleaseCondition[] {
    return this.props.conditions;
  }
  get releaseType(): ReleaseType {
    return this.props.releaseType;
  }
  get bequestType(): BequestType {
    return this.props.bequestType;
  }
  get releasedBy(): OwnerId | null {
    return this.props.releasedBy;
  }
  get canceledBy(): OwnerId | null {
    return this.props.canceledBy;
  }
  get cancelReason(): string | null {
    return this.props.cancelReason;
  }
  get timeCameNoticedAt(): Date | null {
    return this.props.timeCameNoticedAt;
  }

  /** Scheduled, not yet released nor cancelled. */
  get isLive(): boolean {
    return this.state === 'active';
  }

  /** When its time condition is met, or null when it has none. */
  get releaseTime(): Date | null {
    const time = this.props.conditions.find((condition) => condition.kind === 'time');
    return time?.kind === 'time' ? time.at : null;
  }

  /** Live, and its time (if any) has passed: what a receiver's incoming list shows. */
  isDue(now: Date): boolean {
    const time = this.releaseTime;
    return this.isLive && (time === null || time.getTime() <= now.getTime());
  }

  isReceiver(userId: string): boolean {
    return this.props.receivers.includes(userId as OwnerId);
  }

  /** Its owner or one of its receivers; anyone else is told there is no such release. */
  assertVisibleTo(userId: string): void {
    if (userId !== this.props.owner && !this.isReceiver(userId)) {
      throw new ReleaseNotFoundError();
    }
  }

  /** Whether this is a live release of `owner` named `name` that holds one of `assets`: a second one would be a duplicate. */
  clashesWith(owner: string, name: string, assets: readonly string[]): boolean {
    return (
      this.isLive &&
      this.props.owner === owner &&
      this.props.name === name.trim() &&
      this.props.assets.some((asset) => assets.includes(asset))
    );
  }

  /**
   * Whether `by` may pull the release now, naming `place`: anyone but a receiver is told there is no
   * such release (404), an ended release is over (409), and unmet conditions are named (409).
   */
  assertTriggerableBy(by: string, place: string | null, now: Date): void {
    if (!this.isReceiver(by)) {
      throw new ReleaseNotFoundError();
    }
    if (!this.isLive) {
      throw new ReleaseNotActiveError(this.id);
    }
    // Until its time has come a release says only that: were the place checked too, a time capsule
    // would confirm a right guess (by naming one failed condition fewer) before its date.
    const time = this.props.conditions.find((condition) => condition.kind === 'time');
    if (time && !conditionHolds(time, now, place)) {
      throw new ReleaseConditionsNotMetError(['time']);
    }
    const failed = this.props.conditions.filter((condition) => !conditionHolds(condition, now, place)).map(({ kind }) => kind);
    if (failed.length > 0) {
      throw new ReleaseConditionsNotMetError(failed);
    }
  }

  /** A receiver pulls the release: allowed when it is live and every condition holds for them now. */
  trigger(by: string, place: string | null, now: Date): void {
    this.assertTriggerableBy(by, place, now);
    this.changeState('inactive', now);
    this.props = { ...this.props, releasedBy: by as OwnerId };
    this.record(new AssetReleased({ ...this.parties(), releasedBy: by, bequestType: this.props.bequestType }, now));
  }

  /** The owner or a receiver calls it off. */
  cancel(by: string, reason: string | null, now: Date): void {
    this.assertVisibleTo(by);
    this.end(by as OwnerId, reason, now);
  }

  /** The service calls it off: a receiver is no longer a keep of the owner, or a user was removed. */
  cancelBySystem(reason: string, now: Date): void {
    this.end(null, reason, now);
  }

  /** Notes, once, that its time has come, so that its receivers are told once. False when there is nothing (more) to tell. */
  noticeTimeCame(now: Date): boolean {
    const time = this.releaseTime;
    if (!this.isLive || time === null || time.getTime() > now.getTime() || this.props.timeCameNoticedAt !== null) {
      return false;
    }
    this.touch(now);
    this.props = { ...this.props, timeCameNoticedAt: now };
    this.record(new ReleaseTimeCame(this.parties(), now));
    return true;
  }

  private end(by: OwnerId | null, reason: string | null, now: Date): void {
    if (!this.isLive) {
      throw new ReleaseNotActiveError(this.id);
    }
    const cancelReason = optionalText(reason, { field: 'reason', what: 'reason', maxLength: RELEASE_DESCRIPTION_MAX_LENGTH });
    this.changeState('removed', now);
    this.props = { ...this.props, canceledBy: by, cancelReason };
    this.record(new AssetReleaseCanceled({ ...this.parties(), canceledBy: by, reason: cancelReason }, now));
  }

  private parties() {
    return {
      releaseId: this.id,
      ownerId: this.props.owner,
      receivers: [...this.props.receivers],
      assets: [...this.props.assets],
      name: this.props.name,
    };
  }
}

function futureTime(at: Date, now: Date, field: string): ReleaseCondition {
  if (Number.isNaN(at.getTime()) || at.getTime() <= now.getTime()) {
    throw new InvalidReleaseError(field, `${field} must be in the future`);
  }
  return { kind: 'time', at };
}

function place(location: string): ReleaseCondition {
  const answer = normalizedPlace(requiredText(location, { field: 'location', what: 'location', maxLength: PLACE_MAX_LENGTH }));
  return { kind: 'location', answer };
}
