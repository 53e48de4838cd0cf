import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Config } from '../config';
import type { Database, DatabaseHandle } from '../db/client';
import type { ScopeFor } from '../lib/scope';
import { createFieldCrypto, type FieldCrypto } from '../lib/crypto';
import { createCodeSigner } from '../lib/signed-codes';
import type { SmsProvider } from '../adapters/sms/sms.adapter';
import { createSmsProvider } from '../adapters/sms/sms';
import { createWechatProvider, type WechatProvider } from '../adapters/wechat/wechat.adapter';
import type { RealNameProvider } from '../adapters/realname/realname.adapter';
import { createRealNameProvider } from '../adapters/realname/realname';
import { createOcrProvider, type OcrProvider } from '../adapters/ocr/ocr.adapter';
import type { BankProvider } from '../adapters/bank/bank.adapter';
import { createBankProvider } from '../adapters/bank/bank';
import type { NotificationSender } from '../adapters/notify/notify.adapter';
import { createNotifier, templateMap } from '../adapters/notify/notify';
import { createAccessService, createStaffService, REVIEW_ROLES, staffOfNearestUnion } from '../modules/access';
import { createApplicationsService, countApplicationsByEvent, countPendingApplications, movePendingApplications } from '../modules/applications';
import { createAuditBatcher, recordAudit, type AuditPort } from '../modules/audit';
import { createAuditSearch } from '../modules/audit-search';
import { createAuthService, createSessionRevocations, ensureAccountByPhone, findAccount, findAccountByPhoneHash, setAccountPhone } from '../modules/auth';
import { claimNotices, createBenefitsService, createPrizeVouchers, rewriteEligiblePaths } from '../modules/benefits';
import { createBookingsService } from '../modules/bookings';
import { createEventsService } from '../modules/events';
import { createFiguresService, createStationSearchCounter, type StationSearchCounter } from '../modules/figures';
import { createGrantsChangedFeed, createLiveBus, createLiveHub, notifyGrantsChanged } from '../modules/live';
import {
  classAttended,
  createCertificates,
  createClasses,
  createContests,
  createCourses,
  createLearningService,
  createPoints,
  pointsBalanceOf,
  rewriteLearningPaths,
  spendPoints,
} from '../modules/learning';
import {
  admit,
  countCurrentMembers,
  createMemberCodes,
  createMembershipLifecycle,
  createMembersService,
  createStaffScan,
  currentMembershipOfPerson,
  isValidMembership,
  membershipFacts,
  memberStanding,
  moveMembershipsToOrg,
} from '../modules/members';
import { createMerchantsService, findMerchantPlace, merchantPlacesInScope } from '../modules/merchants';
import { createMessagesService, createNotificationsService, enqueueNotification, hasSmsConsent } from '../modules/notifications';
import { createOcrService } from '../modules/ocr';
import { createOrgAdmin, createOrgsService, findOrgById, requireJoinable, resolveJoinable, type OrgPeoplePort } from '../modules/orgs';
import { createPlaceDirectory, createPlacesService } from '../modules/places';
import { createGuessLimiter, createShortCodesService, DEFAULT_SHORT_CODE_LIMITS } from '../modules/shortcodes';
import { adjustSlot, createServicesService, lockSlotWithRules } from '../modules/services';
import { createStationMemory, createStationsService, findStationPlace, STATIONS_CHANGED_CHANNEL, stationPlacesInScope } from '../modules/stations';

/** What closing or moving a union does to the members, applications and campaigns hung on it. */
const orgPeople: OrgPeoplePort = {
  count: async (tx, orgId) => ({ members: await countCurrentMembers(tx, orgId), applications: await countPendingApplications(tx, orgId) }),
  move: async (tx, from, to, actor) => ({
    members: await moveMembershipsToOrg(tx, from, to, actor, '原工会撤销'),
    applications: await movePendingApplications(tx, from, to),
  }),
  rewritePaths: async (tx, oldPath, newPath) => {
    await rewriteEligiblePaths(tx, oldPath, newPath);
    await rewriteLearningPaths(tx, oldPath, newPath);
  },
};

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

/**
 * The service graph: every module's service, each given the narrow ports of others it needs and nothing more.
 * A new module is created here (after the modules it uses), gets its routes in routes.ts and its periodic work
 * in jobs.ts. What holds a connection or a timer registers its own close on the app's hooks here.
 */
export async function createServices(app: FastifyInstance, options: AppOptions) {
  const { config, database } = options;
  const db = database.db;
  const now = options.now;
  const log = app.log;
  const crypto = createFieldCrypto(config.crypto);
  const audit: AuditPort = { record: recordAudit };

  // Revoked sessions are remembered until every access token they issued has expired (plus clock skew).
  const sessions = await createSessionRevocations(database, { rememberSeconds: config.jwt.accessTtl + 60, log });
  app.addHook('onClose', async () => sessions.close());
  const access = createAccessService({ db, cacheTtlMs: config.scanCacheMs > 0 ? 10_000 : 0 });
  const grantsChanged = await createGrantsChangedFeed(database, log);
  const stopGrantsCache = grantsChanged.subscribe(access.invalidateGrants);
  const stopGrantsResync = grantsChanged.onResync(access.invalidateAllGrants);
  app.addHook('onClose', async () => {
    stopGrantsCache();
    stopGrantsResync();
    await grantsChanged.close();
  });
  const hub = await createLiveHub(database, log);
  app.addHook('onClose', async () => hub.close());

  const members = createMembersService({ db, crypto, bank: options.bank ?? createBankProvider(config.bank), log, audit, now });
  // Scans are reads: their audit rows are written in batches (a crash loses at most the last 200 ms of them).
  const scanAudit = createAuditBatcher(db, log);
  app.addHook('onClose', async () => scanAudit.close());
  // The short code under every QR a person may have to read out, resolved by the scan pages for their purpose only.
  const shortCodes = createShortCodesService({ db, now });
  const memberCodes = createMemberCodes({ db, keys: config.codes, now, cacheTtlMs: config.scanCacheMs, shortCodes: shortCodes.issue });
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
    decryptPhone: (enc) => crypto.decrypt(enc),
    now,
  });
  const auth = createAuthService({
    db,
    crypto,
    sms: options.sms ?? createSmsProvider(config.sms, log),
    wechat: options.wechat ?? createWechatProvider(config.wechat),
    config,
    log,
    now,
    // app.jwt exists once the auth plugin is registered (buildApp does it right after this graph); tokens are signed later.
    signAccessToken: (accountId, sessionId, ttlSeconds) => app.jwt.sign({ sub: accountId, typ: 'access', sid: sessionId }, { expiresIn: ttlSeconds }),
    isStaff: access.isStaff,
    revocations: sessions,
    grantsOf: access.grantsOf,
    membershipOf: members.membershipOf,
    merchantsOf: merchants.merchantsOf,
  });
  const staff = createStaffService({
    db,
    audit,
    findOrg: findOrgById,
    sessions: auth,
    accountByPhone: (tx, phone) => ensureAccountByPhone(tx, crypto.blindIndex('phone', phone), crypto.encrypt(phone)),
    decryptPhone: (enc) => crypto.decrypt(enc),
    notifyGrantsChanged,
    invalidateGrants: access.invalidateGrants,
    membershipOf: memberStanding,
    now,
  });
  const auditSearch = createAuditSearch({
    db,
    scopeFor: access.scopeFor,
    phoneHash: (phone) => crypto.blindIndex('phone', phone),
    decryptPhone: (enc) => crypto.decrypt(enc),
  });
  const events = createEventsService({
    db,
    now,
    scopeFor: access.scopeFor,
    findOrg: findOrgById,
    audit,
    applicationCounts: (ids) => countApplicationsByEvent(db, ids),
  });
  const applications = createApplicationsService({
    db,
    crypto,
    realName: options.realName ?? createRealNameProvider(config.realName),
    log,
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
  const orgs = createOrgsService({ db, scopeFor: access.scopeFor, audit });
  const orgAdmin = createOrgAdmin({ db, scopeFor: access.scopeFor, audit, people: orgPeople });

  // 数据概览: figures from rollups the database keeps; station searches are counted here and written by the fold job.
  const figures = createFiguresService({ db, scopeFor: access.scopeFor, now });
  const stationSearches = createStationSearchCounter({ db, now });
  const { stationsMemory, stations } = await createStations(app, options, { audit, scopeFor: access.scopeFor, searched: stationSearches.count });

  // Places where members scan a code to claim a benefit. Each kind is resolved by the module that owns it.
  const placeDirectory = createPlaceDirectory(
    { event: events.asPlace, station: (id) => findStationPlace(db, id), merchant: (id) => findMerchantPlace(db, id) },
    {
      event: events.placesInScope,
      station: (scope, q) => stationPlacesInScope(db, scope, q),
      merchant: (scope, q) => merchantPlacesInScope(db, scope, q),
    },
  );
  const placeCodes = createCodeSigner(config.codes, { stepSeconds: 30 });
  const places = createPlacesService({ db, codes: placeCodes, directory: placeDirectory, scopeFor: access.scopeFor, now, shortCodes: shortCodes.issue });
  const benefits = createBenefitsService({
    db,
    codes: placeCodes,
    places,
    scopeFor: access.scopeFor,
    findOrg: findOrgById,
    audit,
    clerkMerchants: merchants.merchantsOf,
    now,
    shortCodes: shortCodes.issue,
    // The 积分商城: point-priced campaigns spend the learning ledger's points in the claim's transaction; uses are told.
    points: { balanceOf: pointsBalanceOf, spend: spendPoints },
    notices: { enqueue: enqueueNotification },
  });

  const services = createServicesService({
    db,
    now,
    scopeFor: access.scopeFor,
    findOrg: findOrgById,
    memberStanding,
    audit,
    stationOwnerPath: async (id) => (await findStationPlace(db, id))?.orgPath,
  });
  const bookings = createBookingsService({
    db,
    now,
    slots: { lockSlotWithRules, adjustSlot },
    memberStanding,
    scopeFor: access.scopeFor,
    enqueue: enqueueNotification,
    audit,
    // Booking codes: the same keys as member and place codes; the purpose `b` keeps them apart.
    codes: createCodeSigner(config.codes, { stepSeconds: 60 }),
    decrypt: (encrypted) => crypto.decrypt(encrypted),
    rules: config.bookings,
    shortCodes: shortCodes.issue,
    // A class (kind 技能培训) attended pays its points in the check-in's transaction, once per member and session.
    onCheckIn: (tx, e) => classAttended(tx, e, { memberStanding, findOrg: findOrgById }),
  });

  // A member's whole membership: transfer, retention, leaving (which cancels bookings ahead), profile and phone.
  const lifecycle = createMembershipLifecycle({
    db,
    crypto,
    scopeFor: access.scopeFor,
    audit,
    now,
    requireJoinable,
    enqueue: enqueueNotification,
    staffToTell: (tx, orgPath) => staffOfNearestUnion(tx, orgPath, REVIEW_ROLES),
    cancelBookingsAhead: (tx, accountId, at) => bookings.cancelAheadOf(tx, accountId, at),
    sms: { send: (phone, ip) => auth.requestSmsCode(phone, ip), verify: (phone, code) => auth.verifySmsCode(phone, code) },
    accountByPhoneHash: findAccountByPhoneHash,
    setAccountPhone,
  });

  const { notifications, messages } = createNotifications(options, { db, crypto, log, now, audit });
  const { learning, points, courses, contests, classes, certificates } = createLearning({ db, now, scopeFor: access.scopeFor, audit });
  const ocr = createOcrService({ ocr: options.ocr ?? createOcrProvider(config.ocr), log });

  return {
    sessions,
    access,
    staff,
    auditSearch,
    grantsChanged,
    hub,
    auth,
    members,
    lifecycle,
    memberCodes,
    shortCodes,
    staffScan,
    merchants,
    events,
    applications,
    orgs,
    orgAdmin,
    stationsMemory,
    stations,
    figures,
    stationSearches,
    places,
    benefits,
    messages,
    services,
    bookings,
    notifications,
    learning,
    points,
    courses,
    contests,
    classes,
    certificates,
    ocr,
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;

/** The outbox's dispatcher: the configured channels, and who a notice goes to (SMS only with the member's agreement). */
/** The outbox's dispatcher, and 消息: the outbox's notices and the member's claims (read from the claims table). */
function createNotifications(options: AppOptions, deps: { db: Database; crypto: FieldCrypto; log: FastifyBaseLogger; now?: () => Date; audit: AuditPort }) {
  const { config } = options;
  const { db, crypto, log, now, audit } = deps;
  const messages = createMessagesService({ db, audit, now, derived: [claimNotices] });
  const notifier =
    options.notifier ??
    createNotifier(
      {
        channels: config.notify.channels,
        wechat: { ...config.notify.wechat, templates: templateMap(config.notify.wechat.templates) },
        sms: { ...config.notify.sms, templates: templateMap(config.notify.sms.templates) },
      },
      log,
    );
  const notifications = createNotificationsService({
    db,
    sender: notifier,
    now,
    log,
    maxAttempts: config.notify.maxAttempts,
    recipientOf: async (accountId) => {
      const account = await findAccount(db, accountId);
      // SMS only with the member's recorded agreement (消息设置 in 我的); WeChat by their own subscription.
      const phone = account?.phoneEnc && (await hasSmsConsent(db, accountId)) ? crypto.decrypt(account.phoneEnc) : null;
      return { openId: account?.wechatOpenId ?? null, phone };
    },
  });
  return { notifications, messages };
}

/** Learning: tests and banks, the points ledger, courses and lessons, contests (prizes paid as vouchers), classes, certificates. */
function createLearning(deps: { db: Database; now?: () => Date; scopeFor: ScopeFor; audit: AuditPort }) {
  const { db, now, scopeFor, audit } = deps;
  const common = { db, now, scopeFor, findOrg: findOrgById, memberStanding, audit };
  const learning = createLearningService(common);
  const points = createPoints({ db, now: now ?? (() => new Date()) });
  const courses = createCourses(common);
  const contests = createContests({ ...common, learning, vouchers: createPrizeVouchers({ db, now }) });
  const classes = createClasses(common);
  // Anyone may check a certificate's code: wrong codes are counted per IP as typed short codes are.
  const certificates = createCertificates({ db, guesses: createGuessLimiter({ db, now, windowSeconds: DEFAULT_SHORT_CODE_LIMITS.windowSeconds }) });
  return { learning, points, courses, contests, classes, certificates };
}

/**
 * Rest stations. Nearest-first search from an in-memory copy, loaded after start (PostgreSQL answers until then) and
 * reloaded when an import commits anywhere, the minutely check finds the table changed, or LISTEN comes back from an
 * outage.
 */
async function createStations(
  app: FastifyInstance,
  options: AppOptions,
  deps: { audit: AuditPort; scopeFor: ScopeFor; searched: StationSearchCounter['count'] },
) {
  const { config, database } = options;
  const { db } = database;
  const log = app.log;
  const now = options.now;
  const stationsMemory = createStationMemory({ db, budgetBytes: config.stationsMemoryMb * 1024 * 1024, log });
  if (config.stationsMemoryMb > 0) {
    const unlistenStations = await database.listen(STATIONS_CHANGED_CHANNEL, () => void stationsMemory.reload(), {
      onResubscribed: () => void stationsMemory.check().catch((error) => log.warn({ err: error }, 'stations check after a reconnect failed')),
    });
    app.addHook('onReady', async () => void stationsMemory.reload());
    app.addHook('preClose', async () => stationsMemory.close());
    app.addHook('onClose', async () => unlistenStations());
  }
  const stations = createStationsService({
    db,
    now,
    scopeFor: deps.scopeFor,
    findOrg: findOrgById,
    audit: deps.audit,
    memory: stationsMemory,
    searched: deps.searched,
  });

  return { stationsMemory, stations };
}
