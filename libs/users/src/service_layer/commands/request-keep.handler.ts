import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvalidInputError, NotFoundError } from '@keepem/shared/domain';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { EmailAddress } from '../../domain/email-address.value-object';
import { Keep, KeepId } from '../../domain/keep.aggregate';
import { KeepAlreadyExistsError } from '../../domain/keep.errors';
import { ReferralCode } from '../../domain/referral-code.value-object';
import type { User, UserId } from '../../domain/user.aggregate';
import { AccountNotUsableError } from '../../domain/user.errors';
import { KEEP_REPOSITORY } from '../ports/keep.repository.port';
import { USER_REPOSITORY, type UserRepository } from '../ports/user.repository.port';
import { RequestKeep } from './request-keep.command';

/** How the requested user is found, once the request has named them exactly one way. */
type FindTarget = (users: UserRepository) => Promise<User | null>;

const TARGET_FIELDS = ['toId', 'toCode', 'toEmail'] as const;

@CommandHandler(RequestKeep)
export class RequestKeepHandler implements ICommandHandler<RequestKeep> {
  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork) {}

  /**
   * Only active users can be kept. Anyone else (unknown, pending, removed) is answered as unknown,
   * so that a request tells nobody which addresses or codes have an account that is not in use.
   */
  async execute(command: RequestKeep): Promise<string> {
    const findTarget = targetOf(command);
    return this.unitOfWork.run(command.metadata, async (tx) => {
      const users = tx.repository(USER_REPOSITORY);
      const requester = await users.findById(command.requesterId);
      if (requester?.state !== 'active') {
        throw new AccountNotUsableError('This account is disabled');
      }
      const requested = await findTarget(users);
      if (requested?.state !== 'active') {
        throw new NotFoundError('User');
      }
      const keep = Keep.request(
        { id: command.keepId as KeepId, requester: requester.id, requested: requested.id, nameByRequester: command.nameByRequester },
        command.metadata.at,
      );
      const keeps = tx.repository(KEEP_REPOSITORY);
      if (await keeps.findLiveBetween(requester.id, requested.id)) {
        throw new KeepAlreadyExistsError();
      }
      keeps.save(keep);
      // Saved unchanged, so that a removal of either user committing meanwhile, which declines the
      // live keeps it read, conflicts with this request instead of missing its keep.
      users.save(requester);
      users.save(requested);
      return keep.id;
    });
  }
}

function targetOf(command: RequestKeep): FindTarget {
  const given = TARGET_FIELDS.filter((field) => command[field] !== null);
  if (given.length !== 1) {
    const named = given.length === 0 ? TARGET_FIELDS : given;
    const message =
      given.length === 0
        ? "Say whom to keep: the user's id, referral code or e-mail address"
        : "Say whom to keep one way only: the user's id, referral code or e-mail address";
    throw new InvalidInputError(
      message,
      named.map((field) => ({ field, message: "give exactly one: the user's id, referral code or e-mail address" })),
    );
  }
  if (command.toId !== null) {
    const id = command.toId as UserId;
    return (users) => users.findById(id);
  }
  if (command.toCode !== null) {
    const code = ReferralCode.parse(command.toCode, 'toCode');
    return (users) => users.findByReferralCode(code.value);
  }
  const email = EmailAddress.parse(command.toEmail!, 'toEmail');
  return (users) => users.findByCanonicalEmail(email.canonical);
}
