import type { EventContract, JsonObject } from '../../contracts/integration-event';

/**
 * A consumer's subscription as the AsyncAPI document (`GET /docs/asyncapi.json`) tells it: the
 * contract it reads and what it does with it. Each context lists its consumers' subscriptions beside
 * them; an e2e test holds each list to what the consumers really subscribe.
 */
export interface EventSubscription {
  /** `<context>.<purpose>`: the consuming context reads as the consumer group `keepem.<ENVIRONMENT>.<context>`. */
  readonly consumer: string;
  readonly contract: EventContract<JsonObject>;
  readonly summary: string;
}
