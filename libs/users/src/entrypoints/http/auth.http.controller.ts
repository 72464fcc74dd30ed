import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { MessageMetadata } from '@keepem/shared/service_layer';
import { AcceptsForm, ApiProblemResponses, bearerToken, RequestMetadata, RouteProblems, validateBody } from '@keepem/shared/http';
import { LogIn } from '../../service_layer/commands/log-in.command';
import { LogOut } from '../../service_layer/commands/log-out.command';
import { RefreshSession } from '../../service_layer/commands/refresh-session.command';
import { RequestPasswordReset } from '../../service_layer/commands/request-password-reset.command';
import { ResetPassword } from '../../service_layer/commands/reset-password.command';
import { LimitPerAddress, PASSWORD_RESET_LIMIT } from './address-rate-limit.guard';
import { DetachedCommands } from './detached-commands';
import { ForgotPasswordRequestDto } from './dto/forgot-password.request.dto';
import { LoginFormRequestDto } from './dto/login-form.request.dto';
import { LoginRequestDto } from './dto/login.request.dto';
import { ResetPasswordRequestDto } from './dto/reset-password.request.dto';
import { oauthProblem } from './dto/oauth-problem-details.response.dto';
import { SessionTokensResponseDto } from './dto/session-tokens.response.dto';
import { LoginRateLimitGuard } from './login-rate-limit.guard';
import { oauthErrorMembers } from './oauth-token-errors';
import { isFormRequest } from './token-request';

const REFRESH_TOKEN_SCHEME = 'refresh-token';

@ApiTags('auth')
@Controller('auth')
export class AuthHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly detached: DetachedCommands,
  ) {}

  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginRateLimitGuard)
  @RouteProblems({ members: oauthErrorMembers })
  // RFC 6749 sends token requests as forms; no other route takes one.
  @AcceptsForm()
  @ApiOperation({
    summary: 'Log in or refresh: the OAuth2 token endpoint, or e-mail and password as JSON',
    description:
      'The OAuth2 token endpoint (RFC 6749), form-encoded: `grant_type=password` with `username` (your e-mail address) ' +
      'and `password`, or `grant_type=refresh_token` with `refresh_token`, which rotates it exactly as `/auth/refresh` ' +
      'does. JSON `{email, password}` logs in too. A failure is a problem document that also carries OAuth2 `error` ' +
      'and `error_description`.',
    requestBody: {
      required: true,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(LoginRequestDto) } },
        'application/x-www-form-urlencoded': { schema: { $ref: getSchemaPath(LoginFormRequestDto) } },
      },
    },
  })
  @ApiExtraModels(LoginRequestDto, LoginFormRequestDto)
  @ApiOkResponse({ type: SessionTokensResponseDto, description: 'The tokens (RFC 6749 §5.1), and when they expire' })
  @ApiProblemResponses(
    oauthProblem(
      400,
      'A field is missing or invalid (`invalid_request`), the scope names a role the account lacks (`invalid_scope`), or the grant type is unknown (`unsupported_grant_type`)',
      {
        detail: 'The requested scope is not allowed for this account',
        errors: [{ field: 'scope', message: 'scope may only name roles this account has: user' }],
      },
    ),
    oauthProblem(401, 'Wrong e-mail address or password, or a refresh token that is invalid, expired or already used (`invalid_grant`)', {
      detail: 'The e-mail address or the password is wrong',
    }),
    oauthProblem(403, 'The password is right but the account may not log in: not activated yet, or disabled (`invalid_grant`)', {
      detail: 'This account is not activated yet: follow the link in the activation e-mail',
    }),
    oauthProblem(413, 'The body is too large (`invalid_request`)'),
    oauthProblem(415, 'Neither JSON nor a form (`invalid_request`)'),
    oauthProblem(429, 'Too many attempts from this address or on this account; see Retry-After (`temporarily_unavailable`)'),
    oauthProblem(503, 'Too many passwords are being checked at once; see Retry-After (`temporarily_unavailable`)'),
  )
  async login(@Req() request: FastifyRequest, @RequestMetadata() metadata: MessageMetadata): Promise<SessionTokensResponseDto> {
    const tokens = await this.commandBus.execute(await tokenCommand(request, metadata));
    return SessionTokensResponseDto.from(tokens, metadata.at);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Trade the refresh token for new tokens; the old refresh token stops working' })
  @ApiBearerAuth(REFRESH_TOKEN_SCHEME)
  @ApiOkResponse({ type: SessionTokensResponseDto })
  @ApiProblemResponses(401)
  async refresh(@Req() request: FastifyRequest, @RequestMetadata() metadata: MessageMetadata): Promise<SessionTokensResponseDto> {
    const tokens = await this.commandBus.execute(new RefreshSession({ refreshToken: bearerToken(request), metadata }));
    return SessionTokensResponseDto.from(tokens, metadata.at);
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

  @Post('password/forgot')
  @HttpCode(202)
  @LimitPerAddress(PASSWORD_RESET_LIMIT)
  @ApiOperation({
    summary: 'Forgot your password: a reset link is e-mailed, valid 30 minutes',
    description:
      'Answers 202 whatever the address, in the same time, so it tells nobody who is registered. When the address is an ' +
      'active account’s, that account is e-mailed a link to choose a new password; it works once, for 30 minutes.',
  })
  @ApiBody({ type: ForgotPasswordRequestDto })
  @ApiAcceptedResponse({ description: 'Taken: if the address is an active account’s, a link is on its way' })
  @ApiProblemResponses(400)
  forgotPassword(@Body() body: ForgotPasswordRequestDto, @RequestMetadata() metadata: MessageMetadata): void {
    this.detached.dispatch(new RequestPasswordReset({ email: body.email, metadata }));
  }

  @Post('password/reset')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Choose a new password with the token of an e-mailed reset link; every session ends',
    description: 'The link works once and for 30 minutes. Every session of the account ends; log in with the new password.',
  })
  @ApiBody({ type: ResetPasswordRequestDto })
  @ApiAcceptedResponse({ description: 'The password is changed; log in with it' })
  @ApiProblemResponses(
    {
      status: 400,
      description: 'The link is invalid, expired or already used, or the new password is not acceptable',
      example: {
        detail: 'This password reset link is invalid, expired or already used',
        errors: [{ field: 'token', message: 'This password reset link is invalid, expired or already used' }],
      },
    },
    503,
  )
  async resetPassword(@Body() body: ResetPasswordRequestDto, @RequestMetadata() metadata: MessageMetadata): Promise<void> {
    await this.commandBus.execute(new ResetPassword({ passwordResetToken: body.token, newPassword: body.new_password, metadata }));
  }
}

/** The command a token request asks for: a login (JSON, or the password grant) or a refresh. */
async function tokenCommand(request: FastifyRequest, metadata: MessageMetadata): Promise<LogIn | RefreshSession> {
  if (isFormRequest(request)) {
    const form = await validateBody(LoginFormRequestDto, request.body);
    if (form.grant_type === 'refresh_token') {
      // The session keeps the scope it was granted, so a `scope` sent with a refresh changes nothing.
      return new RefreshSession({ refreshToken: form.refresh_token as string, metadata });
    }
    // client_id names the client application, not a device: it is accepted and not stored.
    return logIn({ email: form.username as string, password: form.password as string, deviceId: null, scope: form.scope }, metadata);
  }
  const json = await validateBody(LoginRequestDto, request.body);
  return logIn({ email: json.email, password: json.password, deviceId: json.device_id ?? null, scope: json.scope }, metadata);
}

interface Credentials {
  email: string;
  password: string;
  deviceId: string | null;
  scope: string | undefined;
}

function logIn({ email, password, deviceId, scope }: Credentials, metadata: MessageMetadata): LogIn {
  return new LogIn({ sessionId: crypto.randomUUID(), email, password, deviceId, scope: splitScope(scope), metadata });
}

function splitScope(scope: string | undefined): string[] | null {
  return scope === undefined ? null : scope.split(' ').filter(Boolean);
}
