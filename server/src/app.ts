import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from './config';
import type { DatabaseHandle } from './db/client';
import { createFieldCrypto } from './lib/crypto';
import { loggerOptions } from './lib/logger';
import { authPlugin } from './plugins/auth';
import { errorHandlerPlugin } from './plugins/error-handler';
import { createSmsProvider, type SmsProvider } from './adapters/sms/sms.adapter';
import { createWechatProvider, type WechatProvider } from './adapters/wechat/wechat.adapter';
import { healthRoutes } from './modules/health/health.routes';
import { orgsRoutes } from './modules/orgs/orgs.routes';
import { orgsStaffRoutes } from './modules/orgs/orgs.staff-routes';
import { createOrgsService } from './modules/orgs/orgs.service';
import { authRoutes } from './modules/auth/auth.routes';
import { createAuthService } from './modules/auth/auth.service';
import type { RealNameProvider } from './adapters/realname/realname.adapter';
import { createRealNameProvider } from './adapters/realname/realname';
import type { BankProvider } from './adapters/bank/bank.adapter';
import { createBankProvider } from './adapters/bank/bank';
import { createEventsService } from './modules/events/events.service';
import { eventsRoutes } from './modules/events/events.routes';
import { createMembersService } from './modules/members/members.service';
import { membersRoutes } from './modules/members/members.routes';
import { createApplicationsService } from './modules/applications/applications.service';
import { applicationsRoutes } from './modules/applications/applications.routes';
import { createLiveHub } from './modules/live/live.hub';
import { liveRoutes } from './modules/live/live.routes';

// Validation messages in Simplified Chinese for every schema that does not set its own.
z.config(z.locales.zhCN());

export interface AppOptions {
  config: Config;
  database: DatabaseHandle;
  /** Where logs go (tests capture them); stdout by default. */
  logStream?: NodeJS.WritableStream;
  sms?: SmsProvider;
  wechat?: WechatProvider;
  realName?: RealNameProvider;
  bank?: BankProvider;
  now?: () => Date;
}

const REQUEST_ID = /^[\w-]{8,64}$/;

declare module 'fastify' {
  interface FastifyInstance {
    /** Readiness answers 503 from now on, so a load balancer stops sending traffic before close(). */
    beginShutdown(): void;
  }
}

/** Builds the whole app without listening: server.ts listens, tests use app.inject. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const app = Fastify({
    logger: loggerOptions(config.logLevel, options.logStream),
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    requestIdHeader: false,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    connectionTimeout: 30_000,
    requestTimeout: 15_000,
    keepAliveTimeout: 5_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
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
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The H5 build has no inline script (its root-font-size script is a file): see miniapp/config/rem-script-file.ts.
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cors, { origin: config.corsOrigins, credentials: false, maxAge: 600 });
  await app.register(errorHandlerPlugin);
  await app.register(swagger, {
    openapi: {
      info: { title: '工会会员 API', description: 'Trade-union member app REST API', version: '1.0.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(authPlugin, { jwt: config.jwt });

  const crypto = createFieldCrypto(config.crypto);
  const sms = options.sms ?? createSmsProvider(config.sms, app.log);
  const wechat = options.wechat ?? createWechatProvider(config.wechat);
  const auth = createAuthService({
    db: database.db,
    crypto,
    sms,
    wechat,
    config,
    log: app.log,
    now: options.now,
    signAccessToken: (accountId) => app.jwt.sign({ sub: accountId, typ: 'access' }),
  });
  const db = database.db;
  const events = createEventsService({ db, now: options.now });
  const members = createMembersService({ db, crypto, bank: options.bank ?? createBankProvider(config.bank), log: app.log, now: options.now });
  const applications = createApplicationsService({
    db,
    crypto,
    realName: options.realName ?? createRealNameProvider(config.realName),
    events,
    members,
    log: app.log,
    now: options.now,
  });
  const hub = await createLiveHub(database, app.log);
  app.addHook('onClose', async () => hub.close());

  await app.register(
    async (api) => {
      await api.register(healthRoutes, { database, isShuttingDown: () => shuttingDown });
      await api.register(authRoutes, { auth, membershipOf: members.membershipOf });
      await api.register(orgsRoutes, { db });
      await api.register(orgsStaffRoutes, { orgsService: createOrgsService({ db }) });
      await api.register(eventsRoutes, { events });
      await api.register(applicationsRoutes, { applications });
      await api.register(membersRoutes, { members });
      await api.register(liveRoutes, { hub, applications });
    },
    { prefix: '/api/v1' },
  );

  await registerH5(app, config.staticDir);
  return app;
}

/** Serves the mini-program's H5 build from the same origin; a helpful page when it is not built. */
async function registerH5(app: FastifyInstance, staticDir: string) {
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
      .send('<!doctype html><meta charset="utf-8"><title>工会会员</title><p>H5 页面尚未构建：请运行 <code>npm run build:h5</code>，或使用 <code>npm start</code>（会自动构建）。</p><p><a href="/docs">API 文档</a></p>'),
  );
}
