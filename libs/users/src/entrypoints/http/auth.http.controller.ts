import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { MessageMetadata } from '@keepem/shared/service_layer';
import { ApiProblemResponses, bearerToken, RequestMetadata, validateBody } from '@keepem/shared/http';
import { LogIn } from '../../service_layer/commands/log-in.command';
import { LogOut } from '../../service_layer/commands/log-out.command';
import { RefreshSession } from '../../service_layer/commands/refresh-session.command';
import { LoginFormRequestDto } from './dto/login-form.request.dto';
import { LoginRequestDto } from './dto/login.request.dto';
import { SessionTokensResponseDto } from './dto/session-tokens.response.dto';
import { LoginRateLimitGuard } from './login-rate-limit.guard';

const REFRESH_TOKEN_SCHEME = 'refresh-token';

@ApiTags('auth')
@Controller('auth')
export class AuthHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginRateLimitGuard)
  @ApiOperation({ summary: 'Log in with e-mail and password (JSON, or the OAuth2 password form)' })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiExtraModels(LoginRequestDto, LoginFormRequestDto)
  @ApiBody({ schema: { oneOf: [{ $ref: getSchemaPath(LoginRequestDto) }, { $ref: getSchemaPath(LoginFormRequestDto) }] } })
  @ApiOkResponse({ type: SessionTokensResponseDto })
  @ApiProblemResponses(400, 401, 403, 429)
  async login(
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @RequestMetadata() metadata: MessageMetadata,
  ): Promise<SessionTokensResponseDto> {
    const credentials = await readCredentials(request, body);
    const tokens = await this.commandBus.execute(
      new LogIn({
        sessionId: crypto.randomUUID(),
        email: credentials.email,
        password: credentials.password,
        deviceId: credentials.deviceId,
        scope: credentials.scope,
        metadata,
      }),
    );
    return SessionTokensResponseDto.from(tokens);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Trade the refresh token for new tokens; the old refresh token stops working' })
  @ApiBearerAuth(REFRESH_TOKEN_SCHEME)
  @ApiOkResponse({ type: SessionTokensResponseDto })
  @ApiProblemResponses(401)
  async refresh(@Req() request: FastifyRequest, @RequestMetadata() metadata: MessageMetadata): Promise<SessionTokensResponseDto> {
    const tokens = await this.commandBus.execute(new RefreshSession({ refreshToken: bearerToken(request), metadata }));
    return SessionTokensResponseDto.from(tokens);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session the refresh token belongs to' })
  @ApiBearerAuth(REFRESH_TOKEN_SCHEME)
  @ApiNoContentResponse({ description: 'The session has ended' })
  @ApiProblemResponses(401)
  async logout(@Req() request: FastifyRequest, @RequestMetadata() metadata: MessageMetadata): Promise<void> {
    await this.commandBus.execute(new LogOut({ refreshToken: bearerToken(request), metadata }));
  }
}

interface Credentials {
  email: string;
  password: string;
  deviceId: string | null;
  scope: string[] | null;
}

async function readCredentials(request: FastifyRequest, body: unknown): Promise<Credentials> {
  if (request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
    const form = await validateBody(LoginFormRequestDto, body);
    // client_id names the client application, not a device: it is accepted and not stored.
    return { email: form.username, password: form.password, deviceId: null, scope: splitScope(form.scope) };
  }
  const json = await validateBody(LoginRequestDto, body);
  return { email: json.email, password: json.password, deviceId: json.device_id ?? null, scope: splitScope(json.scope) };
}

function splitScope(scope: string | undefined): string[] | null {
  return scope === undefined ? null : scope.split(' ').filter(Boolean);
}
