import { randomUUID } from 'node:crypto';
import { createWechatProvider } from '../../adapters/wechat/wechat.adapter';
import { createSmsProvider } from '../../adapters/sms/sms';
import { createFieldCrypto, randomToken, sha256 } from '../../lib/crypto';
import { buildSecondInstance, buildTestApp, claimsOf, json, login, within, type TestApp } from '../../../test/helpers';
import { insertRefreshToken } from './auth.repository';
import { createAuthService } from './auth.service';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * The auth service as another module (or another instance) would hold it: it shares only the
 * database with the app, so the app learns of its revocations through NOTIFY.
 */
function authServiceBeside(t: TestApp) {
  return createAuthService({
    db: t.database.db,
    crypto: createFieldCrypto(t.config.crypto),
    sms: createSmsProvider(t.config.sms, t.app.log),
    wechat: createWechatProvider(t.config.wechat),
    config: t.config,
    signAccessToken: () => {
      throw new Error('not used here');
    },
    isStaff: async () => false,
    revocations: { markRevoked: () => undefined },
    grantsOf: async () => [],
    membershipOf: async () => null,
    log: t.app.log,
  });
}

describe('token lifetimes, read from real tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('signs access tokens for 15 minutes at login and at refresh, with issuer, audience and session', async () => {
    const s = await login(t.app, '13700000101');
    const first = claimsOf(s.accessToken);
    expect((first.exp as number) - (first.iat as number)).toBe(900);
    expect(first).toMatchObject({ sub: s.account.id, typ: 'access', iss: 'union-app', aud: 'union-app' });
    expect(first.sid).toMatch(/^[0-9a-f-]{36}$/);

    const refreshed = json(await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: s.refreshToken } }));
    const second = claimsOf(refreshed.accessToken);
    expect((second.exp as number) - (second.iat as number)).toBe(900);
    expect(refreshed.expiresIn).toBe(900);
    expect(second.sid).toBe(first.sid);
  });
});

describe('sessions end on the server', () => {
  let t: TestApp;
  const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) });
  const refresh = (token: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: token } });
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  beforeAll(async () => {
    t = await buildTestApp({ env: { SMS_RESEND_SECONDS: '1' } });
  });
  afterAll(() => t.close());

  it('refuses the access token as soon as the user logs out', async () => {
    const s = await login(t.app, '13700000102');
    expect((await me(s.accessToken)).statusCode).toBe(200);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: s.auth, payload: {} });
    expect(out.statusCode).toBe(204);
    const after = await me(s.accessToken);
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toMatchObject({ code: 'auth.session_revoked', message: '登录已失效，请重新登录' });
    expect((await refresh(s.refreshToken)).json().error.code).toBe('auth.refresh_invalid');
  });

  it('ends only the session logged out of, not the account’s other logins', async () => {
    const wx = () => t.app.inject({ method: 'POST', url: '/api/v1/auth/wechat', payload: { code: 'wx-two-phones' } });
    const phoneA = json(await wx());
    const phoneB = json(await wx());
    expect(phoneA.account.id).toBe(phoneB.account.id);
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(phoneA.accessToken) });
    expect((await me(phoneA.accessToken)).statusCode).toBe(401);
    expect((await me(phoneB.accessToken)).statusCode).toBe(200);
  });

  it('refuses every access token of a session whose refresh token was replayed', async () => {
    const s = await login(t.app, '13700000103');
    const next = json(await refresh(s.refreshToken));
    expect((await me(next.accessToken)).statusCode).toBe(200);
    // Someone replays the rotated token: the thief and the owner both lose the session, access tokens included.
    expect((await refresh(s.refreshToken)).statusCode).toBe(401);
    for (const token of [s.accessToken, next.accessToken]) {
      const res = await me(token);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('auth.session_revoked');
    }
  });

  it('revokeAllSessions ends every session of the account at once, and nobody else’s', async () => {
    const staff = await login(t.app, '13800000003');
    const wx = json(await t.app.inject({ method: 'POST', url: '/api/v1/auth/wechat', payload: { code: 'wx-staff-other-device' } }));
    const bystander = await login(t.app, '13800000004');
    const ended = await authServiceBeside(t).revokeAllSessions(staff.account.id, 'grant_removed');
    expect(ended).toBe(1);
    // The app heard it through NOTIFY, not from this call.
    expect(await within(2_000, async () => (await me(staff.accessToken)).statusCode === 401)).toBeGreaterThanOrEqual(0);
    expect((await me(staff.accessToken)).json().error.code).toBe('auth.session_revoked');
    expect((await refresh(staff.refreshToken)).json().error.code).toBe('auth.refresh_invalid');
    expect((await me(wx.accessToken)).statusCode).toBe(200);
    expect((await me(bystander.accessToken)).statusCode).toBe(200);
  });

  it('a disabled account is signed out everywhere and cannot log in or refresh until enabled again', async () => {
    const scanner = await login(t.app, '13800000005');
    const service = authServiceBeside(t);
    await service.disableAccount(scanner.account.id, 'left the union office');
    expect(await within(2_000, async () => (await me(scanner.accessToken)).statusCode === 401)).toBeGreaterThanOrEqual(0);
    const again = await refresh(scanner.refreshToken);
    expect(again.statusCode).toBe(403);
    expect(again.json().error).toMatchObject({ code: 'auth.account_disabled', message: '该账号已停用，如有疑问请联系所在工会' });
    await pause(1_100);
    await expect(login(t.app, '13800000005')).rejects.toThrow(/login failed: 403 .*auth.account_disabled/);

    await service.enableAccount(scanner.account.id);
    await pause(1_100);
    const back = await login(t.app, '13800000005');
    expect((await me(back.accessToken)).statusCode).toBe(200);
  });
});

describe('staff and operator sessions have an absolute lifetime', () => {
  let t: TestApp;
  let clock = Date.now();
  const refresh = (token: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: token } });
  beforeAll(async () => {
    t = await buildTestApp({ now: () => new Date(clock) });
  });
  afterAll(() => t.close());

  it('cannot refresh a staff login past 12 hours, while a member’s login goes on', async () => {
    const staff = await login(t.app, '13800000001');
    const member = await login(t.app, '13900000002');
    let staffToken = staff.refreshToken;
    let memberToken = member.refreshToken;
    for (let hour = 1; hour <= 11; hour++) {
      clock += 3_600_000;
      const s = json(await refresh(staffToken));
      const m = json(await refresh(memberToken));
      expect(s.refreshToken).toBeDefined();
      staffToken = s.refreshToken;
      memberToken = m.refreshToken;
    }
    // 11h55m: the last access token stops at the session's end, not 15 minutes later.
    clock += 55 * 60_000;
    const last = json(await refresh(staffToken));
    const claims = claimsOf(last.accessToken);
    expect((claims.exp as number) - (claims.iat as number)).toBe(300);
    expect(last.expiresIn).toBe(300);
    staffToken = last.refreshToken;

    clock += 6 * 60_000;
    const over = await refresh(staffToken);
    expect(over.statusCode).toBe(401);
    expect(over.json().error).toMatchObject({ code: 'auth.session_expired', message: '工作人员登录已到期，为了账号安全请重新登录' });
    expect((await refresh(memberToken)).statusCode).toBe(200);
  });
});

describe('revocation reaches every instance', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('a logout on one instance is refused on another within a moment, and by an instance started later', async () => {
    const other = await buildSecondInstance(t);
    try {
      const s = await login(t.app, '13700000104');
      const onOther = () => other.app.inject({ method: 'GET', url: '/api/v1/me', headers: s.auth });
      expect((await onOther()).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: s.auth })).statusCode).toBe(204);
      const took = await within(2_000, async () => (await onOther()).statusCode === 401);
      expect(took).toBeGreaterThanOrEqual(0);
      expect((await onOther()).json().error.code).toBe('auth.session_revoked');
      console.info(`revocation seen by the other instance after ${took} ms (${t.database.driver})`);
    } finally {
      await other.close();
    }
    const later = await buildSecondInstance(t);
    try {
      const s2 = await login(t.app, '13700000105');
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: s2.auth });
      const fresh = await buildSecondInstance(t);
      try {
        // Loaded from the database at start, not only heard by notification.
        expect((await fresh.app.inject({ method: 'GET', url: '/api/v1/me', headers: s2.auth })).statusCode).toBe(401);
      } finally {
        await fresh.close();
      }
    } finally {
      await later.close();
    }
  });
});

describe('logins from before sessions existed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('refresh adopts the old refresh-token family as a session, so nobody is signed out by the upgrade', async () => {
    const s = await login(t.app, '13700000106');
    const familyId = randomUUID();
    const legacy = randomToken();
    // As the previous version stored it: a refresh token whose family has no session row.
    await insertRefreshToken(t.database.db, { accountId: s.account.id, familyId, tokenHash: sha256(legacy), expiresAt: new Date(Date.now() + 86_400_000) });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: legacy } });
    expect(res.statusCode).toBe(200);
    expect(claimsOf(res.json().accessToken).sid).toBe(familyId);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(res.json().accessToken) })).statusCode).toBe(200);
  });
});
