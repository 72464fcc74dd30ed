import { AggregateMetadata, AggregateRoot } from '@keepem/shared/domain';
import type { OwnerId } from './asset.aggregate';

/** What anyone may know of a user, as the users context last published it. */
export interface PublicProfile {
  username: string;
  publicName: string | null;
  /** The users context's state: `pending`, `active` or `removed`. */
  state: string;
}

/** One thing the users context told, and when it was true there (its event's time). */
export interface UserFacts {
  profile: PublicProfile;
  /** Only users.user-registered / users.user-activated carry it; null when the event does not. */
  email: string | null;
  at: Date;
}

export interface DirectoryEntryProps {
  profile: PublicProfile;
  email: string | null;
  /** When the profile held is from, so that an older event arriving late does not roll it back. */
  profileAt: Date;
  /** When the e-mail address held is from; null while none is known. */
  emailAt: Date | null;
}

/**
 * The assets context's copy of one user (event-carried state transfer), keyed by the user's id:
 * its releases name their owner and receivers from it, and its e-mails go to its address. Events
 * may arrive in any order and more than once, so each part keeps the newest fact by the time the
 * users context gave it. A removed user keeps no address: nothing is sent to them any more.
 */
export class DirectoryEntry extends AggregateRoot<OwnerId> {
  private constructor(
    id: OwnerId,
    metadata: AggregateMetadata,
    private props: DirectoryEntryProps,
  ) {
    super(id, metadata);
  }

  /** The first thing heard of a user. */
  static first(userId: OwnerId, facts: UserFacts, now: Date): DirectoryEntry {
    const removed = facts.profile.state === 'removed';
    return new DirectoryEntry(
      userId,
      { createdAt: now, modifiedAt: now, version: 0, state: 'active' },
      {
        profile: { ...facts.profile },
        email: removed ? null : facts.email,
        profileAt: facts.at,
        emailAt: facts.email !== null || removed ? facts.at : null,
      },
    );
  }

  static restore(id: OwnerId, metadata: AggregateMetadata, props: DirectoryEntryProps): DirectoryEntry {
    return new DirectoryEntry(id, metadata, props);
  }

  get profile(): PublicProfile {
    return this.props.profile;
  }
  get email(): string | null {
    return this.props.email;
  }
  get profileAt(): Date {
    return this.props.profileAt;
  }
  get emailAt(): Date | null {
    return this.props.emailAt;
  }

  /**
   * Takes in what is newer than what it holds (or as new: two events of one change carry the same
   * facts), part by part; older facts change nothing. Answers whether anything changed.
   */
  learn(facts: UserFacts, now: Date): boolean {
    let { profile, email, profileAt, emailAt } = this.props;
    if (facts.at.getTime() >= profileAt.getTime()) {
      profile = { ...facts.profile };
      profileAt = facts.at;
    }
    const removed = profile.state === 'removed';
    if (removed && email !== null) {
      email = null;
      emailAt = profileAt;
    } else if (!removed && facts.email !== null && (emailAt === null || facts.at.getTime() >= emailAt.getTime())) {
      email = facts.email;
      emailAt = facts.at;
    }
    const changed =
      profile.username !== this.props.profile.username ||
      profile.publicName !== this.props.profile.publicName ||
      profile.state !== this.props.profile.state ||
      email !== this.props.email ||
      profileAt.getTime() !== this.props.profileAt.getTime() ||
      emailAt?.getTime() !== this.props.emailAt?.getTime();
    if (changed) {
      this.touch(now);
      this.props = { profile, email, profileAt, emailAt };
    }
    return changed;
  }
}
