import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import cors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { JOIN_SHORT_PREFIX, joinLinks, messageFor } from '@union/shared';
import { lazyChildLogger, loggerOptions } from './lib/logger';
import { authPlugin } from './plugins/auth';
import { errorHandlerPlugin } from './plugins/error-handler';
import { inputGuardPlugin } from './plugins/input-guard';
import { noStorePlugin } from './plugins/no-store';
import { securityHeadersPlugin } from './plugins/security-headers';
import { connectRateLimitStore, rateLimitPlugin } from './plugins/rate-limit';
import underPressure from '@fastify/under-pressure';
import type { Config } from './config';
import type { BookingsService } from './modules/bookings';
import type { NotificationsService } from './modules/notifications';
import type { StationMemory } from './modules/stations';
import { createServices, type AppOptions } from './composition/services';
import { periodicJobs, runJobs } from './composition/jobs';
import { apiRoutes } from './composition/routes';

export type { AppOptions } from './composition/services';

// Validation messages in Simplified Chinese for every schema that does not set its own.
z.config(z.locales.zhCN());

const REQUEST_ID = /^[\w-]{8,64}$/;

declare module 'fastify' {
  interface FastifyInstance {
    /** Readiness answers 503 from now on, so a load balancer stops sending traffic before close(). */
    beginShutdown(): void;
    /** The outbox dispatcher and the booking jobs, for tests and operator commands to run a pass by hand. */
    notifications: NotificationsService;
    bookings: BookingsService;
    /** The in-memory copy of the stations, for tests to load it by hand. */
    stationsMemory: StationMemory;
  }
}

/** Builds the whole app without listening: server.ts listens, tests use app.inject. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const rateLimitStore = await connectRateLimitStore(config.rateLimit);
  const app = Fastify({
    logger: loggerOptions(config.logLevel, options.logStream),
    childLoggerFactory: lazyChildLogger,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    requestIdHeader: false,
    bodyLimit: config.bodyLimit,
    trustProxy: trustProxyOption(config.trustProxy),
    connectionTimeout: 30_000,
    requestTimeout: 15_000,
    keepAliveTimeout: 5_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // A URL that cannot be decoded (`/%E4%zz`) gets the same error shape as everything else.
    frameworkErrors: (_error, request, reply) =>
      (reply as unknown as FastifyReply)
        .code(400)
        .send({ error: { code: 'request.invalid_url', message: messageFor('request.invalid_url'), requestId: request.id } }),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  let shuttingDown = false;
  app.decorate('beginShutdown', () => {
    shuttingDown = true;
  });
  app.addHook('preClose', async () => {
    shuttingDown = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Draining before a stop: each keep-alive connection closes after its answer, so clients open new ones,
    // which the load balancer (seeing readiness 503) sends to other instances.
    if (shuttingDown) reply.header('connection', 'close');
  });

  await app.register(securityHeadersPlugin, {
    helmet: {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // The H5 build has no inline script (its root-font-size script is a file): see miniapp/config/rem-script-file.ts.
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          // Map tiles come from the operator's tile server (MAP_TILES_URL), nothing else from outside.
          imgSrc: ["'self'", 'data:', 'blob:', ...config.mapTileOrigins],
          connectSrc: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
    },
  });
  await app.register(cors, { origin: config.corsOrigins, credentials: false, maxAge: 600 });
  await app.register(errorHandlerPlugin);
  await app.register(rateLimitPlugin, { config: config.rateLimit, redis: rateLimitStore });
  await app.register(noStorePlugin);
  // Under overload answer 503 with Retry-After at once instead of letting requests time out in a queue.
  await app.register(underPressure, {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    retryAfter: 1,
    pressureHandler: (request, reply) => {
      reply
        .status(503)
        .header('retry-after', '1')
        .send({ error: { code: 'server.unavailable', message: messageFor('server.unavailable'), requestId: request.id, retryAfter: 1 } });
    },
  });
  await app.register(inputGuardPlugin);
  await app.register(swagger, {
    openapi: {
      info: { title: '工会会员 API', description: 'Trade-union member app REST API', version: '1.0.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    transform: jsonSchemaTransform,
  });
  // The document is always built (app.swagger(): tests walk it); production serves it only with DOCS_PUBLIC=true.
  if (config.docsPublic) await app.register(swaggerUi, { routePrefix: '/docs' });
  // The service graph (composition/services.ts), then the auth plugin, which needs its sessions and grants.
  const services = await createServices(app, options);
  await app.register(authPlugin, { jwt: config.jwt, sessions: services.sessions, holdsRole: services.access.holdsRole });
  app.decorate('notifications', services.notifications);
  app.decorate('bookings', services.bookings);
  app.decorate('stationsMemory', services.stationsMemory);
  runJobs(app, periodicJobs(services, config));
  await app.register(async (api) => apiRoutes(api, services, config, database, () => shuttingDown), { prefix: '/api/v1' });

  await registerH5(app, config.staticDir, config.docsPublic);
  return app;
}

/**
 * The proxies' addresses, or a hop count, never `true` (config.ts refuses it): X-Forwarded-For
 * entries the client wrote itself must not become request.ip. Fastify 5.12 ignores a bare number
 * (it cannot check the peer), so a hop count becomes a trust function: only the last `hops`
 * entries, the ones our own proxies appended, are believed. Addresses are the safer choice;
 * a hop count is only safe when the app cannot be reached except through those proxies.
 */
function trustProxyOption(setting: Config['trustProxy']): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting !== 'number') return setting;
  const hops = setting;
  return (_address, hop) => hop < hops;
}

/** Serves the mini-program's H5 build from the same origin; a helpful page when it is not built. */
async function registerH5(app: FastifyInstance, staticDir: string, docsPublic: boolean) {
  // A stall's short link, shown under its QR code to read aloud or type: on to the join page with the code.
  app.get(`${JOIN_SHORT_PREFIX}:code`, { schema: { hide: true } }, async (request, reply) => {
    const code = String((request.params as { code: string }).code).toUpperCase();
    return reply.redirect(/^[A-Z0-9]{6,16}$/.test(code) ? joinLinks(code).joinUrl : '/', 302);
  });
  if (fs.existsSync(path.join(staticDir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: staticDir,
      prefix: '/',
      index: ['index.html'],
      // The H5 build writes a .br and a .gz next to each text asset (miniapp/scripts/precompress-h5.mjs);
      // a browser that accepts one gets it, anything else the plain file.
      preCompressed: true,
      setHeaders(res, filePath) {
        // Hashed assets never change; index.html must be revalidated to pick up a new build.
        // filePath is the file sent, so index.html.br is still the page.
        const html = filePath.replace(/\.(br|gz)$/, '').endsWith('.html');
        res.header('cache-control', html ? 'no-cache' : 'public, max-age=31536000, immutable');
      },
    });
    return;
  }
  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><meta charset="utf-8"><title>工会会员</title><p>H5 页面尚未构建：请运行 <code>npm run build:h5</code>，或使用 <code>npm start</code>（会自动构建）。</p>${docsPublic ? '<p><a href="/docs">API 文档</a></p>' : ''}`,
      ),
  );
}
