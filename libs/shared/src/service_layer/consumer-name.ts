/**
 * A consumer's name: the context it belongs to, a dot, and what it does, in lower-case words joined
 * by hyphens (`users.activation-email`); what it does may have dotted parts of its own.
 */
export const CONSUMER_NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/**
 * The context a consumer belongs to, the first part of its name (`users.activation-email` belongs to
 * users): its consumer group reads for it. Throws on a name that is not a consumer name.
 */
export function contextOfConsumerName(name: string): string {
  if (!CONSUMER_NAME.test(name)) {
    throw new Error(`A consumer's name must be <context>.<purpose>, e.g. users.activation-email: ${name}`);
  }
  return name.slice(0, name.indexOf('.'));
}
