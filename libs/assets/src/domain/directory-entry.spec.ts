import { describe, expect, it } from '@jest/globals';
import type { OwnerId } from './asset.aggregate';
import { DirectoryEntry, type UserFacts } from './directory-entry';

const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 0, minute));
const now = at(100);
const userId = crypto.randomUUID() as OwnerId;

const registered: UserFacts = { profile: { username: 'ada', publicName: null, state: 'pending' }, email: 'ada@example.com', at: at(1) };
const activated: UserFacts = { profile: { username: 'ada', publicName: null, state: 'active' }, email: 'ada@example.com', at: at(2) };
const renamed: UserFacts = { profile: { username: 'ada', publicName: 'Ada L.', state: 'active' }, email: null, at: at(3) };
const removed: UserFacts = { profile: { username: 'ada', publicName: null, state: 'removed' }, email: null, at: at(4) };

function entryFrom(...facts: UserFacts[]): DirectoryEntry {
  const [first, ...rest] = facts;
  const entry = DirectoryEntry.first(userId, first, now);
  rest.forEach((later) => entry.learn(later, now));
  return entry;
}

describe('DirectoryEntry', () => {
  it('keeps the profile and address as the events tell them, in order', () => {
    const entry = entryFrom(registered, activated, renamed);

    expect(entry.profile).toEqual({ username: 'ada', publicName: 'Ada L.', state: 'active' });
    expect(entry.email).toBe('ada@example.com');
    expect(entry.profileAt).toEqual(at(3));
    expect(entry.emailAt).toEqual(at(2));
  });

  it('ends at the same profile whatever order the events arrive in: an older one never rolls it back', () => {
    const inOrder = entryFrom(registered, activated, renamed);
    for (const order of [
      [renamed, activated, registered],
      [activated, renamed, registered],
      [renamed, registered, activated],
    ]) {
      const entry = entryFrom(...order);
      expect({ profile: entry.profile, email: entry.email }).toEqual({ profile: inOrder.profile, email: inOrder.email });
    }
  });

  it('answers whether an event changed anything: an older or repeated one changes nothing', () => {
    const entry = entryFrom(registered, renamed);
    const version = { ...entry.profile };

    expect(entry.learn(registered, now)).toBe(false);
    expect(entry.learn(renamed, now)).toBe(false);
    expect(entry.profile).toEqual(version);
    expect(entry.learn(activated, now)).toBe(true);
    expect(entry.email).toBe('ada@example.com');
    expect(entry.profile.publicName).toBe('Ada L.');
  });

  it('takes an address from an event without a newer profile, and a profile from an event without an address', () => {
    const entry = entryFrom(renamed);
    expect(entry.email).toBeNull();

    expect(entry.learn(activated, now)).toBe(true);
    expect(entry.profile).toEqual(renamed.profile);
    expect(entry.email).toBe('ada@example.com');
  });

  it('forgets the address of a removed user for good, even when an older event with one arrives after', () => {
    const entry = entryFrom(registered, activated, removed);
    expect(entry.profile.state).toBe('removed');
    expect(entry.email).toBeNull();

    entry.learn(activated, now);
    expect(entry.profile.state).toBe('removed');
    expect(entry.email).toBeNull();

    const heardLate = entryFrom(removed, registered, activated);
    expect(heardLate.profile.state).toBe('removed');
    expect(heardLate.email).toBeNull();
  });
});
