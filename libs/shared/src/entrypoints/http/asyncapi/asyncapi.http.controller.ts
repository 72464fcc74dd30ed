import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { JsonObject } from '../../../contracts';
import { type KernelConfig, kernelConfig } from '../../../adapters/config/kernel.config';
import { asyncApiDocument, type DocumentedEvents } from './asyncapi-document';

/** Where the application says what its contexts publish and read: `{ catalogues, subscriptions }` (DocumentedEvents). */
export const DOCUMENTED_EVENTS = Symbol('DOCUMENTED_EVENTS');

/** The route beside Swagger UI (`/docs`), outside the `api/v1` prefix. */
export const ASYNCAPI_PATH = 'docs/asyncapi.json';

/**
 * The AsyncAPI document of the events, for whoever consumes them: public, like /docs, and left out
 * of the OpenAPI document, which describes the HTTP API only. Built once, at start-up, so a contract
 * without a payload schema or an example stops the start rather than a reader.
 */
@ApiExcludeController()
@Controller()
export class AsyncApiHttpController {
  private readonly document: JsonObject;

  constructor(@Inject(kernelConfig.KEY) config: KernelConfig, @Inject(DOCUMENTED_EVENTS) events: DocumentedEvents) {
    this.document = asyncApiDocument(config, events);
  }

  @Get(ASYNCAPI_PATH)
  get(): JsonObject {
    return this.document;
  }
}
