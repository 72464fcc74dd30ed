import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ACCESS_TOKEN_SCHEME } from '@keepem/shared/http';

/** Where Swagger UI is served; its spec is at `${SWAGGER_UI_PATH}-json`. */
export const SWAGGER_UI_PATH = 'docs';

/** Swagger UI at /docs, the spec at /docs-json; "Authorize" logs in through the password form. */
export function setUpSwagger(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Keepem API')
    .setDescription(
      'Keeps emotional assets encrypted and hands them on later. Commands answer 201/202 with a Location header; queries answer HAL; errors are RFC 9457 problem documents.',
    )
    .setVersion('1')
    .addOAuth2(
      {
        type: 'oauth2',
        description: 'Log in with your e-mail as username',
        flows: { password: { tokenUrl: '/api/v1/auth/login', scopes: { user: 'use your account', admin: 'administer' } } },
      },
      ACCESS_TOKEN_SCHEME,
    )
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A refresh token' }, 'refresh-token')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(SWAGGER_UI_PATH, app, document, {
    jsonDocumentUrl: `${SWAGGER_UI_PATH}-json`,
    swaggerOptions: { persistAuthorization: true },
  });
}
