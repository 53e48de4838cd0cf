import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { RATE_LIMIT_RULES, type RateLimitRuleName } from './plugins/rate-limit-rules';

/** Repository root: server/src/config.ts -> ../.. */
export const ROOT_DIR = path.resolve(__dirname, '..', '..');

const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789abcdef';
// 32 bytes each, base64. Development and test only: production must configure its own.
const DEV_DATA_KEY = 'ZGV2LW9ubHktZGF0YS1rZXktMzItYnl0ZXMtISEhISE=';
const DEV_CODE_KEY = 'ZGV2LW9ubHktcXItY29kZS1rZXktMzItYnl0ZXMtISE=';
const DEV_HMAC_KEY = 'ZGV2LW9ubHktaG1hYy1rZXktMzItYnl0ZXMtISEhISE=';

const NOTIFY_KINDS = [
  'booking_confirmed',
  'booking_promoted',
  'booking_offered',
  'booking_reminder',
  'application_approved',
  'application_rejected',
  'booking_cancelled',
  'transfer_requested',
  'transfer_approved',
  'transfer_declined',
  'membership_left',
  'membership_retained',
  'voucher_used',
  'voucher_voided',
];
const templateList = z
  .string()
  .default('')
  .refine(
    (raw) =>
      raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .every((pair) => /^[a-z_]+:[\w-]+$/.test(pair) && NOTIFY_KINDS.includes(pair.split(':')[0]!)),
    {
      message: `expected "kind:templateId,…" with kinds ${NOTIFY_KINDS.join(', ')}`,
    },
  );

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * TRUST_PROXY: how many proxies stand in front of the app (a hop count), or their addresses.
 * `true` would trust every hop, so any client could pick its own IP with X-Forwarded-For and
 * walk past the per-IP limits: refused.
 */
const PROXY_PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);
const trustProxy = z
  .string()
  .default('false')
  .transform((raw, ctx): false | number | string[] => {
    const value = raw.trim().toLowerCase();
    if (['false', '0', 'no', 'off'].includes(value)) return false;
    if (['true', 'yes', 'on'].includes(value)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'true trusts every hop, so X-Forwarded-For could set any client IP; give the number of proxies in front of the app (e.g. 1) or their addresses (10.0.0.0/8,127.0.0.1)',
      });
      return z.NEVER;
    }
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops > 10) {
        ctx.addIssue({ code: 'custom', message: 'a hop count must be between 1 and 10' });
        return z.NEVER;
      }
      return hops;
    }
    const entries = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = entries.filter((entry) => {
      if (PROXY_PRESETS.has(entry)) return false;
      const [address, bits, ...rest] = entry.split('/');
      if (rest.length || !address || !isIP(address)) return true;
      if (bits === undefined) return false;
      const max = isIP(address) === 4 ? 32 : 128;
      return !/^\d+$/.test(bits) || Number(bits) > max;
    });
    if (bad.length || !entries.length) {
      ctx.addIssue({
        code: 'custom',
        message: `expected false, a hop count or proxy addresses (IP or CIDR, comma-separated); not understood: ${bad.join(', ') || raw}`,
      });
      return z.NEVER;
    }
    return entries;
  });

/** RATE_LIMITS: overrides of the central table, "login.ip=20/60,write.account=100/60" (max per window in seconds). */
const rateLimitOverrides = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const overrides: Partial<Record<`${RateLimitRuleName}.${'ip' | 'account'}`, { max: number; windowSeconds: number }>> = {};
    for (const entry of raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const m = /^([a-zA-Z]+)\.(ip|account)=(\d+)\/(\d+)$/.exec(entry);
      const rule = m?.[1] as RateLimitRuleName | undefined;
      if (!m || !rule || !(rule in RATE_LIMIT_RULES) || Number(m[4]) < 1) {
        ctx.addIssue({
          code: 'custom',
          message: `"${entry}" should be rule.ip=max/seconds or rule.account=max/seconds with rule one of ${Object.keys(RATE_LIMIT_RULES).join(', ')}`,
        });
        continue;
      }
      overrides[`${rule}.${m[2] as 'ip' | 'account'}`] = { max: Number(m[3]), windowSeconds: Number(m[4]) };
    }
    return overrides;
  });

const base64Key = z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)');

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
    PGLITE_DIR: z.string().default(path.join(ROOT_DIR, '.data', 'pglite')),
    MIGRATE_ON_START: bool.default(true),
    SEED_DEMO: bool.optional(),
    STATIC_DIR: z.string().default(path.join(ROOT_DIR, 'miniapp', 'dist', 'h5')),
    CORS_ORIGINS: z.string().default('http://localhost:10086,http://127.0.0.1:10086'),
    TRUST_PROXY: trustProxy,
    /** Rate-limit counters in Redis, shared by every instance; in memory (per instance) when unset. */
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    RATE_LIMIT_PREFIX: z
      .string()
      .regex(/^[\w:.-]{1,64}$/)
      .default('union:rl:'),
    RATE_LIMITS: rateLimitOverrides,
    /** Multiplies every limit: load tests and test suites raise them; 1 in real use. */
    RATE_LIMIT_MULTIPLIER: z.coerce.number().positive().max(1_000_000).default(1),
    /** Event-loop delay (ms) above which requests are shed with 503 + Retry-After; 0 turns shedding off. */
    MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
    BODY_LIMIT: z.coerce
      .number()
      .int()
      .min(1024)
      .max(10 * 1024 * 1024)
      .default(32 * 1024),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    JWT_ISSUER: z.string().default('union-app'),
    JWT_AUDIENCE: z.string().default('union-app'),
    ACCESS_TOKEN_TTL: z.coerce.number().int().min(60).max(86400).default(900),
    REFRESH_TOKEN_TTL: z.coerce
      .number()
      .int()
      .min(3600)
      .default(30 * 86400),
    /** Seconds a staff or operator login lasts at most, however often it is refreshed. */
    STAFF_SESSION_MAX_AGE: z.coerce
      .number()
      .int()
      .min(300)
      .default(12 * 3600),
    /** Live (SSE) streams one account may hold open on one instance. */
    LIVE_STREAMS_PER_ACCOUNT: z.coerce.number().int().min(1).max(50).default(3),
    DATA_KEY: base64Key.optional(),
    DATA_KEY_ID: z
      .string()
      .regex(/^[a-z0-9]{1,8}$/)
      .default('k1'),
    /** Older keys kept for decryption during rotation: "k0:base64,k00:base64". */
    DATA_KEYS_OLD: z.string().default(''),
    HMAC_KEY: base64Key.optional(),
    /** Signs QR codes: member codes, place codes, booking and voucher codes (HMAC-SHA256, base64, 32 bytes). */
    CODE_KEY: base64Key.optional(),
    CODE_KEY_ID: z
      .string()
      .regex(/^[a-z0-9]{1,8}$/)
      .default('c1'),
    /** Older code keys still accepted while their codes are in use (printed posters): "c0:base64,c00:base64". */
    CODE_KEYS_OLD: z.string().default(''),
    SMS_PROVIDER: z.enum(['dev', 'tencent']).default('dev'),
    TENCENT_SMS_ENDPOINT: z.url().default('https://sms.tencentcloudapi.com'),
    TENCENT_SECRET_ID: z.string().optional(),
    TENCENT_SECRET_KEY: z.string().optional(),
    TENCENT_SMS_SDK_APP_ID: z.string().optional(),
    TENCENT_SMS_SIGN_NAME: z.string().optional(),
    TENCENT_SMS_TEMPLATE_ID: z.string().optional(),
    TENCENT_SMS_REGION: z.string().default('ap-beijing'),
    WECHAT_PROVIDER: z.enum(['dev', 'wechat']).default('dev'),
    WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
    WECHAT_APPID: z.string().optional(),
    WECHAT_SECRET: z.string().optional(),
    REALNAME_PROVIDER: z.enum(['dev', 'tencent']).default('dev'),
    /** Development provider: ID numbers (comma-separated) whose check fails, to rehearse the failure path. */
    REALNAME_REJECT_IDS: z.string().default(''),
    TENCENT_FACEID_ENDPOINT: z.url().default('https://faceid.tencentcloudapi.com'),
    OCR_PROVIDER: z.enum(['dev', 'tencent']).default('dev'),
    TENCENT_OCR_ENDPOINT: z.url().default('https://ocr.tencentcloudapi.com'),
    BANK_PROVIDER: z.enum(['dev', 'http']).default('dev'),
    BANK_NAME: z.string().default('北京银行'),
    BANK_API_BASE: z.url().default('https://openapi.bank.example'),
    BANK_APP_ID: z.string().optional(),
    BANK_APP_SECRET: z.string().optional(),
    /** Development provider: how long "the bank" takes to issue a card. */
    BANK_DEV_ISSUE_DELAY_MS: z.coerce.number().int().min(0).default(3000),
    /** How often the background job looks for service cards due a status check with the bank; 0 turns it off. */
    SERVICE_CARD_SYNC_MS: z.coerce.number().int().min(0).max(600_000).default(500),
    /** How often each instance writes its station-search counts and folds the figures' deltas into the rollups; 0 turns it off. */
    FIGURES_FOLD_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
    /**
     * On SIGTERM: how long the instance keeps serving (readiness already 503, every answer with Connection: close)
     * so the load balancer takes it out before it stops accepting connections.
     */
    SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(120_000).default(5000),
    /** Notification channels in order of preference: dev (records and logs), wechat (subscription messages), sms. */
    NOTIFY_CHANNELS: z
      .string()
      .default('dev')
      .pipe(z.string().regex(/^(dev|wechat|sms)(,(dev|wechat|sms))*$/, { message: 'expected a comma-separated list of dev, wechat, sms' })),
    /** Serve the API docs (/docs, /docs/json): on by default except in production, where they list every route to anyone. */
    DOCS_PUBLIC: bool.optional(),
    /** H5 map tiles (AMap or Tianditu, with the operator's key in the URL): {x} {y} {z}, optional {s}. Unset: the diagram. */
    MAP_TILES_URL: z
      .string()
      .refine((v) => /^https?:\/\//.test(v) && ['{x}', '{y}', '{z}'].every((p) => v.includes(p)), 'must be an http(s) URL with {x}, {y} and {z}')
      .optional(),
    /** Comma-separated values of {s} in MAP_TILES_URL ("1,2,3,4" for AMap's webrd01-04, "0,1,…,7" for Tianditu's t0-t7). */
    MAP_TILES_SUBDOMAINS: z.string().default(''),
    MAP_TILES_ATTRIBUTION: z.string().max(200).default(''),
    /** AMap tiles are GCJ-02, Tianditu's WGS-84 (CGCS2000). */
    MAP_TILES_COORDS: z.enum(['gcj02', 'wgs84']).default('gcj02'),
    MAP_TILES_MAX_ZOOM: z.coerce.number().int().min(10).max(20).default(18),
    /** Template ids per kind: "booking_confirmed:tmplA,booking_promoted:tmplB". */
    WECHAT_SUBSCRIBE_TEMPLATES: templateList,
    WECHAT_MINIPROGRAM_STATE: z.enum(['formal', 'trial', 'developer']).default('formal'),
    TENCENT_SMS_NOTIFY_TEMPLATES: templateList,
    /** How often each instance's dispatcher looks for due notifications; 0 turns it off. */
    NOTIFY_DISPATCH_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
    NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    /** How often the booking jobs run (offers that lapsed, no-shows, reminders); 0 turns them off. */
    BOOKING_JOBS_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
    BOOKING_REMINDER_MINUTES: z.coerce
      .number()
      .int()
      .min(5)
      .max(7 * 24 * 60)
      .default(120),
    /** No-shows within this many days count towards a service's no-show limit… */
    BOOKING_NO_SHOW_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(90),
    /** …and, once at the limit, block booking for this many days after the latest. */
    BOOKING_NO_SHOW_BLOCK_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** Milliseconds a request waits for a free pool connection before it is answered 503. */
    DATABASE_POOL_WAIT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
    /** How long an instance keeps a scanned member's row and a staffer's or clerk's grants in memory; 0 turns it off. */
    SCAN_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
    /**
     * Largest in-memory copy of the stations for nearest-first search (megabytes; about 0.45 per 1,000 stations,
     * twice that while a reload overlaps the old copy); a bigger table is searched in PostgreSQL. 0 turns it off.
     */
    STATIONS_MEMORY_MB: z.coerce.number().int().min(0).max(65_536).default(512),
    SMS_RESEND_SECONDS: z.coerce.number().int().min(1).default(60),
    SMS_DAILY_LIMIT_PER_PHONE: z.coerce.number().int().min(1).default(10),
    SMS_HOURLY_LIMIT_PER_IP: z.coerce.number().int().min(1).default(30),
    /** All login codes sent per calendar day (Beijing time), whatever the phone or IP: a cost and abuse ceiling. */
    SMS_DAILY_LIMIT_TOTAL: z.coerce.number().int().min(1).default(20000),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    const refuse = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    for (const key of ['JWT_SECRET', 'DATA_KEY', 'HMAC_KEY', 'CODE_KEY'] as const) {
      if (!env[key]) refuse(key, 'is required in production');
    }
    // Development values are published in the repository: anyone could sign tokens or decrypt.
    if (env.JWT_SECRET === DEV_JWT_SECRET)
      refuse('JWT_SECRET', 'is the development secret published in the repository; generate one (openssl rand -base64 48)');
    const sameKey = (a: string | undefined, b: string) => a !== undefined && Buffer.from(a, 'base64').equals(Buffer.from(b, 'base64'));
    if (sameKey(env.DATA_KEY, DEV_DATA_KEY)) refuse('DATA_KEY', 'is the development key published in the repository; generate one (openssl rand -base64 32)');
    if (sameKey(env.HMAC_KEY, DEV_HMAC_KEY)) refuse('HMAC_KEY', 'is the development key published in the repository; generate one (openssl rand -base64 32)');
    if (env.DATA_KEY && sameKey(env.HMAC_KEY, env.DATA_KEY)) refuse('HMAC_KEY', 'must differ from DATA_KEY (one key must not both encrypt and index)');
    if (sameKey(env.CODE_KEY, DEV_CODE_KEY)) refuse('CODE_KEY', 'is the development key published in the repository; generate one (openssl rand -base64 32)');
    if (env.CODE_KEY && (sameKey(env.DATA_KEY, env.CODE_KEY) || sameKey(env.HMAC_KEY, env.CODE_KEY))) {
      refuse('CODE_KEY', 'must differ from DATA_KEY and HMAC_KEY (QR signatures must not share a key with personal data)');
    }
    if (env.WECHAT_PROVIDER === 'dev') refuse('WECHAT_PROVIDER', 'the dev provider logs anyone in without WeChat; not allowed in production');
    if (env.REALNAME_PROVIDER === 'dev') refuse('REALNAME_PROVIDER', 'the dev provider passes every real-name check; not allowed in production');
    if (env.OCR_PROVIDER === 'dev') refuse('OCR_PROVIDER', 'the dev reader fills every ID card in as the demo applicant; not allowed in production');
    if (env.BANK_PROVIDER === 'dev') refuse('BANK_PROVIDER', 'the dev provider issues test cards; not allowed in production');
    if (env.SEED_DEMO === true) refuse('SEED_DEMO', 'the demo data grants operator rights to a published phone number; not allowed in production');
    if (env.CORS_ORIGINS.split(',').some((o) => o.trim() === '*')) refuse('CORS_ORIGINS', '* lets any website call the API; list the origins');
    if (env.NOTIFY_CHANNELS.split(',').includes('dev')) {
      refuse('NOTIFY_CHANNELS', 'the dev channel marks notifications sent without delivering them; not allowed in production (set wechat and/or sms)');
    }
    if (env.SMS_PROVIDER === 'dev') {
      ctx.addIssue({ code: 'custom', path: ['SMS_PROVIDER'], message: 'the dev provider returns codes to clients; not allowed in production' });
    }
    if (env.SMS_PROVIDER === 'tencent') {
      for (const key of ['TENCENT_SECRET_ID', 'TENCENT_SECRET_KEY', 'TENCENT_SMS_SDK_APP_ID', 'TENCENT_SMS_SIGN_NAME', 'TENCENT_SMS_TEMPLATE_ID'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when SMS_PROVIDER=tencent' });
      }
    }
    if (env.BANK_PROVIDER === 'http' && (!env.BANK_APP_ID || !env.BANK_APP_SECRET)) {
      ctx.addIssue({ code: 'custom', path: ['BANK_APP_ID'], message: 'BANK_APP_ID and BANK_APP_SECRET are required when BANK_PROVIDER=http' });
    }
    if (env.REALNAME_PROVIDER === 'tencent' && (!env.TENCENT_SECRET_ID || !env.TENCENT_SECRET_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: ['TENCENT_SECRET_ID'],
        message: 'TENCENT_SECRET_ID and TENCENT_SECRET_KEY are required when REALNAME_PROVIDER=tencent',
      });
    }
    if (env.OCR_PROVIDER === 'tencent' && (!env.TENCENT_SECRET_ID || !env.TENCENT_SECRET_KEY)) {
      ctx.addIssue({ code: 'custom', path: ['TENCENT_SECRET_ID'], message: 'TENCENT_SECRET_ID and TENCENT_SECRET_KEY are required when OCR_PROVIDER=tencent' });
    }
    if (env.WECHAT_PROVIDER === 'wechat' && (!env.WECHAT_APPID || !env.WECHAT_SECRET)) {
      ctx.addIssue({ code: 'custom', path: ['WECHAT_APPID'], message: 'WECHAT_APPID and WECHAT_SECRET are required when WECHAT_PROVIDER=wechat' });
    }
  })
  .superRefine((env, ctx) => {
    const channels = env.NOTIFY_CHANNELS.split(',');
    if (channels.includes('wechat') && (!env.WECHAT_APPID || !env.WECHAT_SECRET)) {
      ctx.addIssue({ code: 'custom', path: ['NOTIFY_CHANNELS'], message: 'the wechat channel needs WECHAT_APPID and WECHAT_SECRET' });
    }
    if (channels.includes('sms')) {
      for (const key of ['TENCENT_SECRET_ID', 'TENCENT_SECRET_KEY', 'TENCENT_SMS_SDK_APP_ID', 'TENCENT_SMS_SIGN_NAME'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when NOTIFY_CHANNELS includes sms' });
      }
    }
  });

export type Config = ReturnType<typeof loadConfig>;

function tileOrigins(url: string, subdomains: string): string[] {
  const values = subdomains
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const filled = (values.length ? values : ['a']).map((sub) => url.replaceAll('{s}', sub).replace(/\{[xyz]\}/g, '0'));
  return [...new Set(filled.map((u) => new URL(u).origin))];
}

export class ConfigError extends Error {}

/** The only place that reads process.env. Fails fast with every problem listed. */
export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const parseOldKeys = (name: string, value: string) =>
    value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((pair) => {
        const [id, key] = pair.split(':');
        if (!id || !/^[a-z0-9]{1,8}$/.test(id) || !key || Buffer.from(key, 'base64').length !== 32) {
          throw new ConfigError(`Invalid configuration:\n  - ${name}: expected "id:base64key,id:base64key"`);
        }
        return { id, key: Buffer.from(key, 'base64') };
      });
  const codeKeys = new Map<string, Buffer>([
    ...parseOldKeys('CODE_KEYS_OLD', e.CODE_KEYS_OLD).map((k) => [k.id, k.key] as const),
    [e.CODE_KEY_ID, Buffer.from(e.CODE_KEY ?? DEV_CODE_KEY, 'base64')],
  ]);
  const oldKeys = e.DATA_KEYS_OLD.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((pair) => {
      const [id, key] = pair.split(':');
      if (!id || !key || Buffer.from(key, 'base64').length !== 32) {
        throw new ConfigError('Invalid configuration:\n  - DATA_KEYS_OLD: expected "id:base64key,id:base64key"');
      }
      return { id, key: Buffer.from(key, 'base64') };
    });
  return {
    env: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    database: e.DATABASE_URL
      ? ({ driver: 'pg', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE, poolWaitMs: e.DATABASE_POOL_WAIT_MS } as const)
      : ({ driver: 'pglite', dataDir: e.PGLITE_DIR } as const),
    migrateOnStart: e.MIGRATE_ON_START,
    seedDemo: e.SEED_DEMO ?? e.NODE_ENV === 'development',
    staticDir: e.STATIC_DIR,
    /** Whether /docs and /docs/json are served (the OpenAPI document is built either way: app.swagger()). */
    docsPublic: e.DOCS_PUBLIC ?? e.NODE_ENV !== 'production',
    /** Where map tiles come from, for the Content-Security-Policy's img-src: one origin per subdomain. */
    mapTileOrigins: e.MAP_TILES_URL ? tileOrigins(e.MAP_TILES_URL, e.MAP_TILES_SUBDOMAINS) : [],
    mapTiles: e.MAP_TILES_URL
      ? {
          url: e.MAP_TILES_URL,
          subdomains: e.MAP_TILES_SUBDOMAINS.split(',')
            .map((x) => x.trim())
            .filter(Boolean),
          attribution: e.MAP_TILES_ATTRIBUTION,
          coords: e.MAP_TILES_COORDS,
          maxZoom: e.MAP_TILES_MAX_ZOOM,
        }
      : null,
    corsOrigins: e.CORS_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    trustProxy: e.TRUST_PROXY,
    rateLimit: {
      redisUrl: e.REDIS_URL,
      prefix: e.RATE_LIMIT_PREFIX,
      overrides: e.RATE_LIMITS,
      multiplier: e.RATE_LIMIT_MULTIPLIER,
    },
    bodyLimit: e.BODY_LIMIT,
    maxEventLoopDelayMs: e.MAX_EVENT_LOOP_DELAY_MS,
    jwt: {
      secret: e.JWT_SECRET ?? DEV_JWT_SECRET,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      accessTtl: e.ACCESS_TOKEN_TTL,
      refreshTtl: e.REFRESH_TOKEN_TTL,
      staffSessionMaxAge: e.STAFF_SESSION_MAX_AGE,
    },
    live: {
      maxStreamsPerAccount: e.LIVE_STREAMS_PER_ACCOUNT,
    },
    crypto: {
      keyId: e.DATA_KEY_ID,
      key: Buffer.from(e.DATA_KEY ?? DEV_DATA_KEY, 'base64'),
      oldKeys,
      hmacKey: Buffer.from(e.HMAC_KEY ?? DEV_HMAC_KEY, 'base64'),
    },
    /** Keys for signed QR codes (`lib/signed-codes.ts`). */
    codes: { currentKid: e.CODE_KEY_ID, keys: codeKeys as ReadonlyMap<string, Buffer> },
    scanCacheMs: e.SCAN_CACHE_MS,
    stationsMemoryMb: e.STATIONS_MEMORY_MB,
    sms: {
      provider: e.SMS_PROVIDER,
      resendSeconds: e.SMS_RESEND_SECONDS,
      dailyLimitPerPhone: e.SMS_DAILY_LIMIT_PER_PHONE,
      hourlyLimitPerIp: e.SMS_HOURLY_LIMIT_PER_IP,
      dailyLimitTotal: e.SMS_DAILY_LIMIT_TOTAL,
      codeTtlSeconds: 300,
      maxAttempts: 5,
      tencent: {
        endpoint: e.TENCENT_SMS_ENDPOINT,
        secretId: e.TENCENT_SECRET_ID ?? '',
        secretKey: e.TENCENT_SECRET_KEY ?? '',
        sdkAppId: e.TENCENT_SMS_SDK_APP_ID ?? '',
        signName: e.TENCENT_SMS_SIGN_NAME ?? '',
        templateId: e.TENCENT_SMS_TEMPLATE_ID ?? '',
        region: e.TENCENT_SMS_REGION,
      },
    },
    realName: {
      provider: e.REALNAME_PROVIDER,
      rejectIds: e.REALNAME_REJECT_IDS.split(',')
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean),
      tencent: {
        endpoint: e.TENCENT_FACEID_ENDPOINT,
        secretId: e.TENCENT_SECRET_ID ?? '',
        secretKey: e.TENCENT_SECRET_KEY ?? '',
        region: e.TENCENT_SMS_REGION,
      },
    },
    ocr: {
      provider: e.OCR_PROVIDER,
      tencent: { endpoint: e.TENCENT_OCR_ENDPOINT, secretId: e.TENCENT_SECRET_ID ?? '', secretKey: e.TENCENT_SECRET_KEY ?? '', region: e.TENCENT_SMS_REGION },
    },
    bank: {
      provider: e.BANK_PROVIDER,
      bankName: e.BANK_NAME,
      apiBase: e.BANK_API_BASE,
      appId: e.BANK_APP_ID ?? '',
      appSecret: e.BANK_APP_SECRET ?? '',
      devIssueDelayMs: e.BANK_DEV_ISSUE_DELAY_MS,
    },
    serviceCardSyncMs: e.SERVICE_CARD_SYNC_MS,
    figuresFoldMs: e.FIGURES_FOLD_MS,
    shutdownDelayMs: e.SHUTDOWN_DELAY_MS,
    notify: {
      channels: e.NOTIFY_CHANNELS.split(',') as ('dev' | 'wechat' | 'sms')[],
      dispatchMs: e.NOTIFY_DISPATCH_MS,
      maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
      wechat: {
        apiBase: e.WECHAT_API_BASE,
        appId: e.WECHAT_APPID ?? '',
        secret: e.WECHAT_SECRET ?? '',
        templates: e.WECHAT_SUBSCRIBE_TEMPLATES,
        miniprogramState: e.WECHAT_MINIPROGRAM_STATE,
        page: 'pages/bookings/mine/index',
      },
      sms: {
        endpoint: e.TENCENT_SMS_ENDPOINT,
        secretId: e.TENCENT_SECRET_ID ?? '',
        secretKey: e.TENCENT_SECRET_KEY ?? '',
        sdkAppId: e.TENCENT_SMS_SDK_APP_ID ?? '',
        signName: e.TENCENT_SMS_SIGN_NAME ?? '',
        region: e.TENCENT_SMS_REGION,
        templates: e.TENCENT_SMS_NOTIFY_TEMPLATES,
      },
    },
    bookings: {
      jobsMs: e.BOOKING_JOBS_MS,
      reminderMinutes: e.BOOKING_REMINDER_MINUTES,
      noShowWindowDays: e.BOOKING_NO_SHOW_WINDOW_DAYS,
      noShowBlockDays: e.BOOKING_NO_SHOW_BLOCK_DAYS,
    },
    wechat: {
      provider: e.WECHAT_PROVIDER,
      apiBase: e.WECHAT_API_BASE,
      appId: e.WECHAT_APPID ?? '',
      secret: e.WECHAT_SECRET ?? '',
    },
  };
}
