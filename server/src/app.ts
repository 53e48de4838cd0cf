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
import { messageFor } from '@union/shared';
import type { Config } from './config';
import type { DatabaseHandle } from './db/client';
import { createFieldCrypto } from './lib/crypto';
import { AppError } from './lib/errors';
import { loggerOptions } from './lib/logger';
import { authPlugin } from './plugins/auth';
import { errorHandlerPlugin } from './plugins/error-handler';
import { inputGuardPlugin } from './plugins/input-guard';
import { noStorePlugin } from './plugins/no-store';
import { securityHeadersPlugin } from './plugins/security-headers';
import { connectRateLimitStore, rateLimitPlugin } from './plugins/rate-limit';
import type { SmsProvider } from './adapters/sms/sms.adapter';
import { createSmsProvider } from './adapters/sms/sms';
import { createWechatProvider, type WechatProvider } from './adapters/wechat/wechat.adapter';
import type { RealNameProvider } from './adapters/realname/realname.adapter';
import { createRealNameProvider } from './adapters/realname/realname';
import { createOcrProvider, type OcrProvider } from './adapters/ocr/ocr.adapter';
import { createOcrService, ocrRoutes } from './modules/ocr/index';
import type { BankProvider } from './adapters/bank/bank.adapter';
import { createBankProvider } from './adapters/bank/bank';
import type { NotificationSender } from './adapters/notify/notify.adapter';
import { createNotifier, templateMap } from './adapters/notify/notify';
import { createAccessService } from './modules/access';
import { bookingsRoutes, createBookingsService, startBookingJobs, type BookingsService } from './modules/bookings';
import { createNotificationsService, enqueueNotification, startNotificationDispatch, type NotificationsService } from './modules/notifications';
import { adjustSlot, createServicesService, lockSlotWithRules, servicesRoutes } from './modules/services';
import { createApplicationsService, applicationsRoutes } from './modules/applications';
import { createAuditBatcher, recordAudit } from './modules/audit';
import { authRoutes, createAuthService, createSessionRevocations, ensureAccountByPhone, findAccount } from './modules/auth';
import { createEventsService, eventsRoutes } from './modules/events';
import { healthRoutes } from './modules/health';
import { createGrantsChangedFeed, createLiveBus, createLiveHub, liveRoutes } from './modules/live';
import {
  admit,
  createMemberCodes,
  createMembersService,
  createStaffScan,
  currentMembershipOfPerson,
  isValidMembership,
  membershipFacts,
  memberStanding,
  membersRoutes,
  startServiceCardSync,
} from './modules/members';
import { createMerchantsService, findMerchantPlace, merchantPlacesInScope, merchantsRoutes } from './modules/merchants';
import { benefitsRoutes, createBenefitsService } from './modules/benefits';
import { createPlaceDirectory, createPlacesService, placesRoutes } from './modules/places';
import { createCodeSigner } from './lib/signed-codes';
import underPressure from '@fastify/under-pressure';
import { createOrgsService, findOrgById, orgsPublicRoutes, orgsStaffRoutes, requireJoinable, resolveJoinable } from './modules/orgs';
import { findStationPlace, createStationMemory, createStationsService, STATIONS_CHANGED_CHANNEL, stationPlacesInScope, stationsRoutes, type StationMemory } from './modules/stations';

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
  ocr?: OcrProvider;
  bank?: BankProvider;
  /** How notifications go out (NOTIFY_CHANNELS by default); tests pass the development sender to read what was sent. */
  notifier?: NotificationSender;
  now?: () => Date;
}

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
      (reply as unknown as FastifyReply).code(400).send({ error: { code: 'request.invalid_url', message: messageFor('request.invalid_url'), requestId: request.id } }),
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

  await app.register(securityHeadersPlugin, {
    helmet: {
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
  await app.register(swaggerUi, { routePrefix: '/docs' });
  // Revoked sessions are remembered until every access token they issued has expired (plus clock skew).
  const sessions = await createSessionRevocations(database, { rememberSeconds: config.jwt.accessTtl + 60, log: app.log });
  app.addHook('onClose', async () => sessions.close());
  const access = createAccessService({ db: database.db, cacheTtlMs: config.scanCacheMs > 0 ? 10_000 : 0 });
  await app.register(authPlugin, { jwt: config.jwt, sessions, isStaff: access.isStaff });

  // Composition: each module gets the narrow capabilities of others it needs, nothing more.
  const db = database.db;
  const now = options.now;
  const crypto = createFieldCrypto(config.crypto);
  const audit = { record: recordAudit };
  const members = createMembersService({ db, crypto, bank: options.bank ?? createBankProvider(config.bank), log: app.log, audit, now });
  // Scans are reads: their audit rows are written in batches (a crash loses at most the last 200 ms of them).
  const scanAudit = createAuditBatcher(db, app.log);
  app.addHook('onClose', async () => scanAudit.flush());
  const memberCodes = createMemberCodes({ db, keys: config.codes, now, cacheTtlMs: config.scanCacheMs });
  const staffScan = createStaffScan({ codes: memberCodes, scopeOrNull: access.scopeOrNull, audit: scanAudit });
  const merchants = createMerchantsService({
    db,
    scopeFor: access.scopeFor,
    findOrg: findOrgById,
    accountByPhone: (tx, phone) => ensureAccountByPhone(tx, crypto.blindIndex('phone', phone), crypto.encrypt(phone)),
    codes: memberCodes,
    isValidMembership,
    audit,
    scanAudit,
    clerkCacheTtlMs: config.scanCacheMs > 0 ? 10_000 : 0,
  });
  const auth = createAuthService({
    db,
    crypto,
    sms: options.sms ?? createSmsProvider(config.sms, app.log),
    wechat: options.wechat ?? createWechatProvider(config.wechat),
    config,
    log: app.log,
    now,
    signAccessToken: (accountId, sessionId, ttlSeconds) => app.jwt.sign({ sub: accountId, typ: 'access', sid: sessionId }, { expiresIn: ttlSeconds }),
    isStaff: access.isStaff,
    revocations: sessions,
    grantsOf: access.grantsOf,
    membershipOf: members.membershipOf,
    merchantsOf: merchants.merchantsOf,
  });
  // Events count their applications through a late-bound reference: applications need events first.
  let countByEvent: (eventIds: string[]) => Promise<Map<string, number>> = async () => new Map();
  const events = createEventsService({ db, now, scopeFor: access.scopeFor, findOrg: findOrgById, audit, applicationCounts: (ids) => countByEvent(ids) });
  const applications = createApplicationsService({
    db,
    crypto,
    realName: options.realName ?? createRealNameProvider(config.realName),
    log: app.log,
    now,
    findAccount,
    events,
    orgs: { resolveJoinable, requireJoinable },
    members: { admit, currentMembershipOfPerson, membershipFacts },
    access,
    audit,
    bus: createLiveBus(),
    notices: { enqueue: enqueueNotification },
  });
  countByEvent = applications.countByEvent;
  const orgsService = createOrgsService({ db, scopeFor: access.scopeFor, audit });
  // Nearest-first search from an in-memory copy, loaded after start (PostgreSQL answers until then) and
  // reloaded when an import commits anywhere or the minutely check finds the table changed.
  const stationsMemory = createStationMemory({ db, budgetBytes: config.stationsMemoryMb * 1024 * 1024, log: app.log });
  app.decorate('stationsMemory', stationsMemory);
  if (config.stationsMemoryMb > 0) {
    const unlistenStations = await database.listen(STATIONS_CHANGED_CHANNEL, () => void stationsMemory.reload());
    let checkTimer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      void stationsMemory.reload();
      checkTimer = setInterval(() => void stationsMemory.check().catch((error) => app.log.warn({ err: error }, 'stations check failed')), 60_000).unref();
    });
    app.addHook('preClose', async () => {
      clearInterval(checkTimer);
      await stationsMemory.close();
    });
    app.addHook('onClose', async () => unlistenStations());
  }
  const stations = createStationsService({ db, now, scopeFor: access.scopeFor, findOrg: findOrgById, audit, memory: stationsMemory });
  // Places where members scan a code to claim a benefit. Each kind is resolved by the module that owns it.
  const placeDirectory = createPlaceDirectory(
    {
      event: events.asPlace,
      station: (id) => findStationPlace(db, id),
      merchant: (id) => findMerchantPlace(db, id),
    },
    {
      event: events.placesInScope,
      station: (scope, q) => stationPlacesInScope(db, scope, q),
      merchant: (scope, q) => merchantPlacesInScope(db, scope, q),
    },
  );
  const placeCodes = createCodeSigner(config.codes, { stepSeconds: 30 });
  const places = createPlacesService({ db, codes: placeCodes, directory: placeDirectory, scopeFor: access.scopeFor, now });
  const benefits = createBenefitsService({ db, codes: placeCodes, places, scopeFor: access.scopeFor, findOrg: findOrgById, audit, clerkMerchants: merchants.merchantsOf, now });
  const hub = await createLiveHub(database, app.log);
  app.addHook('onClose', async () => hub.close());
  if (config.serviceCardSyncMs > 0) {
    let stopSync: (() => Promise<void>) | undefined;
    app.addHook('onReady', async () => {
      stopSync = startServiceCardSync(members, app.log, config.serviceCardSyncMs);
    });
    app.addHook('preClose', async () => stopSync?.());
  }
  const notMember = () => new AppError('members.not_member');
  const servicesService = createServicesService({
    db,
    now,
    scopeFor: access.scopeFor,
    findOrg: findOrgById,
    memberPath: async (accountId) => (await memberStanding(db, accountId))?.orgPath,
    audit,
    notMember,
    stationOwnerPath: async (id) => (await findStationPlace(db, id))?.orgPath,
  });
  const bookings = createBookingsService({
    db,
    now,
    slots: { lockSlotWithRules, adjustSlot },
    memberStanding,
    notMember,
    scopeFor: access.scopeFor,
    enqueue: enqueueNotification,
    audit,
    // Booking codes: the same keys as member and place codes; the purpose `b` keeps them apart.
    codes: createCodeSigner(config.codes, { stepSeconds: 60 }),
    rules: config.bookings,
  });
  const notifier =
    options.notifier ??
    createNotifier(
      { channels: config.notify.channels, wechat: { ...config.notify.wechat, templates: templateMap(config.notify.wechat.templates) }, sms: { ...config.notify.sms, templates: templateMap(config.notify.sms.templates) } },
      app.log,
    );
  const notificationsService = createNotificationsService({
    db,
    sender: notifier,
    now,
    log: app.log,
    maxAttempts: config.notify.maxAttempts,
    recipientOf: async (accountId) => {
      const account = await findAccount(db, accountId);
      return { openId: account?.wechatOpenId ?? null, phone: account?.phoneEnc ? crypto.decrypt(account.phoneEnc) : null };
    },
  });
  app.decorate('notifications', notificationsService);
  app.decorate('bookings', bookings);
  for (const [ms, start] of [
    [config.notify.dispatchMs, () => startNotificationDispatch(notificationsService, app.log, config.notify.dispatchMs)],
    [config.bookings.jobsMs, () => startBookingJobs(bookings, app.log, config.bookings.jobsMs)],
  ] as const) {
    if (ms <= 0) continue;
    let stop: (() => Promise<void>) | undefined;
    app.addHook('onReady', async () => {
      stop = start();
    });
    app.addHook('preClose', async () => stop?.());
  }
  const grantsChanged = await createGrantsChangedFeed(database, app.log);
  app.addHook('onClose', async () => grantsChanged.close());
  const stopGrantsCache = grantsChanged.subscribe(access.invalidateGrants);
  app.addHook('onClose', async () => stopGrantsCache());

  await app.register(
    async (api) => {
      await api.register(healthRoutes, { database, isShuttingDown: () => shuttingDown, stationsInMemory: () => stationsMemory.ready });
      await api.register(authRoutes, { auth });
      await api.register(orgsPublicRoutes, { db });
      await api.register(orgsStaffRoutes, { orgsService });
      await api.register(eventsRoutes, { events });
      await api.register(applicationsRoutes, { applications });
      await api.register(servicesRoutes, { services: servicesService });
      await api.register(bookingsRoutes, { bookings });
      await api.register(membersRoutes, { members, codes: memberCodes, staffScan });
      await api.register(merchantsRoutes, { merchants });
      await api.register(stationsRoutes, { stations });
      await api.register(placesRoutes, { places });
      await api.register(benefitsRoutes, { benefits, places });
      await api.register(ocrRoutes, { ocr: createOcrService({ ocr: options.ocr ?? createOcrProvider(config.ocr), log: app.log }) });
      await api.register(liveRoutes, {
        hub,
        liveScope: access.liveScope,
        sessions,
        grantsChanged,
        redeemTicket: auth.redeemLiveTicket,
        maxStreamsPerAccount: config.live.maxStreamsPerAccount,
      });
    },
    { prefix: '/api/v1' },
  );

  await registerH5(app, config.staticDir);
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
