import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SWAGGER_UI_PATH } from './swagger';

/**
 * The headers an API answer needs (OWASP REST Security Cheat Sheet): JSON is never a document, so
 * it may load nothing and be framed by nobody, and it carries personal data and tokens, which no
 * browser or proxy cache should keep. Helmet's defaults that only mean something for an HTML page
 * (Origin-Agent-Cluster, X-DNS-Prefetch-Control, X-Download-Options, X-Permitted-Cross-Domain-Policies,
 * X-XSS-Protection, Cross-Origin-Opener-Policy) are left off.
 */
const SECURITY_HEADERS = {
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};
export const API_HEADERS = {
  ...SECURITY_HEADERS,
  'content-security-policy': "default-src 'none';frame-ancestors 'none'",
  'cache-control': 'no-store',
};

/**
 * Swagger UI is the one HTML page: its inline script and styles, and its data: images, must run.
 * The page is `/docs` and its assets are under `/docs/`; the spec beside it (`/docs-json`) is JSON
 * like any answer of the API and gets the API's headers.
 */
const SWAGGER_UI_PAGE = `/${SWAGGER_UI_PATH}`;
const SWAGGER_UI_HEADERS = {
  ...SECURITY_HEADERS,
  'content-security-policy':
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'cross-origin-opener-policy': 'same-origin',
};

/**
 * Security headers on every answer, errors and 404s included, set as Fastify reply headers in one
 * request hook. Not through `app.useSecurityHeaders()` or helmet: both write to the raw Node
 * response, and one header set there sends every header of the answer down Node's slower
 * `writeHead` path, where each is validated again by `setHeader`, on every request.
 */
export function useApiSecurityHeaders(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      void reply.headers(isSwaggerUi(request.url) ? SWAGGER_UI_HEADERS : API_HEADERS);
      done();
    });
}

function isSwaggerUi(url: string): boolean {
  if (!url.startsWith(SWAGGER_UI_PAGE)) {
    return false;
  }
  const next = url.charAt(SWAGGER_UI_PAGE.length);
  return next === '' || next === '/' || next === '?';
}
