import { Logger } from '@nestjs/common';
import type { MailMessage } from '@keepem/shared/service_layer';
import type { KnownUser, UserDirectory } from '../ports/user-directory.port';

/**
 * One kind of release e-mail: who gets one for an event, and the one mail for each of them. The
 * consumer sends each recipient's mail once, apart from the others', so a mail that fails is sent
 * again without repeating those that went.
 */
export interface ReleaseEmailPolicy<Event> {
  recipients(event: Event): string[];
  mailFor(event: Event, recipientId: string): Promise<MailMessage | null>;
}

/** The parties of a release, each once: its owner first, then its receivers. */
export function partiesOf(event: { owner_id: string; receivers_id: readonly string[] }): string[] {
  return [...new Set([event.owner_id, ...event.receivers_id])];
}

/** How a mail names a user to someone else: their public name with the username, as the keeps show them. */
export function named(user: KnownUser | undefined): string {
  if (!user) {
    return 'A Keepem user';
  }
  return user.publicName ? `${user.publicName} (${user.username})` : user.username;
}

/** How a mail greets the user it goes to: the address proved itself at activation, so by public name. */
export function greeting(user: KnownUser): string {
  return `Hello ${user.publicName ?? user.username},`;
}

/**
 * The recipient and the other users a mail names, from the assets context's directory. No mail
 * (null) for a recipient it does not know (yet), without an e-mail address or no longer active,
 * with a warning: the users context's events may not have reached the directory yet.
 */
export async function lookUp(
  directory: UserDirectory,
  logger: Logger,
  what: string,
  recipientId: string,
  others: readonly (string | null)[],
): Promise<{ recipient: KnownUser & { email: string }; users: Map<string, KnownUser> } | null> {
  const ids = [...new Set([recipientId, ...others.filter((id): id is string => id !== null)])];
  const users = new Map((await directory.findMany(ids)).map((user) => [user.userId, user]));
  const recipient = users.get(recipientId);
  if (!recipient?.email || recipient.state !== 'active') {
    const why = !recipient ? 'is not known yet' : !recipient.email ? 'has no e-mail address known' : `is ${recipient.state}`;
    logger.warn(`No ${what} e-mail to user ${recipientId}: the user ${why}`);
    return null;
  }
  return { recipient: { ...recipient, email: recipient.email }, users };
}
