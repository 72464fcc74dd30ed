/** What a payload may hold: plain JSON, so any consumer (in any language, through Kafka) reads it as it was sent. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export type JsonObject = { [field: string]: JsonValue };

/**
 * A published event's stable name and, in its type, the shape of its payload. The name is
 * `<source>.<event-name>.v<version>`: adding a field keeps the version; renaming or removing one is a
 * new version, published beside the old one while a consumer still reads it.
 */
export interface EventContract<Payload extends JsonObject> {
  /** The publishing context, which routes the event (one topic per context). */
  readonly source: string;
  readonly type: string;
  /** Never set: it carries the payload's type to `integrationEvent` and to typed consumers. */
  readonly payloadShape?: Payload;
}

export function eventContract<Payload extends JsonObject>(source: string, eventName: string, version: number): EventContract<Payload> {
  return { source, type: `${source}.${eventName}.v${version}` };
}

/** One event as a context publishes it: its contract's source and name, and a payload of that contract's shape. */
export interface IntegrationEvent<Payload extends JsonObject = JsonObject> {
  readonly source: string;
  readonly type: string;
  readonly payload: Payload;
}

export function integrationEvent<Payload extends JsonObject>(
  contract: EventContract<Payload>,
  payload: Payload,
): IntegrationEvent<Payload> {
  return { source: contract.source, type: contract.type, payload };
}
