/**
 * The one table of rate limits. A route named here gets its rule; every other POST, PUT, PATCH
 * and DELETE route gets `write`, so a write added later is limited without anyone remembering it.
 * Each rule counts per client IP and, once the request is signed in, per account as well; a request
 * must stay inside both. Numbers can be changed with RATE_LIMITS (see config.ts) and scaled with
 * RATE_LIMIT_MULTIPLIER.
 *
 * Per-IP numbers stay generous because mobile carriers put many phones behind one address (CGNAT);
 * the tight limits are per account and, for SMS, per phone in the auth service.
 */
export interface Limit {
  max: number;
  windowSeconds: number;
}

export interface RateLimitRule {
  /** "METHOD /full/path" as registered (with the /api/v1 prefix and :params). */
  routes: readonly string[];
  ip: Limit;
  account?: Limit;
}

const perMinute = (max: number): Limit => ({ max, windowSeconds: 60 });

export const RATE_LIMIT_RULES = {
  /** Each SMS costs money; the auth service also caps per phone (resend, daily) and per IP per hour. */
  sms: { routes: ['POST /api/v1/auth/sms', 'POST /api/v1/members/me/phone/code'], ip: perMinute(10) },
  /** Code guessing is also capped per code (5 tries); this stops spraying across phones. */
  login: {
    routes: ['POST /api/v1/auth/login', 'POST /api/v1/auth/wechat', 'POST /api/v1/auth/wechat-phone', 'POST /api/v1/members/me/phone'],
    ip: perMinute(20),
  },
  /** Each reading is a paid OCR call and carries a photo of an ID card. */
  ocr: { routes: ['POST /api/v1/ocr/id-card'], ip: perMinute(30), account: { max: 10, windowSeconds: 600 } },
  /** A client refreshes about every 15 minutes. */
  refresh: { routes: ['POST /api/v1/auth/refresh'], ip: perMinute(60) },
  /** Each submission runs a paid real-name check. */
  applications: { routes: ['POST /api/v1/applications', 'PUT /api/v1/applications/:id'], ip: perMinute(30), account: perMinute(10) },
  /** Full ID and phone numbers: a stolen staff session must not be able to dump the queue. */
  reveal: { routes: ['POST /api/v1/staff/applications/:id/reveal'], ip: perMinute(60), account: { max: 30, windowSeconds: 3600 } },
  liveTicket: { routes: ['POST /api/v1/live/ticket'], ip: perMinute(60), account: perMinute(10) },
  /**
   * Member-code checks at a counter or a station: one every second or two by a busy staffer or clerk. Codes
   * cannot be guessed (a 128-bit MAC), so this only bounds a stolen session.
   */
  scan: { routes: ['POST /api/v1/staff/scan', 'POST /api/v1/merchant/scan'], ip: perMinute(600), account: perMinute(120) },
  /** Every other write. */
  write: { routes: [], ip: perMinute(300), account: perMinute(60) },
} as const satisfies Record<string, RateLimitRule>;

export type RateLimitRuleName = keyof typeof RATE_LIMIT_RULES;

export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The rule a route falls under, or undefined for reads that no rule names. */
export function ruleFor(method: string, url: string): RateLimitRuleName | undefined {
  const key = `${method.toUpperCase()} ${url}`;
  for (const [name, rule] of Object.entries(RATE_LIMIT_RULES) as [RateLimitRuleName, RateLimitRule][]) {
    if (rule.routes.includes(key)) return name;
  }
  return WRITE_METHODS.has(method.toUpperCase()) ? 'write' : undefined;
}
