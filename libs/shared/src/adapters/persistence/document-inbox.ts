import { Inbox, InboxClaimOutcome } from '../../service_layer/unit-of-work.port';
import { DocumentSession } from './document-session';
import { INBOX_COLLECTION, StoredDocument } from './stored-document';

interface EntryFields {
  state: 'claimed' | 'processed';
  claim_owner: string | null;
  lease_until: Date | null;
  processed_at: Date | null;
}

/** One consumer's entry for one event, as stored. */
export interface InboxEntry extends StoredDocument, EntryFields {
  consumer: string;
  event_id: string;
}

interface StagedEntry {
  entry: InboxEntry;
  /** null for a new entry. */
  expectedVersion: number | null;
}

/**
 * The inbox of one transaction: entries are read through it and written by `flush` with a version
 * check like any document, so two transactions that claim one entry at once cannot both win; the
 * loser is run again and finds the entry taken.
 */
export class DocumentInbox implements Inbox {
  private readonly staged = new Map<string, StagedEntry>();

  constructor(
    private readonly session: DocumentSession,
    /** The transaction's "now", against which leases are judged. */
    private readonly at: Date,
  ) {}

  async claim(consumer: string, eventId: string, owner: string, leaseUntil: Date): Promise<InboxClaimOutcome> {
    const current = await this.read(consumer, eventId);
    if (current?.state === 'processed') {
      return 'processed';
    }
    if (current?.claim_owner && current.claim_owner !== owner && current.lease_until && current.lease_until > this.at) {
      return 'busy';
    }
    this.stage(consumer, eventId, current, { state: 'claimed', claim_owner: owner, lease_until: leaseUntil, processed_at: null });
    return 'claimed';
  }

  async renew(consumer: string, eventId: string, owner: string, leaseUntil: Date): Promise<boolean> {
    const current = await this.read(consumer, eventId);
    if (current?.state !== 'claimed' || current.claim_owner !== owner) {
      return false;
    }
    this.stage(consumer, eventId, current, { ...current, lease_until: leaseUntil });
    return true;
  }

  async release(consumer: string, eventId: string, owner: string): Promise<void> {
    const current = await this.read(consumer, eventId);
    if (current?.state === 'claimed' && current.claim_owner === owner) {
      // The lease ends now rather than never, so an entry nobody claims again is still purged in time.
      this.stage(consumer, eventId, current, { ...current, claim_owner: null, lease_until: this.at });
    }
  }

  async complete(consumer: string, eventId: string, owner: string): Promise<boolean> {
    const current = await this.read(consumer, eventId);
    this.stage(consumer, eventId, current, { state: 'processed', claim_owner: null, lease_until: null, processed_at: this.at });
    return current?.state === 'claimed' && current.claim_owner === owner;
  }

  async recordProcessed(consumer: string, eventId: string): Promise<boolean> {
    const current = await this.read(consumer, eventId);
    if (current?.state === 'processed') {
      return false;
    }
    this.stage(consumer, eventId, current, { state: 'processed', claim_owner: null, lease_until: null, processed_at: this.at });
    return true;
  }

  async flush(): Promise<void> {
    for (const { entry, expectedVersion } of this.staged.values()) {
      if (expectedVersion === null) {
        await this.session.insert(INBOX_COLLECTION, entry);
      } else {
        await this.session.replace(INBOX_COLLECTION, entry, expectedVersion);
      }
    }
  }

  private async read(consumer: string, eventId: string): Promise<InboxEntry | null> {
    const key = entryKey(consumer, eventId);
    return this.staged.get(key)?.entry ?? ((await this.session.findById(INBOX_COLLECTION, key)) as InboxEntry | null);
  }

  private stage(consumer: string, eventId: string, current: InboxEntry | null, fields: EntryFields): void {
    const key = entryKey(consumer, eventId);
    const prior = this.staged.get(key);
    const expectedVersion = prior ? prior.expectedVersion : (current?.version ?? null);
    const entry: InboxEntry = {
      state: fields.state,
      claim_owner: fields.claim_owner,
      lease_until: fields.lease_until,
      processed_at: fields.processed_at,
      _id: key,
      version: (expectedVersion ?? 0) + 1,
      consumer,
      event_id: eventId,
    };
    this.staged.set(key, { entry, expectedVersion });
  }
}

function entryKey(consumer: string, eventId: string): string {
  return `${consumer}:${eventId}`;
}
