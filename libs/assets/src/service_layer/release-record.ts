import type { AggregateState } from '@keepem/shared/domain';
import type { BequestType, ReleaseType } from '../domain/asset-release.aggregate';
import type { ReleaseCondition } from '../domain/release-condition';
import type { KnownUser } from './ports/user-directory.port';

/** A stored release as the query side reads it: every condition, the secret ones too. Never shown as is. */
export interface ReleaseRecord {
  id: string;
  state: AggregateState;
  name: string;
  description: string | null;
  ownerId: string;
  receivers: string[];
  assets: string[];
  releaseType: ReleaseType;
  bequestType: BequestType;
  conditions: ReleaseCondition[];
  releasedBy: string | null;
  canceledBy: string | null;
  cancelReason: string | null;
  createdAt: Date;
  modifiedAt: Date;
}

/** Who reads a release: its owner, one of its receivers, or an administrator (who is neither). */
export type ReleaseReader = 'owner' | 'receiver' | 'admin';

/**
 * A release as one reader may see it. A receiver never learns the place that opens it, nobody
 * learns an "in a bottle" time before it passes (administrators neither), and only the owner sees
 * the place.
 */
export interface ReleaseSeen {
  id: string;
  state: AggregateState;
  name: string;
  description: string | null;
  ownerId: string;
  receivers: string[];
  assets: string[];
  releaseType: ReleaseType;
  bequestType: BequestType;
  /** When it may be triggered from; null when it has no time, or while that time is a secret. */
  releaseTime: Date | null;
  /** The place that opens it, for its owner; null for anyone else, and when it has none. */
  location: string | null;
  /** Whether a receiver must name a place to trigger it. */
  needsLocation: boolean;
  /** Whether its time (if any) has passed: what a receiver waits for before triggering. */
  due: boolean;
  releasedBy: string | null;
  canceledBy: string | null;
  cancelReason: string | null;
  createdAt: Date;
  modifiedAt: Date;
  reader: ReleaseReader;
  /** Whether the reader is one of its receivers (its owner is, of a release to their future self). */
  readerReceives: boolean;
  /** The owner's and the receivers' public profiles, as the assets context knows them (see `withProfiles`). */
  ownerProfile: PartyProfile;
  receiverProfiles: PartyProfile[];
}

/** A party's public profile; `username` is null while the assets context has not heard of them yet. */
export interface PartyProfile {
  id: string;
  username: string | null;
  publicName: string | null;
}

const unknownParty = (id: string): PartyProfile => ({ id, username: null, publicName: null });

/** `releases` with their parties' public profiles, from the users the assets context knows. */
export function withProfiles(releases: ReleaseSeen[], known: readonly KnownUser[]): ReleaseSeen[] {
  const profiles = new Map(known.map((user) => [user.userId, { id: user.userId, username: user.username, publicName: user.publicName }]));
  const profileOf = (id: string): PartyProfile => profiles.get(id) ?? unknownParty(id);
  return releases.map((release) => ({
    ...release,
    ownerProfile: profileOf(release.ownerId),
    receiverProfiles: release.receivers.map(profileOf),
  }));
}

/** Everyone `releases` name, each once: whose profiles `withProfiles` needs. */
export const partiesOf = (releases: readonly ReleaseSeen[]): string[] => [
  ...new Set(releases.flatMap((release) => [release.ownerId, ...release.receivers])),
];

export function releaseTimeOf(release: Pick<ReleaseRecord, 'conditions'>): Date | null {
  const time = release.conditions.find((condition) => condition.kind === 'time');
  return time?.kind === 'time' ? time.at : null;
}

/** Live, and its time (if any) has passed. */
export function isDue(release: ReleaseRecord, now: Date): boolean {
  const time = releaseTimeOf(release);
  return release.state === 'active' && (time === null || time.getTime() <= now.getTime());
}

/** `release` as `reader` may see it at `now` (see ReleaseSeen). */
export function releaseSeenBy(release: ReleaseRecord, reader: ReleaseReader, now: Date, readerId: string | null = null): ReleaseSeen {
  const time = releaseTimeOf(release);
  const timeIsSecret = release.releaseType === 'in_a_bottle' && time !== null && time.getTime() > now.getTime();
  const place = release.conditions.find((condition) => condition.kind === 'location');
  return {
    id: release.id,
    state: release.state,
    name: release.name,
    description: release.description,
    ownerId: release.ownerId,
    receivers: release.receivers,
    assets: release.assets,
    releaseType: release.releaseType,
    bequestType: release.bequestType,
    releaseTime: timeIsSecret ? null : time,
    location: reader === 'owner' && place?.kind === 'location' ? place.answer : null,
    needsLocation: place !== undefined,
    due: time === null || time.getTime() <= now.getTime(),
    releasedBy: release.releasedBy,
    canceledBy: release.canceledBy,
    cancelReason: release.cancelReason,
    createdAt: release.createdAt,
    modifiedAt: release.modifiedAt,
    reader,
    readerReceives: reader === 'receiver' || (readerId !== null && release.receivers.includes(readerId)),
    ownerProfile: unknownParty(release.ownerId),
    receiverProfiles: release.receivers.map(unknownParty),
  };
}
