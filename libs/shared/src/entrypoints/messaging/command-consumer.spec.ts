import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, CommandHandler, CqrsModule, ICommandHandler } from '@nestjs/cqrs';
import { Test, TestingModule } from '@nestjs/testing';
import { eventContract } from '../../contracts/integration-event';
import { ConcurrencyConflictError, DomainError, RuleViolationError, UnavailableError } from '../../domain/domain-error';
import { UniqueConstraintError } from '../../adapters/persistence/unique-constraint.error';
import { Command, MessageProps } from '../../service_layer/command';
import { MessageMetadataFactory } from '../../service_layer/message-metadata.factory';
import { MessageAlreadyHandledError, UNIT_OF_WORK, type UnitOfWork } from '../../service_layer/unit-of-work.port';
import { integrationMessage } from '../../testing/integration-message';
import { ManualClock } from '../../testing/manual-clock';
import { memoryPersistence, MemoryPersistence } from '../../testing/memory-persistence';
import { CommandConsumer } from './command-consumer';

const MEMBER_JOINED_V1 = eventContract<{ member_id: string; name: string }>('clubs', 'member-joined', 1);

/** The consuming context's own command, named in its own language. */
class WelcomeMember extends Command {
  declare readonly memberId: string;
  declare readonly name: string;

  constructor(props: MessageProps<WelcomeMember>) {
    super(props);
  }
}

/** Keeps what its unit of work did, as a real handler would keep it in an aggregate. */
@Injectable()
@CommandHandler(WelcomeMember)
class WelcomeMemberHandler implements ICommandHandler<WelcomeMember> {
  readonly welcomed: { memberId: string; correlationId: string; causationId?: string }[] = [];
  /** How often the handler was asked, refused or not. */
  calls = 0;

  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork) {}

  async execute(command: WelcomeMember): Promise<void> {
    this.calls += 1;
    if (command.name === 'Nobody') {
      throw new RuleViolationError('A member needs a name');
    }
    if (command.name === 'Racer') {
      throw new ConcurrencyConflictError('members', command.memberId);
    }
    if (command.name === 'Busy') {
      throw new UnavailableError('Too many passwords are being hashed', 1);
    }
    if (command.name === 'Twin') {
      throw new UniqueConstraintError('members', 'unique_member_code');
    }
    await this.unitOfWork.run(command.metadata, async () => {
      this.welcomed.push({ memberId: command.memberId, ...command.metadata });
    });
  }
}

describe('CommandConsumer: another context’s event mapped to a command of our own', () => {
  let persistence: MemoryPersistence;
  let app: TestingModule;
  let consumer: CommandConsumer<{ member_id: string; name: string }>;

  beforeEach(async () => {
    persistence = await memoryPersistence(() => undefined);
    app = await Test.createTestingModule({
      imports: [CqrsModule.forRoot()],
      providers: [WelcomeMemberHandler, { provide: UNIT_OF_WORK, useValue: persistence.unitOfWork }],
    }).compile();
    await app.init();
    const metadata = new MessageMetadataFactory(new ManualClock(new Date('2030-01-01T00:00:00.000Z')));
    consumer = new CommandConsumer(
      'welcome.member-joined',
      MEMBER_JOINED_V1,
      app.get(CommandBus),
      persistence.unitOfWork,
      metadata,
      (payload, meta) => new WelcomeMember({ memberId: payload.member_id, name: payload.name, metadata: meta }),
    );
  });

  afterEach(async () => {
    await app.close();
    await persistence.close();
  });

  const delivery = (name = 'Ada') =>
    integrationMessage({ source: 'clubs', type: 'clubs.member-joined.v1', payload: { member_id: 'm-1', name } });

  it('subscribes to the contract’s source and name', () => {
    expect({ source: consumer.source, eventTypes: consumer.eventTypes }).toEqual({
      source: 'clubs',
      eventTypes: ['clubs.member-joined.v1'],
    });
  });

  it('sends the mapped command once per message, carrying the message’s correlation and naming it as the cause', async () => {
    const message = delivery();

    await consumer.handle(message);
    await consumer.handle(message);
    await consumer.handle(delivery());

    const welcomed = app.get(WelcomeMemberHandler).welcomed;
    expect(welcomed).toHaveLength(2);
    expect(welcomed[0]).toMatchObject({ memberId: 'm-1', correlationId: message.correlationId, causationId: message.id });
  });

  it('records a message its rules refuse as handled, so it neither fails again nor holds back later events', async () => {
    const refused = delivery('Nobody');
    const handler = app.get(WelcomeMemberHandler);

    await expect(consumer.handle(refused)).resolves.toBeUndefined();
    await consumer.handle(refused);

    expect(handler.calls).toBe(2);
    expect(handler.welcomed).toEqual([]);
    await expect(persistence.unitOfWork.run(metadataFor(refused), async () => undefined)).rejects.toBeInstanceOf(
      MessageAlreadyHandledError,
    );
  });

  it('offers a message again after a lost race: that is no refusal', async () => {
    const raced = delivery('Racer');

    await expect(consumer.handle(raced)).rejects.toBeInstanceOf(ConcurrencyConflictError);

    await expect(persistence.unitOfWork.run(metadataFor(raced), async () => 'ran')).resolves.toBe('ran');
  });

  it.each(['Busy', 'Twin'])('offers a message again when the service is overloaded or a drawn value was taken (%s)', async (name) => {
    const transient = delivery(name);

    await expect(consumer.handle(transient)).rejects.toBeInstanceOf(DomainError);

    await expect(persistence.unitOfWork.run(metadataFor(transient), async () => 'ran')).resolves.toBe('ran');
  });

  function metadataFor(message: { id: string; correlationId: string }) {
    return new MessageMetadataFactory(new ManualClock(new Date())).causedBy(message, 'welcome.member-joined');
  }
});
