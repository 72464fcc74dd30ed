import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ACCESS_TOKEN_SCHEME, ASYNCAPI_PATH } from '@keepem/shared/http';

/** Where Swagger UI is served; its spec is at `${SWAGGER_UI_PATH}-json`. */
export const SWAGGER_UI_PATH = 'docs';

export const SWAGGER_UI_TITLE = 'Keepem API';

/**
 * `usersRegister` for UsersHttpController.register. Swagger UI turns operation ids into deep links
 * (`#/users/usersRegister`), and one with an underscore makes it log a deprecation error.
 */
export function operationId(controllerKey: string, methodKey: string): string {
  const context = controllerKey.replace(/HttpController$/, '');
  return `${context.charAt(0).toLowerCase()}${context.slice(1)}${methodKey.charAt(0).toUpperCase()}${methodKey.slice(1)}`;
}

export interface OAuth2Authorization {
  auth: Record<string, unknown>;
  token: Record<string, unknown>;
}

/**
 * A Swagger UI plugin; its source is sent to the browser as written, so it refers to nothing
 * outside itself. Swagger UI keeps what the Authorize dialog was given (the password too) beside
 * the token it got, and persistAuthorization writes all of that to localStorage. Once login has
 * answered, this keeps the access token and the user name alone: no password, no client secret,
 * and no refresh token, which outlives the access token by far and which Swagger UI never uses.
 */
/* istanbul ignore next */
export function keepTheAccessTokenOnly() {
  return {
    statePlugins: {
      auth: {
        wrapActions: {
          authorizeOauth2:
            (authorize: (authorization: OAuth2Authorization) => unknown) =>
            ({ auth, token }: OAuth2Authorization) => {
              const { password, clientSecret, ...kept } = auth;
              const { refresh_token, ...accessToken } = token;
              return authorize({ auth: kept, token: accessToken });
            },
        },
      },
    },
  };
}

/** Swagger UI at /docs, the spec at /docs-json; "Authorize" logs in through the password form. */
export function setUpSwagger(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle(SWAGGER_UI_TITLE)
    .setDescription(
      'Keeps emotional assets encrypted and hands them on later. Commands answer 201/202 with a Location header; queries answer HAL; errors are RFC 9457 problem documents. ' +
        `The events the service publishes (Kafka topics, payloads, headers) are described by an AsyncAPI document: [/${ASYNCAPI_PATH}](/${ASYNCAPI_PATH}).`,
    )
    .setVersion('1')
    .addTag('users', 'Register, activate, read profiles, remove your account; for administrators, list, activate and remove accounts')
    .addTag('auth', 'Log in (the OAuth2 token endpoint), refresh and log out')
    .addTag('keeps', 'People you trust, and who trust you: ask, accept, decline; what waits for your answer')
    .addTag('assets', 'Your emotional assets: create one, upload and download its encrypted file, describe, list and remove them')
    .addTag('legacy', 'Hand your assets on: schedule a release to yourself or your keeps, see what waits for you, trigger or cancel it')
    .addTag('operations', 'The outbox and the dead letters, for administrators (the `admin` scope)')
    .addTag('health', 'Liveness, readiness and version, for load balancers and monitoring')
    .addOAuth2(
      {
        type: 'oauth2',
        description:
          'Log in with your e-mail address as username and your password; leave client_id and client_secret empty. ' +
          'Tick `user`. Tick `admin` only if your account is an administrator: anyone else gets 400 `invalid_scope`.',
        flows: {
          password: {
            tokenUrl: '/api/v1/auth/login',
            scopes: {
              user: 'Your own data: your profile and your sessions',
              admin:
                'Operations (the outbox) and accounts (list, activate, remove). For administrators only: a normal user who asks for it gets 400 invalid_scope',
            },
          },
        },
      },
      ACCESS_TOKEN_SCHEME,
    )
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A refresh token' }, 'refresh-token')
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: operationId });
  SwaggerModule.setup(SWAGGER_UI_PATH, app, document, {
    jsonDocumentUrl: `${SWAGGER_UI_PATH}-json`,
    customSiteTitle: SWAGGER_UI_TITLE,
    swaggerOptions: { persistAuthorization: true, plugins: [keepTheAccessTokenOnly] },
  });
}
