import { Injectable } from '@nestjs/common';
import type { TestingModuleBuilder } from '@nestjs/testing';
import { MongoOutboxStore } from '../../libs/shared/src/adapters/mongo/mongo-outbox.store';
import { MongoUnitOfWork } from '../../libs/shared/src/adapters/mongo/mongo-unit-of-work';
import { type MessageMetadata, OUTBOX_STORE, type OutboxClaim, type Transaction, UNIT_OF_WORK } from '@keepem/shared/service_layer';

/**
 * The wire lane's server (jongodb) loses a write made outside a transaction to a collection while a
 * transaction that wrote to the same collection commits: the relay's "sent" mark on one outbox
 * record is undone by a unit of work inserting the next record. A record left claimed under the
 * test's frozen clock never comes free again, and its aggregate's later events wait behind it for
 * ever. A MongoDB replica set keeps both writes (they touch different documents), so this is the
 * test server's, and the wire lane's apps alone take turns: a unit of work and a write of the relay
 * never run at once. See README, "Which guarantee is proven where".
 */
class Turns {
  private last: Promise<unknown> = Promise.resolve();

  take<Result>(work: () => Promise<Result>): Promise<Result> {
    const turn = this.last.then(work, work);
    this.last = turn.catch(() => undefined);
    return turn;
  }
}

const turns = new Turns();

@Injectable()
class TurnTakingUnitOfWork extends MongoUnitOfWork {
  override run<Result>(metadata: MessageMetadata, work: (tx: Transaction) => Promise<Result>): Promise<Result> {
    return turns.take(() => super.run(metadata, work));
  }
}

@Injectable()
class TurnTakingOutboxStore extends MongoOutboxStore {
  override claimNext(claim: OutboxClaim, now: Date) {
    return turns.take(() => super.claimNext(claim, now));
  }
  override renew(id: string, claim: OutboxClaim) {
    return turns.take(() => super.renew(id, claim));
  }
  override markSent(id: string, token: string, at: Date) {
    return turns.take(() => super.markSent(id, token, at));
  }
  override markFailed(id: string, token: string, error: string, retryAt: Date) {
    return turns.take(() => super.markFailed(id, token, error, retryAt));
  }
  override postpone(id: string, token: string, retryAt: Date) {
    return turns.take(() => super.postpone(id, token, retryAt));
  }
  override markDead(id: string, token: string, error: string, at: Date) {
    return turns.take(() => super.markDead(id, token, error, at));
  }
  override retryDead(id: string, at: Date) {
    return turns.take(() => super.retryDead(id, at));
  }
  override purgeBefore(before: Date) {
    return turns.take(() => super.purgeBefore(before));
  }
}

/** On the wire lane, the app's unit of work and outbox relay take turns; elsewhere nothing changes. */
export function takingTurnsOnTheWireLane(builder: TestingModuleBuilder): TestingModuleBuilder {
  if (process.env.MONGODB_LANE !== 'wire') {
    return builder;
  }
  return builder
    .overrideProvider(UNIT_OF_WORK)
    .useClass(TurnTakingUnitOfWork)
    .overrideProvider(OUTBOX_STORE)
    .useClass(TurnTakingOutboxStore);
}
