import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler, preValidationHookHandler, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import Redis from 'ioredis';
import type { Config } from '../config';
import { AppError } from '../lib/errors';
import { RATE_LIMIT_RULES, ruleFor, type Limit, type RateLimitRule, type RateLimitRuleName } from './rate-limit-rules';

type Check = (request: FastifyRequest) => Promise<void>;

/**
 * @fastify/rate-limit with a Redis store when REDIS_URL is set (every instance shares the counters),
 * in memory otherwise. Not global: an onRoute hook gives every route its rule from the central table
 * (rate-limit-rules.ts), so a new write route is limited the moment it is registered. The per-IP
 * check runs first of all (before authentication, so unauthenticated floods are counted); the
 * per-account check runs once the route's own authentication has set `request.accountId`.
 * A refused request gets 429 `request.rate_limited` with Retry-After.
 */
export const rateLimitPlugin = fp(
  async (app: FastifyInstance, opts: { config: Config['rateLimit']; redis?: Redis }) => {
    const { prefix, overrides, multiplier } = opts.config;
    const redis = opts.redis;
    if (redis) {
      redis.on('error', (err) => app.log.warn({ err: { message: err.message } }, 'rate-limit store (Redis) error; requests pass unlimited until it is back'));
      app.addHook('onClose', async () => {
        await redis.quit().catch(() => redis.disconnect());
      });
    }

    // Store failures let the request through (logged above): an outage of Redis must not stop sign-ins.
    await app.register(rateLimit, { global: false, redis, nameSpace: prefix, skipOnError: true });

    const effective = (name: RateLimitRuleName, scope: 'ip' | 'account', base: Limit | undefined): Limit | undefined => {
      const limit = overrides[`${name}.${scope}`] ?? base;
      return limit && { max: Math.max(1, Math.round(limit.max * multiplier)), windowSeconds: limit.windowSeconds };
    };
    const checks = {} as Record<RateLimitRuleName, { ip: Check; account?: Check }>;
    for (const [name, rule] of Object.entries(RATE_LIMIT_RULES) as [RateLimitRuleName, RateLimitRule][]) {
      const ip = effective(name, 'ip', rule.ip)!;
      const account = effective(name, 'account', rule.account);
      checks[name] = {
        ip: limiter(app, ip, (request) => `${name}:ip:${normalizeIP(request.ip)}`),
        ...(account
          ? {
              account: limiter(
                app,
                account,
                (request) => `${name}:account:${request.accountId}`,
                (request) => Boolean(request.accountId),
              ),
            }
          : {}),
      };
    }

    app.addHook('onRoute', (route: RouteOptions) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const names = new Set(methods.map((m) => ruleFor(m, route.url)).filter((n): n is RateLimitRuleName => n !== undefined));
      if (names.size === 0) return;
      if (names.size > 1) throw new Error(`${methods.join(',')} ${route.url}: one route, several rate-limit rules`);
      const check = checks[[...names][0]!];
      const ipHook: onRequestHookHandler = async (request) => check.ip(request);
      route.onRequest = [ipHook, ...toArray(route.onRequest)];
      if (check.account) {
        const accountCheck = check.account;
        const accountHook: preValidationHookHandler = async (request) => accountCheck(request);
        route.preValidation = [...toArray(route.preValidation), accountHook];
      }
    });
  },
  { name: 'rate-limit', dependencies: ['error-handler'] },
);

/**
 * The Redis connection for the counters when REDIS_URL is set. Opened before the app is built, so
 * a Redis that does not answer stops the start-up with a readable message instead of a half-built app.
 */
export async function connectRateLimitStore(config: Config['rateLimit']): Promise<Redis | undefined> {
  if (!config.redisUrl) return undefined;
  // No retries while starting (a wrong URL fails at once); reconnect with back-off once running.
  let started = false;
  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (times) => (started ? Math.min(times * 200, 2_000) : null),
  });
  let lastError: Error | undefined;
  redis.on('error', (err) => (lastError = err)); // The plugin logs errors once the app's logger exists.
  try {
    await redis.connect();
  } catch (error) {
    throw new Error(`REDIS_URL: cannot connect for the rate-limit store (${(lastError ?? (error as Error)).message})`);
  }
  started = true;
  return redis;
}

function toArray<T>(hooks: T | T[] | undefined): T[] {
  if (hooks === undefined) return [];
  return Array.isArray(hooks) ? hooks : [hooks];
}

function limiter(
  app: FastifyInstance,
  limit: Limit,
  key: (request: FastifyRequest) => string,
  applies: (request: FastifyRequest) => boolean = () => true,
): Check {
  const check = app.createRateLimit({ max: limit.max, timeWindow: limit.windowSeconds * 1000, keyGenerator: key });
  return async (request) => {
    if (!applies(request)) return;
    const result = await check(request);
    if (result.isAllowed || !result.isExceeded) return;
    throw new AppError('request.rate_limited', { extra: { retryAfter: Math.max(1, result.ttlInSeconds) } });
  };
}
