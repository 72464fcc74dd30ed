/**
 * Layer and context boundaries (README, "Layout"), checked by `npm run lint`
 * (`depcruise apps libs --config .dependency-cruiser.cjs`). A rule with severity "error" fails CI.
 *
 * Paths are repository-relative, e.g. `libs/users/src/domain/user.ts`. Imports through the
 * `@keepem/*` aliases are resolved with tsconfig.json (options.tsConfig), so an alias cannot be used
 * to slip past a rule; `not-to-unresolvable` makes sure a broken alias fails loudly instead of
 * turning the other rules into no-ops.
 *
 * Tests beside the code (`*.spec.ts`) are exempt from the layer rules (they drive the service layer
 * with in-memory adapters on purpose) but not from the context rules.
 */

const SPEC = '\\.spec\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-plain',
      comment:
        "domain/ is plain TypeScript. It may import only its own context's domain/ and libs/shared/src/domain/ " +
        '(use `@keepem/shared/domain/...`, not the `@keepem/shared` barrel). That rules out @nestjs/*, mongoose, ' +
        'kafkajs, class-validator, class-transformer, nodemailer, fastify, argon2, every other npm package, Node ' +
        'built-ins (fs, net, http, crypto, ...; the global `crypto` object needs no import and is fine) and ' +
        'service_layer/, adapters/ and entrypoints/ files. It is an allow-list, so new packages are covered too.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/src/domain/', pathNot: SPEC },
      to: { pathNot: ['^libs/$1/src/domain/', '^libs/shared/src/domain/'] },
    },
    {
      name: 'service-layer-imports-domain-and-ports-only',
      comment:
        'service_layer/ holds handlers and the ports they need; it must not reach into adapters/ (port ' +
        'implementations) or entrypoints/ (controllers, consumers, jobs) of any context. Bind adapters to ' +
        'ports with DI tokens in the module instead.',
      severity: 'error',
      from: { path: '^libs/[^/]+/src/service_layer/', pathNot: SPEC },
      to: { path: '^(libs|apps)/.*/(adapters|entrypoints)/' },
    },
    {
      name: 'service-layer-no-drivers',
      comment:
        'service_layer/ talks to the outside world through ports only, so database, broker, mail, storage, ' +
        'HTTP server and password-hashing drivers (and Node I/O modules) belong in adapters/ or entrypoints/.',
      severity: 'error',
      from: { path: '^libs/[^/]+/src/service_layer/', pathNot: SPEC },
      to: {
        path: [
          '(^|/)node_modules/(mongoose|mongodb|@nestjs/mongoose|kafkajs|nodemailer|@aws-sdk/[^/]+|argon2|fastify|@fastify/[^/]+|@nestjs/platform-[^/]+|socket\\.io)(/|$)',
          '^(node:)?(fs|fs/promises|net|http|https|http2|dgram|dns|tls|child_process|cluster|worker_threads)$',
        ],
      },
    },
    {
      name: 'contracts-are-plain',
      comment:
        'contracts/ is what a context publishes: event names and plain-JSON payload types. It imports only its own ' +
        "context's contracts/ and the kernel's (`@keepem/shared/contracts`): no domain class, no Nest, no package, " +
        'so a consumer anywhere can read it and a domain change cannot leak into it.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/src/contracts/' },
      to: { pathNot: ['^libs/$1/src/contracts/', '^libs/shared/src/contracts/'] },
    },
    {
      name: 'inner-layers-never-reach-adapters',
      comment:
        'domain/ and service_layer/ must not reach an adapter or an entrypoint through any chain of imports, ' +
        'e.g. through a barrel (an index.ts) that re-exports adapters beside ports. Import ports from ' +
        '`@keepem/shared/service_layer` and domain code from `@keepem/shared/domain`, never from `@keepem/shared`.',
      severity: 'error',
      from: { path: '^libs/[^/]+/src/(domain|service_layer)/', pathNot: SPEC },
      to: { path: '^libs/[^/]+/src/(adapters|entrypoints)/', reachable: true },
    },
    {
      name: 'worker-runs-without-http',
      comment:
        'The worker relays the outbox and runs consumers; it serves no HTTP. It must not load Fastify, Swagger or ' +
        "any context's HTTP entrypoints, so import a context's core module (e.g. UsersModule), not its HTTP module.",
      severity: 'error',
      from: { path: '^apps/worker/' },
      to: {
        path: [
          '(^|/)node_modules/(fastify|@fastify/[^/]+|@nestjs/platform-fastify|@nestjs/swagger)(/|$)',
          '^libs/[^/]+/src/entrypoints/http/',
        ],
        reachable: true,
      },
    },
    {
      name: 'testing-doubles-only-in-tests',
      comment: '`@keepem/shared/testing` holds test doubles (a manual clock, an empty memory store); production code never uses them.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: [SPEC, '^libs/shared/src/testing/'] },
      to: { path: '^libs/shared/src/testing/' },
    },
    {
      name: 'adapters-not-from-entrypoints',
      comment:
        'adapters/ implement ports for the service layer (driven side); entrypoints/ drive the application ' +
        '(driving side). An adapter that needs a controller, DTO or consumer has its responsibilities mixed up; ' +
        'wire both together in the context module instead.',
      severity: 'error',
      from: { path: '^libs/[^/]+/src/adapters/', pathNot: SPEC },
      to: { path: '^libs/[^/]+/src/entrypoints/' },
    },
    {
      name: 'no-cross-context-internals',
      comment:
        "A bounded context may use another context only through that context's index.ts (integration events, " +
        'query contracts, ports): import it as `@keepem/users` / `@keepem/assets`. The shared kernel is the ' +
        'exception as a target (domain/ code must deep-import libs/shared/src/domain/).',
      severity: 'error',
      from: { path: '^libs/([^/]+)/src/' },
      to: {
        path: '^libs/[^/]+/src/',
        pathNot: ['^libs/$1/src/', '^libs/shared/src/', '^libs/[^/]+/src/index\\.ts$'],
      },
    },
    {
      name: 'shared-kernel-is-independent',
      comment:
        'libs/shared is the kernel every context builds on; it must not import users, assets or any other ' +
        'context, not even their index.ts, or the contexts stop being independent of each other.',
      severity: 'error',
      from: { path: '^libs/shared/' },
      to: { path: '^libs/', pathNot: '^libs/shared/' },
    },
    {
      name: 'libs-not-from-apps',
      comment: 'apps/ compose the libraries; a library importing an app inverts that and drags in its bootstrap code.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'The import cannot be resolved to a file. Add the missing package to package.json, or fix the path / the ' +
        'tsconfig.json alias (an unresolved alias would otherwise let it bypass the rules above).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-circular',
      comment:
        'Part of an import cycle. Cycles make module initialisation order fragile (Nest DI then sees undefined ' +
        'providers) and usually mean a port or an event is missing.',
      severity: 'warn',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|\\.coverage_html|var)/' },
    // Type-only imports count: a domain file importing a mongoose type is still coupled to mongoose.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
