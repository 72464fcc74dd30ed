import { createParamDecorator, ExecutionContext, Injectable, PipeTransform } from '@nestjs/common';
import { MessageMetadata } from '../../service_layer/command';
import { MessageMetadataFactory } from '../../service_layer/message-metadata.factory';
import type { AuthenticatedRequest } from './auth/access-token.guard';

interface RequestOrigin {
  requestId: string;
  userId?: string;
}

/** Turns the request's id and caller into command metadata, with the injected clock. */
@Injectable()
export class RequestMetadataPipe implements PipeTransform<RequestOrigin, MessageMetadata> {
  constructor(private readonly metadata: MessageMetadataFactory) {}

  transform({ requestId, userId }: RequestOrigin): MessageMetadata {
    return this.metadata.forRequest(requestId, userId);
  }
}

const requestOrigin = createParamDecorator((_: unknown, context: ExecutionContext): RequestOrigin => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  return { requestId: String(request.id), userId: request.caller?.userId };
});

/** The metadata of the command or query a route sends: request id as correlation, the caller when authenticated. */
export const RequestMetadata = (): ParameterDecorator => requestOrigin(RequestMetadataPipe);
