/**
 * Polls `read` until `done` holds for what it answers, and answers that: for what a consumer does
 * some time after the request whose event it reacts to has returned (the outbox relay delivers it).
 */
export async function eventually<Value>(read: () => Promise<Value>, done: (value: Value) => boolean, timeoutMs = 10_000): Promise<Value> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) {
      return value;
    }
    if (Date.now() >= deadline) {
      throw new Error(`Not done after ${timeoutMs} ms; last seen: ${JSON.stringify(value)}`);
    }
    await new Promise((wake) => setTimeout(wake, 50));
  }
}
