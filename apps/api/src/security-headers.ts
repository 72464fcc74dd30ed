import type { SecurityHeadersOptions } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SWAGGER_UI_PATH } from './swagger';

/**
 * The headers an API answer needs (OWASP REST Security Cheat Sheet): JSON is never a document, so
 * it may load nothing and be framed by nobody. The helmet defaults that only mean something for an
 * HTML page (Origin-Agent-Cluster, X-DNS-Prefetch-Control, X-Download-Options,
 * X-Permitted-Cross-Domain-Policies, X-XSS-Protection, Cross-Origin-Opener-Policy) are left off:
 * about half the bytes of every answer, for no protection.
 */
const API_SECURITY_HEADERS: SecurityHeadersOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] } },
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: { action: 'deny' },
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

/** Swagger UI is the one HTML page: its inline script and styles, and its data: images, must run. */
const SWAGGER_UI_PREFIX = `/${SWAGGER_UI_PATH}`;
const SWAGGER_UI_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/**
 * Security headers on every answer, from Nest's own `useSecurityHeaders` (helmet's headers, resolved
 * once at start-up). API answers also say `Cache-Control: no-store`: they carry personal data and
 * tokens, which no browser or proxy cache should keep. Swagger UI gets a page policy instead.
 */
export function useApiSecurityHeaders(app: NestFastifyApplication): void {
  app.useSecurityHeaders(API_SECURITY_HEADERS);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      if (request.url.startsWith(SWAGGER_UI_PREFIX)) {
        // Nest's hook has already set the API policy on the raw response; this one replaces it.
        reply.raw.setHeader('Content-Security-Policy', SWAGGER_UI_CONTENT_SECURITY_POLICY);
        reply.raw.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      } else {
        void reply.header('Cache-Control', 'no-store');
      }
      done();
    });
}
