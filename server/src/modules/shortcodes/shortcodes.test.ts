import { sql } from 'drizzle-orm';
import { formatShortCode, SHORT_CODE_ALPHABET } from '@union/shared';
import { buildTestApp, json, login, type TestApp } from '../../../test/helpers';
import { createShortCodesService, deriveShortCode } from './shortcodes.service';
import { shortCodes } from './shortcodes.table';

/**
 * The short code under a QR (K7QM-3XPA): a person types it where the QR cannot be scanned. It stands for one QR of one
 * purpose and dies with it; wrong tries are limited per account and per IP. PGlite, or PostgreSQL with TEST_DATABASE_URL.
 */
describe('short codes', () => {
  let t: TestApp;
  let clock: number | null = null;
  let scanner: { authorization: string };
  let member: { authorization: string };
  const SCANNER_IP = '10.0.0.5';

  beforeAll(async () => {
    t = await buildTestApp({ now: () => (clock === null ? new Date() : new Date(clock)) });
    scanner = (await login(t.app, '13800000005')).auth;
    member = (await login(t.app, '13900000002')).auth;
  });
  afterAll(() => t.close());
  afterEach(() => {
    clock = null;
  });

  const resolve = (headers: Record<string, string>, code: string, purpose: string, ip = SCANNER_IP) =>
    t.app.inject({ method: 'POST', url: '/api/v1/short-codes/resolve', headers, payload: { code, purpose }, remoteAddress: ip });
  const memberCode = async () => json(await t.app.inject({ method: 'POST', url: '/api/v1/members/me/code', headers: member }));
  const bogus = (n: number) => deriveShortCode('test', `wrong ${n}`);

  it('prints a readable short code under the member code, which a staffer types to scan the member', async () => {
    const code = await memberCode();
    expect(code.shortCode).toMatch(new RegExp(`^[${SHORT_CODE_ALPHABET}]{4}-[${SHORT_CODE_ALPHABET}]{4}$`));
    expect(code.shortCode).not.toMatch(/[01OI]/);
    // Typed in lower case without the dash, as people do.
    const res = await resolve(scanner, code.shortCode.replace('-', '').toLowerCase(), 'member');
    expect(res.statusCode).toBe(200);
    expect(json(res).text).toBe(code.code);
    const scan = await t.app.inject({ method: 'POST', url: '/api/v1/staff/scan', headers: scanner, payload: { token: json(res).text } });
    expect(scan.statusCode).toBe(200);
    expect(json(scan)).toMatchObject({ valid: true, maskedName: '王*国' });
  });

  it('resolves only for its purpose: a member short code does not check in a booking or redeem a voucher', async () => {
    const { shortCode } = await memberCode();
    for (const purpose of ['booking', 'voucher', 'place']) {
      const res = await resolve(scanner, shortCode, purpose, '10.1.0.1');
      expect({ purpose, status: res.statusCode, code: json(res).error.code }).toEqual({ purpose, status: 404, code: 'short_codes.not_found' });
      expect(json(res).error.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('prints one under the place code on a staffer’s phone, which a member types on 扫一扫', async () => {
    const admin = (await login(t.app, '13800000001')).auth;
    const station = json(await t.app.inject({ method: 'GET', url: '/api/v1/admin/places?kind=station&limit=1', headers: admin })).items[0];
    const place = json(await t.app.inject({ method: 'GET', url: `/api/v1/staff/places/station/${station.id}/code`, headers: scanner }));
    expect(place.shortCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(json(await resolve(member, place.shortCode, 'place', '10.1.0.2')).text).toBe(place.code);
    expect((await resolve(member, place.shortCode, 'member', '10.1.0.2')).statusCode).toBe(404);
  });

  it('expires with its QR: the same member code a minute later is refused, and the new code has a new short code', async () => {
    clock = Date.now();
    const first = await memberCode();
    clock = Date.parse(first.expiresAt) + 1_000;
    const late = await resolve(scanner, first.shortCode, 'member', '10.1.0.3');
    expect(late.statusCode).toBe(404);
    expect(json(late).error.code).toBe('short_codes.not_found');
    const next = await memberCode();
    expect(next.shortCode).not.toBe(first.shortCode);
    expect(json(await resolve(scanner, next.shortCode, 'member', '10.1.0.3')).text).toBe(next.code);
  });

  it('limits wrong tries per account: the 11th try in 15 minutes is 429 with Retry-After, even with a right code', async () => {
    const clerk = (await login(t.app, '13800000006')).auth;
    for (let i = 0; i < 10; i++) expect((await resolve(clerk, bogus(i), 'member', '10.2.0.1')).statusCode).toBe(404);
    const { shortCode } = await memberCode();
    // From another IP too: the limit follows the account.
    const blocked = await resolve(clerk, shortCode, 'member', '10.2.0.2');
    expect(blocked.statusCode).toBe(429);
    expect(json(blocked).error).toMatchObject({ code: 'short_codes.too_many_tries', message: '输错次数过多，请稍后再试，或直接扫码' });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    // Another staffer is not held up by it.
    expect((await resolve(scanner, shortCode, 'member', '10.2.0.3')).statusCode).toBe(200);
    // Once the window has closed the account may try again.
    clock = Date.now() + 15 * 60_000 + 1_000;
    const again = await memberCode();
    expect((await resolve(clerk, again.shortCode, 'member', '10.2.0.2')).statusCode).toBe(200);
  });

  it('limits wrong tries per IP across accounts (50 in 15 minutes), so one address cannot spray with many accounts', async () => {
    const ip = '10.3.0.1';
    const accounts = [];
    for (let a = 0; a < 6; a++) accounts.push((await login(t.app, `1370000000${a}`)).auth);
    for (let a = 0; a < 5; a++) {
      for (let i = 0; i < 10; i++) expect((await resolve(accounts[a]!, bogus(100 + a * 10 + i), 'place', ip)).statusCode).toBe(404);
    }
    const sixth = await resolve(accounts[5]!, bogus(999), 'place', ip);
    expect(sixth.statusCode).toBe(429);
    expect(json(sixth).error.code).toBe('short_codes.too_many_tries');
    // The same account from another address is still allowed its own tries.
    expect((await resolve(accounts[5]!, bogus(998), 'place', '10.3.0.2')).statusCode).toBe(404);
  });

  it('answers 400 in Chinese for an empty or overlong code or an unknown purpose', async () => {
    for (const payload of [
      { code: '', purpose: 'member' },
      { code: 'X'.repeat(21), purpose: 'member' },
      { code: 'K7QM-3XPA', purpose: 'door' },
      { code: 'K7QM-3XPA' },
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/short-codes/resolve', headers: scanner, payload, remoteAddress: '10.4.0.1' });
      expect(res.statusCode).toBe(400);
      expect(json(res).error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/short-codes/resolve', payload: { code: 'K7QM-3XPA', purpose: 'member' } })).statusCode).toBe(
      401,
    );
  });
});

describe('short codes: a code held by another live QR', () => {
  let t: TestApp;
  let clock = Date.now();
  beforeAll(async () => {
    t = await buildTestApp({ seed: false });
  });
  afterAll(() => t.close());

  it('is never taken from a live QR (that QR gets no short code), and is taken over once the other QR has expired', async () => {
    const service = createShortCodesService({ db: t.database.db, now: () => new Date(clock) });
    const code = deriveShortCode('member', 'm.c1.mine');
    // Another QR whose code happens to be the same 40 bits, live for another minute.
    await t.database.db.insert(shortCodes).values({ code, purpose: 'member', target: 'm.c1.other', expiresAt: new Date(clock + 60_000) });
    const [mine, again] = await service.issue([
      { purpose: 'member', text: 'm.c1.mine', expiresAt: new Date(clock + 60_000) },
      { purpose: 'member', text: 'm.c1.mine', expiresAt: new Date(clock + 60_000) },
    ]);
    expect([mine, again]).toEqual([null, null]);
    clock += 61_000;
    expect(await service.issue([{ purpose: 'member', text: 'm.c1.mine', expiresAt: new Date(clock + 60_000) }])).toEqual([formatShortCode(code)]);
    expect(await service.resolve(code, 'member', { accountId: 'a', ip: '10.9.0.1' })).toEqual({ text: 'm.c1.mine' });
    // The clean-up job drops it an hour after it expired.
    clock += 60_000 + 3_600_000 + 1_000;
    expect(await service.cleanUp()).toBe(1);
    expect(await t.database.db.select().from(shortCodes)).toEqual([]);
  });
});

const onRealPostgres = process.env.TEST_DATABASE_URL ? it : it.skip;

describe('short codes: wrong tries in parallel', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ seed: false });
  });
  afterAll(() => t.close());

  const outcome = (p: Promise<unknown>) =>
    p.then(
      () => 'resolved',
      (e: { code?: string }) => e.code ?? String(e),
    );
  const missesOf = async (key: string) =>
    ((await t.database.db.execute(sql`select misses from short_code_misses where key = ${key}`)) as unknown as { rows: { misses: number }[] }).rows[0]?.misses;

  onRealPostgres('40 wrong tries at once: exactly 10 are looked up (404), the 30 beyond the limit are refused (429), then a right code too', async () => {
    const service = createShortCodesService({ db: t.database.db, limits: { account: 10, ip: 1_000, windowSeconds: 900 } });
    const [right] = await service.issue([{ purpose: 'member', text: 'm.c1.parallel', expiresAt: new Date(Date.now() + 60_000) }]);
    const who = { accountId: 'parallel-wrong', ip: '10.8.0.1' };
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => outcome(service.resolve(deriveShortCode('test', `parallel ${i}`), 'member', who))));
    expect(results.filter((r) => r === 'short_codes.not_found')).toHaveLength(10);
    expect(results.filter((r) => r === 'short_codes.too_many_tries')).toHaveLength(30);
    expect(await missesOf('account:parallel-wrong')).toBe(10);
    expect(await outcome(service.resolve(right!, 'member', who))).toBe('short_codes.too_many_tries');
  });

  // A try is counted while it is looked up, so an account has at most `limit` tries in flight at once (a person types
  // one code at a time); right ones are then taken back out.
  onRealPostgres('right codes typed at once (up to the limit) all resolve and are not counted as wrong tries', async () => {
    const service = createShortCodesService({ db: t.database.db, limits: { account: 10, ip: 1_000, windowSeconds: 900 } });
    const [right] = await service.issue([{ purpose: 'member', text: 'm.c1.parallel-right', expiresAt: new Date(Date.now() + 60_000) }]);
    const who = { accountId: 'parallel-right', ip: '10.8.0.2' };
    const results = await Promise.all(Array.from({ length: 10 }, () => outcome(service.resolve(right!, 'member', who))));
    expect(results).toEqual(Array.from({ length: 10 }, () => 'resolved'));
    expect(await missesOf('account:parallel-right')).toBe(0);
  });
});
