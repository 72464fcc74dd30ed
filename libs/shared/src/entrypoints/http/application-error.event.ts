/**
 * Published on the EventBus when a request fails for a reason nobody planned for, so monitoring
 * can react; the client only ever sees a bare 500.
 */
export class ApplicationError {
  constructor(
    readonly requestId: string,
    readonly method: string,
    readonly url: string,
    readonly errorName: string,
    readonly message: string,
    readonly occurredAt: Date,
  ) {}
}
