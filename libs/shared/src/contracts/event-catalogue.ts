import type { EventContract, JsonObject } from './integration-event';

/** One event of a contract as a consumer would meet it, for the AsyncAPI document. */
export interface ContractExample {
  readonly type: string;
  readonly payload: JsonObject;
}

/** The compiler holds `payload` to the contract's payload type, so an example cannot drift from it. */
export function contractExample<Payload extends JsonObject>(contract: EventContract<Payload>, payload: NoInfer<Payload>): ContractExample {
  return { type: contract.type, payload };
}

/**
 * Everything one context publishes, as the AsyncAPI document (`GET /docs/asyncapi.json`) tells it:
 * every contract, the JSON Schema of its payload and an example of it.
 */
export interface EventCatalogue {
  /** The publishing context: its events travel on `keepem.<ENVIRONMENT>.<source>.events`. */
  readonly source: string;
  readonly contracts: readonly EventContract<JsonObject>[];
  /**
   * The JSON Schema (draft-07) of each contract's payload, by contract name, generated from the
   * payload types by `npm run contracts:schemas`.
   */
  readonly payloadSchemas: Readonly<Record<string, JsonObject>>;
  readonly examples: readonly ContractExample[];
}
