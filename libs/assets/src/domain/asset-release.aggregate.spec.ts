import { describe, expect, it } from '@jest/globals';
import type { AssetId, OwnerId } from './asset.aggregate';
import { InvalidInputError } from '@keepem/shared/domain';
import { AssetRelease, type ReleaseId } from './asset-release.aggregate';
import { InvalidReleaseError, ReleaseConditionsNotMetError, ReleaseNotActiveError, ReleaseNotFoundError } from './asset-release.errors';
import { AssetReleaseCanceled, AssetReleased, AssetReleaseScheduled, ReleaseTimeCame } from './asset-release.events';

const now = new Date('2030-01-01T00:00:00Z');
const DAY = 24 * 60 * 60_000;
const days = (count: number) => new Date(now.getTime() + count * DAY);
const user = () => crypto.randomUUID() as OwnerId;
const [ada, bob, carl] = [user(), user(), user()];
const asset = crypto.randomUUID() as AssetId;

const basics = (overrides: Partial<{ receivers: OwnerId[]; assets: AssetId[]; name: string }> = {}) => ({
  id: crypto.randomUUID() as ReleaseId,
  owner: ada,
  name: 'For Bob',
  description: null,
  assets: [asset],
  receivers: [bob],
  ...overrides,
});

function committed(release: AssetRelease): AssetRelease {
  release.markCommitted();
  return release;
}

function refusalOf(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('not refused');
}

describe('AssetRelease', () => {
  describe('the release table', () => {
    it('to_future_self: the owner receives, at the scheduled time, bequest self', () => {
      const release = AssetRelease.toFutureSelf({ ...basics(), scheduledDate: days(5) }, now);

      expect(release).toMatchObject({ state: 'active', releaseType: 'to_future_self', bequestType: 'self', receivers: [ada] });
      expect(release.conditions).toEqual([{ kind: 'time', at: days(5) }]);
      expect(release.pendingEvents).toEqual([expect.any(AssetReleaseScheduled)]);
      expect(release.pendingEvents[0].payload).toEqual({
        releaseId: release.id,
        ownerId: ada,
        receivers: [ada],
        assets: [asset],
        name: 'For Bob',
        releaseType: 'to_future_self',
        bequestType: 'self',
      });
    });

    it('in_a_bottle: chosen receivers, a time drawn once within [min, max] from the random given, bequest gift', () => {
      let draws = 0;
      const release = AssetRelease.inABottle({ ...basics(), minDate: days(10), maxDate: days(20) }, now, () => {
        draws += 1;
        return 0.5;
      });

      expect(draws).toBe(1);
      expect(release).toMatchObject({ releaseType: 'in_a_bottle', bequestType: 'gift', receivers: [bob] });
      expect(release.releaseTime).toEqual(days(15));
      expect(AssetRelease.inABottle({ ...basics(), minDate: days(10), maxDate: days(20) }, now, () => 0).releaseTime).toEqual(days(10));
      const highest = AssetRelease.inABottle({ ...basics(), minDate: days(10), maxDate: days(20) }, now, () => 0.999999999).releaseTime!;
      expect(highest.getTime()).toBeLessThanOrEqual(days(20).getTime());
      expect(highest.getTime()).toBeGreaterThan(days(19.99).getTime());
    });

    it('in_a_bottle: min defaults to a month from now and max to a year', () => {
      expect(AssetRelease.inABottle({ ...basics(), minDate: null, maxDate: null }, now, () => 0).releaseTime).toEqual(days(30));
      expect(AssetRelease.inABottle({ ...basics(), minDate: null, maxDate: null }, now, () => 1).releaseTime).toEqual(days(365));
      // A min beyond the default max: the time is the min.
      expect(AssetRelease.inABottle({ ...basics(), minDate: days(400), maxDate: null }, now, () => 0.7).releaseTime).toEqual(days(400));
    });

    it('hide_and_seek: chosen receivers, a place stored lower-cased without spaces, bequest gift', () => {
      const release = AssetRelease.hideAndSeek({ ...basics(), location: '  Sagrada Família ' }, now);

      expect(release).toMatchObject({ releaseType: 'hide_and_seek', bequestType: 'gift', releaseTime: null });
      expect(release.conditions).toEqual([{ kind: 'location', answer: 'sagradafamília' }]);
    });

    it('time_capsule: chosen receivers, a place and a time, bequest gift', () => {
      const release = AssetRelease.timeCapsule({ ...basics(), location: 'Lyon', scheduledDate: days(3) }, now);

      expect(release).toMatchObject({ releaseType: 'time_capsule', bequestType: 'gift' });
      expect(release.conditions).toEqual([
        { kind: 'location', answer: 'lyon' },
        { kind: 'time', at: days(3) },
      ]);
    });

    it('transfer: chosen receivers, at the scheduled time or at once, as a gift or a co-ownership', () => {
      const scheduled = AssetRelease.transfer({ ...basics(), scheduledDate: days(2), bequest: 'gift' }, now);
      const atOnce = AssetRelease.transfer({ ...basics(), scheduledDate: null, bequest: 'co_ownership' }, now);

      expect(scheduled).toMatchObject({ releaseType: 'transfer', bequestType: 'gift' });
      expect(scheduled.conditions).toEqual([{ kind: 'time', at: days(2) }]);
      expect(atOnce).toMatchObject({ bequestType: 'co_ownership', releaseTime: null });
      expect(atOnce.conditions).toEqual([{ kind: 'immediate' }]);
      expect(atOnce.isDue(now)).toBe(true);
    });

    it('holds each asset and receiver once', () => {
      const release = AssetRelease.hideAndSeek(
        { ...basics({ assets: [asset, asset], receivers: [bob, carl, bob] }), location: 'Lyon' },
        now,
      );

      expect(release).toMatchObject({ assets: [asset], receivers: [bob, carl] });
    });
  });

  describe('refuses as invalid (400)', () => {
    it.each([
      ['a scheduled date in the past', () => AssetRelease.toFutureSelf({ ...basics(), scheduledDate: days(-1) }, now), 'scheduledDate'],
      ['a scheduled date of now', () => AssetRelease.transfer({ ...basics(), scheduledDate: now, bequest: 'gift' }, now), 'scheduledDate'],
      ['an invalid date', () => AssetRelease.toFutureSelf({ ...basics(), scheduledDate: new Date(Number.NaN) }, now), 'scheduledDate'],
      [
        'a min date in the past',
        () => AssetRelease.inABottle({ ...basics(), minDate: days(-1), maxDate: days(3) }, now, Math.random),
        'minDate',
      ],
      ['min after max', () => AssetRelease.inABottle({ ...basics(), minDate: days(5), maxDate: days(3) }, now, Math.random), 'minDate'],
      [
        'a max before the default min',
        () => AssetRelease.inABottle({ ...basics(), minDate: null, maxDate: days(3) }, now, Math.random),
        'minDate',
      ],
      [
        'an invalid max',
        () => AssetRelease.inABottle({ ...basics(), minDate: null, maxDate: new Date(Number.NaN) }, now, Math.random),
        'maxDate',
      ],
      [
        'a time capsule in the past',
        () => AssetRelease.timeCapsule({ ...basics(), location: 'Lyon', scheduledDate: days(-2) }, now),
        'scheduledDate',
      ],
      ['no assets', () => AssetRelease.hideAndSeek({ ...basics({ assets: [] }), location: 'Lyon' }, now), 'assets'],
      ['no receivers', () => AssetRelease.hideAndSeek({ ...basics({ receivers: [] }), location: 'Lyon' }, now), 'receivers'],
      [
        'the owner as a receiver of a gift',
        () => AssetRelease.hideAndSeek({ ...basics({ receivers: [ada] }), location: 'Lyon' }, now),
        'receivers',
      ],
    ])('%s', (_, act, field) => {
      const refusal = refusalOf(act);
      expect(refusal).toBeInstanceOf(InvalidReleaseError);
      expect(refusal).toMatchObject({ fieldErrors: [expect.objectContaining({ field })] });
    });

    it('an empty name or an empty place', () => {
      expect(refusalOf(() => AssetRelease.hideAndSeek({ ...basics({ name: '  ' }), location: 'Lyon' }, now))).toBeInstanceOf(
        InvalidInputError,
      );
      expect(refusalOf(() => AssetRelease.hideAndSeek({ ...basics(), location: ' ' }, now))).toBeInstanceOf(InvalidInputError);
    });
  });

  describe('trigger', () => {
    it('releases when every condition holds for a receiver, recording AssetReleased', () => {
      const release = committed(
        AssetRelease.timeCapsule({ ...basics({ receivers: [bob, carl] }), location: 'Sagrada Família', scheduledDate: days(3) }, now),
      );

      release.trigger(carl, 'SAGRADA família', days(3));

      expect(release).toMatchObject({ state: 'inactive', releasedBy: carl, isLive: false });
      expect(release.pendingEvents).toEqual([expect.any(AssetReleased)]);
      expect(release.pendingEvents[0].payload).toMatchObject({ releasedBy: carl, bequestType: 'gift', receivers: [bob, carl] });
    });

    it('names which conditions are not met (409), changing nothing', () => {
      const release = committed(AssetRelease.timeCapsule({ ...basics(), location: 'Lyon', scheduledDate: days(3) }, now));

      expect(refusalOf(() => release.trigger(bob, 'Paris', days(1)))).toMatchObject({ failed: ['time'], kind: 'conflict' });
      expect(refusalOf(() => release.trigger(bob, null, days(4)))).toMatchObject({ failed: ['location'] });
      expect(refusalOf(() => release.trigger(bob, 'lyon', days(2)))).toBeInstanceOf(ReleaseConditionsNotMetError);
      expect((refusalOf(() => release.trigger(bob, 'lyon', days(2))) as Error).message).toContain('its time has not come');
      expect(release).toMatchObject({ state: 'active', pendingEvents: [] });
    });

    it('tells nothing of the place before the time has come: a right and a wrong guess get the same answer', () => {
      const release = committed(AssetRelease.timeCapsule({ ...basics(), location: 'Lyon', scheduledDate: days(3) }, now));

      const right = refusalOf(() => release.trigger(bob, 'lyon', days(1))) as ReleaseConditionsNotMetError;
      const wrong = refusalOf(() => release.trigger(bob, 'Paris', days(1))) as ReleaseConditionsNotMetError;

      expect([right.failed, right.message]).toEqual([wrong.failed, wrong.message]);
    });

    it('answers anyone but a receiver as no such release (404): the owner of a gift too', () => {
      const release = committed(AssetRelease.transfer({ ...basics(), scheduledDate: null, bequest: 'gift' }, now));

      expect(refusalOf(() => release.trigger(ada, null, now))).toBeInstanceOf(ReleaseNotFoundError);
      expect(refusalOf(() => release.trigger(carl, null, now))).toBeInstanceOf(ReleaseNotFoundError);
      expect(release.state).toBe('active');
    });

    it('answers a release already released or cancelled as no longer scheduled (409)', () => {
      const released = committed(AssetRelease.transfer({ ...basics(), scheduledDate: null, bequest: 'gift' }, now));
      released.trigger(bob, null, now);
      const canceled = committed(AssetRelease.transfer({ ...basics(), scheduledDate: null, bequest: 'gift' }, now));
      canceled.cancel(ada, null, now);

      expect(refusalOf(() => released.trigger(bob, null, now))).toBeInstanceOf(ReleaseNotActiveError);
      expect(refusalOf(() => canceled.trigger(bob, null, now))).toBeInstanceOf(ReleaseNotActiveError);
    });
  });

  describe('cancel', () => {
    it.each([
      ['its owner', ada],
      ['a receiver', bob],
    ])('lets %s cancel it, recording who and why', (_, by) => {
      const release = committed(AssetRelease.hideAndSeek({ ...basics(), location: 'Lyon' }, now));

      release.cancel(by, ' Not now ', days(1));

      expect(release).toMatchObject({ state: 'removed', canceledBy: by, cancelReason: 'Not now', modifiedAt: days(1) });
      expect(release.pendingEvents).toEqual([expect.any(AssetReleaseCanceled)]);
      expect(release.pendingEvents[0].payload).toMatchObject({ canceledBy: by, reason: 'Not now' });
    });

    it('answers anyone else as no such release (404), and an ended release as no longer scheduled (409)', () => {
      const release = committed(AssetRelease.hideAndSeek({ ...basics(), location: 'Lyon' }, now));

      expect(refusalOf(() => release.cancel(carl, null, now))).toBeInstanceOf(ReleaseNotFoundError);
      release.cancel(ada, null, now);
      expect(refusalOf(() => release.cancel(bob, null, now))).toBeInstanceOf(ReleaseNotActiveError);
      expect(refusalOf(() => release.cancelBySystem('gone', now))).toBeInstanceOf(ReleaseNotActiveError);
    });

    it('by the system: nobody cancelled it, the reason says why', () => {
      const release = committed(AssetRelease.hideAndSeek({ ...basics(), location: 'Lyon' }, now));

      release.cancelBySystem(`${bob} is no longer a keep of the owner`, now);

      expect(release).toMatchObject({ state: 'removed', canceledBy: null, cancelReason: `${bob} is no longer a keep of the owner` });
      expect(release.pendingEvents[0].payload).toMatchObject({ canceledBy: null });
    });
  });

  describe('time', () => {
    it('notices once that its time came, only once it passed and while it is live', () => {
      const release = committed(AssetRelease.toFutureSelf({ ...basics(), scheduledDate: days(2) }, now));

      expect(release.isDue(days(1))).toBe(false);
      expect(release.noticeTimeCame(days(1))).toBe(false);
      expect(release.isDue(days(2))).toBe(true);
      expect(release.noticeTimeCame(days(2))).toBe(true);
      expect(release.noticeTimeCame(days(3))).toBe(false);
      expect(release.timeCameNoticedAt).toEqual(days(2));
      expect(release.pendingEvents).toEqual([expect.any(ReleaseTimeCame)]);

      const timeless = committed(AssetRelease.hideAndSeek({ ...basics(), location: 'Lyon' }, now));
      expect(timeless.noticeTimeCame(days(9))).toBe(false);
      const canceled = committed(AssetRelease.toFutureSelf({ ...basics(), scheduledDate: days(2) }, now));
      canceled.cancel(ada, null, now);
      expect(canceled.noticeTimeCame(days(3))).toBe(false);
      expect(canceled.isDue(days(3))).toBe(false);
    });
  });

  describe('visibility and clashes', () => {
    it('is visible to its owner and receivers only', () => {
      const release = AssetRelease.hideAndSeek({ ...basics(), location: 'Lyon' }, now);

      expect(() => release.assertVisibleTo(ada)).not.toThrow();
      expect(() => release.assertVisibleTo(bob)).not.toThrow();
      expect(refusalOf(() => release.assertVisibleTo(carl))).toBeInstanceOf(ReleaseNotFoundError);
    });

    it('clashes with a live release of the same owner and name sharing an asset only', () => {
      const other = crypto.randomUUID();
      const release = committed(AssetRelease.hideAndSeek({ ...basics(), location: 'Lyon' }, now));

      expect(release.clashesWith(ada, ' For Bob ', [other, asset])).toBe(true);
      expect(release.clashesWith(ada, 'For Carl', [asset])).toBe(false);
      expect(release.clashesWith(ada, 'For Bob', [other])).toBe(false);
      expect(release.clashesWith(bob, 'For Bob', [asset])).toBe(false);
      release.cancel(ada, null, now);
      expect(release.clashesWith(ada, 'For Bob', [asset])).toBe(false);
    });
  });
});
