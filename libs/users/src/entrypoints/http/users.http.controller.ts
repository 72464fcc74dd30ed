import { Body, Controller, Get, Header, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AccessTokenClaims, MessageMetadata } from '@keepem/shared/service_layer';
import {
  ApiCommandResponse,
  ApiProblemResponses,
  ApiResourceResponse,
  Authenticated,
  Caller,
  pointTo,
  RequestMetadata,
  RouteProblems,
} from '@keepem/shared/http';
import { ActivateUser } from '../../service_layer/commands/activate-user.command';
import { RegisterUser } from '../../service_layer/commands/register-user.command';
import { GetUserProfile } from '../../service_layer/queries/get-user-profile.query';
import { activationErrorPage, activationPage } from './activation.page';
import { LimitPerAddress, SIGN_UP_LIMIT } from './address-rate-limit.guard';
import { ActivationQueryDto } from './dto/activation.query.dto';
import { REGISTER_USER_EXAMPLE, RegisterUserRequestDto } from './dto/register-user.request.dto';
import { USER_PROFILE_RESOURCE, userLocation, userProfileResource } from './user-profile.resource';

@ApiTags('users')
@Controller('users')
export class UsersHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post()
  @LimitPerAddress(SIGN_UP_LIMIT)
  @ApiOperation({ summary: 'Register; an activation link is e-mailed' })
  @ApiBody({ type: RegisterUserRequestDto, examples: { 'a new user': { value: REGISTER_USER_EXAMPLE } } })
  @ApiCommandResponse(201, 'Registered, pending activation')
  @ApiProblemResponses(400, 409, 422, 503)
  async register(
    @Body() body: RegisterUserRequestDto,
    @RequestMetadata() metadata: MessageMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const userId = crypto.randomUUID();
    await this.commandBus.execute(
      new RegisterUser({
        userId,
        username: body.username,
        email: body.email,
        password: body.password,
        publicName: body.public_name ?? null,
        referralCode: body.referral_code ?? null,
        metadata,
      }),
    );
    pointTo(reply, userLocation(userId));
  }

  @Get('activate')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @RouteProblems({ page: activationErrorPage })
  @ApiOperation({ summary: 'Activate an account from the e-mailed link' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'A short confirmation page' })
  @ApiProblemResponses({
    status: 400,
    description: 'The link is invalid, expired or already used; a browser (`Accept: text/html`) gets a short page saying so',
    example: {
      detail: 'This activation link is invalid, expired or already used',
      errors: [{ field: 'token', message: 'This activation link is invalid, expired or already used' }],
    },
  })
  async activate(@Query() query: ActivationQueryDto, @RequestMetadata() metadata: MessageMetadata): Promise<string> {
    await this.commandBus.execute(new ActivateUser({ activationToken: query.token, metadata }));
    return activationPage();
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'A user profile: your own, or anyone’s with the admin scope' })
  @ApiResourceResponse('The profile', USER_PROFILE_RESOURCE)
  @ApiProblemResponses(400, 404)
  async profile(
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Caller() caller: AccessTokenClaims,
    @RequestMetadata() metadata: MessageMetadata,
  ) {
    const profile = await this.queryBus.execute(
      new GetUserProfile({ userId: id, requesterId: caller.userId, requesterIsAdmin: caller.scope.includes('admin'), metadata }),
    );
    return userProfileResource(profile);
  }
}
