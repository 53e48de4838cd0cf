import { sql } from 'drizzle-orm';
import { buildTestApp, json, login, type TestApp } from '../../../test/helpers';
import type { Database } from '../../db/client';
import { createCodeSigner } from '../../lib/signed-codes';
import { createMemberCodes } from './members.codes';

/** A clock the test moves; the app reads it for codes (JWTs keep the real clock). */
function testClock() {
  let offsetMs = 0;
  return { now: () => new Date(Date.now() + offsetMs), set: (at: number) => (offsetMs = at - Date.now()) };
}

const scan = (t: TestApp, auth: Record<string, string>, token: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/staff/scan', headers: auth, payload: { token } });
const newCode = async (t: TestApp, auth: Record<string, string>) => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/members/me/code', headers: auth });
  expect(res.statusCode).toBe(200);
  return json<{ code: string; expiresAt: string; refreshAt: string; expiresIn: number; refreshIn: number }>(res);
};

describe('the member code', () => {
  const clock = testClock();
  let t: TestApp;
  let member: Awaited<ReturnType<typeof login>>;
  let scanner: Awaited<ReturnType<typeof login>>;
  let second: Awaited<ReturnType<typeof login>>;
  beforeAll(async () => {
    t = await buildTestApp({ now: clock.now });
    member = await login(t.app, '13900000002');
    second = await login(t.app, '13900000003');
    scanner = await login(t.app, '13800000005');
  });
  afterAll(() => t.close());
  afterEach(() => clock.set(Date.now()));

  it('is accepted for at most 60 seconds, measured by scanning it, and is refreshed halfway', async () => {
    const issuedAt = Date.parse('2026-11-24T10:00:07.000Z');
    clock.set(issuedAt);
    const code = await newCode(t, member.auth);
    expect(code.code).toMatch(/^m\./);
    expect(Date.parse(code.refreshAt)).toBeLessThan(Date.parse(code.expiresAt));
    expect(code.expiresIn).toBeCloseTo((Date.parse(code.expiresAt) - issuedAt) / 1000, 0);
    expect(code.refreshIn).toBeCloseTo((Date.parse(code.refreshAt) - issuedAt) / 1000, 0);

    // Find the real window by scanning across it, second by second, from 70 s before to 70 s after issue.
    const outcomes: { s: number; status: number; code?: string }[] = [];
    for (let s = -70; s <= 70; s++) {
      clock.set(issuedAt + s * 1000);
      const res = await scan(t, scanner.auth, code.code);
      outcomes.push({ s, status: res.statusCode, code: res.statusCode === 200 ? undefined : res.json().error.code });
    }
    const accepted = outcomes.filter((o) => o.status === 200).map((o) => o.s);
    // Before the window the code is from the future, after it expired; nothing else refuses it.
    expect(new Set(outcomes.filter((o) => o.s < accepted[0]!).map((o) => o.code))).toEqual(new Set(['codes.future']));
    expect(new Set(outcomes.filter((o) => o.s > accepted.at(-1)!).map((o) => o.code))).toEqual(new Set(['codes.expired']));
    expect(outcomes.filter((o) => o.s >= accepted[0]! && o.s <= accepted.at(-1)!).map((o) => o.status)).toEqual(accepted.map(() => 200));
    const lifetime = accepted.at(-1)! - accepted[0]! + 1;
    expect(lifetime).toBeLessThanOrEqual(60 + 5); // at most 60 s, plus the 5 s allowed for a fast phone clock
    expect(accepted[0]).toBeLessThanOrEqual(0);
    expect(accepted.at(-1)! * 1000).toBeLessThan(Date.parse(code.expiresAt) - issuedAt);
    // The code on screen always has at least 30 s left when the next one is fetched.
    expect(Date.parse(code.expiresAt) - Date.parse(code.refreshAt)).toBeGreaterThanOrEqual(30_000);

    clock.set(Date.parse(code.expiresAt));
    const expired = await scan(t, scanner.auth, code.code);
    expect(expired.statusCode).toBe(422);
    expect(expired.json().error).toMatchObject({ code: 'codes.expired', message: '会员码已过期，请对方刷新后重新出示' });
  });

  it('shows the member’s own union staff the status and the masked number, and nothing in full', async () => {
    const { code } = await newCode(t, member.auth);
    const res = await scan(t, scanner.auth, code);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ valid: true, inScope: true, maskedName: '王*国', orgName: '西城区新街口街道总工会', status: 'active' });
    expect(body.memberNo).toMatch(/^110102\*{5}\d{3}$/);
    expect(res.body).not.toContain('王建国');
    // The district union above the street union sees the same.
    const district = await login(t.app, '13800000006');
    expect(json(await scan(t, district.auth, code))).toMatchObject({ valid: true, inScope: true, status: 'active' });
  });

  it('shows staff of another union only that the member is valid, the masked name and the union', async () => {
    const { code } = await newCode(t, member.auth);
    const other = await login(t.app, '13800000002');
    const body = json(await scan(t, other.auth, code));
    expect(body).toEqual({
      valid: true,
      inScope: false,
      maskedName: '王*国',
      orgName: '西城区新街口街道总工会',
      status: null,
      memberNo: null,
      codeExpiresAt: expect.any(String),
    });
  });

  it('names the right member when many members are scanned at once (their lookups share one query)', async () => {
    const [a, b] = await Promise.all([newCode(t, member.auth), newCode(t, second.auth)]);
    const order = Array.from({ length: 24 }, (_, i) => (i % 3 === 0 ? b.code : a.code));
    const results = await Promise.all(order.map((code) => scan(t, scanner.auth, code)));
    expect(results.map((r) => r.json().maskedName)).toEqual(order.map((code) => (code === a.code ? '王*国' : '李*兰')));
  });

  it('looks up the members of scans that arrive in separate ticks of one moment in one query', async () => {
    // The database as the app's, counting the queries that reach it.
    let queries = 0;
    const client = (t.database.db as unknown as { $client: { query: (...args: unknown[]) => unknown } }).$client;
    const counting = new Proxy(client, {
      get: (target, key, receiver) =>
        key === 'query'
          ? (...args: unknown[]) => {
              queries += 1;
              return target.query(...args);
            }
          : Reflect.get(target, key, receiver),
    });
    const db = new Proxy(t.database.db, { get: (target, key, receiver) => (key === '$client' ? counting : Reflect.get(target, key, receiver)) }) as Database;
    const codes = createMemberCodes({ db, keys: t.config.codes, cacheTtlMs: 0, now: clock.now });
    const [a, b] = await Promise.all([newCode(t, member.auth), newCode(t, second.auth)]);
    // As HTTP requests arrive: each scan starts after the previous one's tick (and its promise jobs) has run.
    const pending = [];
    for (let i = 0; i < 12; i++) {
      pending.push(codes.verify(i % 2 ? a.code : b.code));
      await new Promise((resolve) => process.nextTick(resolve));
    }
    const scanned = await Promise.all(pending);
    expect(scanned.map((m) => m.name)).toEqual(Array.from({ length: 12 }, (_, i) => (i % 2 ? '王建国' : '李秀兰')));
    expect(queries).toBe(1);
  });

  it('is reusable within its minute: the same code scanned twice is valid twice', async () => {
    const { code } = await newCode(t, member.auth);
    expect((await scan(t, scanner.auth, code)).statusCode).toBe(200);
    expect((await scan(t, scanner.auth, code)).statusCode).toBe(200);
  });

  it('refuses tampered, forged, unknown-key, wrong-purpose, static, future and malformed codes, each with its code', async () => {
    const { code } = await newCode(t, member.auth);
    const [purpose, kid, subject, step, mac] = code.split('.') as [string, string, string, string, string];
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    const signer = createCodeSigner(t.config.codes, { stepSeconds: 30 });
    const membershipId = (subjectPacked: string) => {
      const hex = Buffer.from(subjectPacked, 'base64url').toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    };
    const otherMember = '0f9c2a52-7b1e-4c1a-9d7e-2b8f1c3d4e5f';
    const cases: [string, string, number][] = [
      [`${purpose}.${kid}.${subject}.${step}.${flip(mac)}`, 'codes.invalid', 422],
      // Another member's code cannot be made from one's own: the subject is signed.
      [`${purpose}.${kid}.${Buffer.from(otherMember.replace(/-/g, ''), 'hex').toString('base64url')}.${step}.${mac}`, 'codes.invalid', 422],
      [`${purpose}.${kid}.${subject}.${(parseInt(step, 36) + 1).toString(36)}.${mac}`, 'codes.invalid', 422],
      [`${purpose}.zz9.${subject}.${step}.${mac}`, 'codes.unknown_key', 422],
      [signer.signRotating('p', membershipId(subject)).code, 'codes.wrong_kind', 422],
      [signer.signStatic('m', membershipId(subject)), 'codes.wrong_kind', 422],
      [signer.signRotating('m', membershipId(subject), Date.now() / 1000 + 120).code, 'codes.future', 422],
      [signer.signRotating('m', membershipId(subject), Date.now() / 1000 - 61).code, 'codes.expired', 422],
      [signer.signRotating('m', otherMember).code, 'codes.member_not_found', 404],
      ['not a code', 'codes.malformed', 400],
      [`${code}.x`, 'codes.malformed', 400],
    ];
    for (const [token, errorCode, status] of cases) {
      const res = await scan(t, scanner.auth, token);
      expect({ token, status: res.statusCode, code: res.json().error?.code }).toEqual({ token, status, code: errorCode });
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const empty = await scan(t, scanner.auth, '');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('request.invalid');
  });

  it('is only for members, and only staff scan it', async () => {
    const applicant = await login(t.app, '13900000001');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/members/me/code', headers: applicant.auth });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('members.not_member');
    const { code } = await newCode(t, member.auth);
    const byMember = await scan(t, member.auth, code);
    expect(byMember.statusCode).toBe(403);
    expect(res.headers['cache-control']).toContain('no-store');
  });

  it('leaves an audit record of each scan, refused ones included, without the token', async () => {
    const { code } = await newCode(t, member.auth);
    await scan(t, scanner.auth, code);
    await scan(t, scanner.auth, `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`);
    await new Promise((r) => setTimeout(r, 400));
    const rows = (await t.database.db.execute(
      sql`select action, target_id, detail from audit_log where action = 'member_code.scan' and actor_account_id = ${scanner.account.id}`,
    )) as unknown as {
      rows: { action: string; target_id: string; detail: Record<string, unknown> }[];
    };
    expect(rows.rows.some((r) => r.detail.outcome === 'valid' && r.detail.inScope === true)).toBe(true);
    expect(rows.rows.some((r) => r.detail.outcome === 'codes.invalid')).toBe(true);
    expect(JSON.stringify(rows.rows)).not.toContain(code);
    expect(t.logs()).not.toContain(code);
  });
});

describe('a member code of a membership that has ended', () => {
  it('scans as not valid (the ended member is not shown as a member)', async () => {
    const t = await buildTestApp({ env: { SCAN_CACHE_MS: '0' } });
    try {
      const member = await login(t.app, '13900000002');
      const scanner = await login(t.app, '13800000005');
      const { code } = await newCode(t, member.auth);
      await t.database.db.execute(sql`update memberships set status = 'left', ended_at = now()`);
      const body = json(await scan(t, scanner.auth, code));
      expect(body).toMatchObject({ valid: false, status: 'left' });
    } finally {
      await t.close();
    }
  });
});
