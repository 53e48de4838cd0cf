import type { SmsProvider } from '../../adapters/sms/sms.adapter';
import { bearer, buildTestApp, claimsOf, json, login, signAccessToken, type TestApp } from '../../../test/helpers';

const sms = (t: TestApp, phone: string, ip = '10.1.0.1') => t.app.inject({ method: 'POST', url: '/api/v1/auth/sms', payload: { phone }, remoteAddress: ip });
const loginWith = (t: TestApp, phone: string, code: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone, code } });

describe('phone + SMS code login', () => {
  let t: TestApp;
  let clock = Date.now();
  beforeAll(async () => {
    t = await buildTestApp({ now: () => new Date(clock) });
  });
  afterAll(() => t.close());

  it('sends a 6-digit code and logs in with it, creating the account once', async () => {
    const res = await sms(t, '13700000001');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ resendAfter: 60, expiresIn: 300 });
    expect(body.devCode).toMatch(/^\d{6}$/);

    const ok = await loginWith(t, '13700000001', body.devCode);
    expect(ok.statusCode).toBe(200);
    const session = ok.json();
    expect(session.account.phone).toBe('137****0001');
    expect(session.accessToken.split('.')).toHaveLength(3);
    expect(session.expiresIn).toBe(900);

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${session.accessToken}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ account: { id: session.account.id, phone: '137****0001' }, roles: ['applicant'], grants: [], membership: null });
  });

  it('accepts a code only once', async () => {
    clock += 120_000;
    const code = json(await sms(t, '13700000002')).devCode;
    expect((await loginWith(t, '13700000002', code)).statusCode).toBe(200);
    const again = await loginWith(t, '13700000002', code);
    expect(again.statusCode).toBe(400);
    expect(again.json().error).toMatchObject({ code: 'auth.code_expired', field: 'code' });
  });

  it('rejects a code after 5 minutes', async () => {
    const code = json(await sms(t, '13700000003')).devCode;
    clock += 5 * 60_000 + 1_000;
    const res = await loginWith(t, '13700000003', code);
    expect(res.json().error.code).toBe('auth.code_expired');
    expect(res.json().error.message).toBe('验证码已过期，请重新获取');
  });

  it('locks the code after 5 wrong tries, even for the right code', async () => {
    const code = json(await sms(t, '13700000004')).devCode;
    const wrong = code === '000000' ? '111111' : '000000';
    const messages: string[] = [];
    for (let i = 0; i < 5; i++) messages.push(json(await loginWith(t, '13700000004', wrong)).error.message);
    expect(messages.slice(0, 4)).toEqual(['验证码错误，还可以再试4次', '验证码错误，还可以再试3次', '验证码错误，还可以再试2次', '验证码错误，还可以再试1次']);
    expect(messages[4]).toBe('验证码错误次数过多，请重新获取');
    const right = await loginWith(t, '13700000004', code);
    expect(right.json().error.code).toBe('auth.code_locked');
  });

  it('throttles resends per phone, and a new code replaces the old one', async () => {
    clock += 600_000;
    const first = json(await sms(t, '13700000005')).devCode;
    const tooSoon = await sms(t, '13700000005');
    expect(tooSoon.statusCode).toBe(429);
    expect(tooSoon.json().error.code).toBe('auth.sms_too_frequent');
    expect(tooSoon.json().error.retryAfter).toBeGreaterThan(0);
    // A resend may draw the same six digits (one chance in a million): ask again until the code is a new one.
    let second = first;
    while (second === first) {
      clock += 61_000;
      second = json(await sms(t, '13700000005')).devCode;
    }
    expect((await loginWith(t, '13700000005', first)).statusCode).toBe(400);
    expect((await loginWith(t, '13700000005', second)).statusCode).toBe(200);
  });

  it('caps codes per phone per day', async () => {
    const phone = '13700000006';
    for (let i = 0; i < 10; i++) {
      clock += 61_000;
      expect((await sms(t, phone)).statusCode).toBe(200);
    }
    clock += 61_000;
    const res = await sms(t, phone);
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('auth.sms_daily_limit');
  });

  it('caps codes per IP per hour across phones', async () => {
    clock += 2 * 3_600_000;
    for (let i = 0; i < 30; i++) expect((await sms(t, `1360000${String(i).padStart(4, '0')}`, '10.9.9.9')).statusCode).toBe(200);
    const res = await sms(t, '13600009999', '10.9.9.9');
    expect(res.statusCode).toBe(429);
    expect(res.json().error.message).toBe('该网络获取验证码太频繁，请稍后再试');
    expect((await sms(t, '13600009999', '10.9.9.10')).statusCode).toBe(200);
  });

  it('never writes a full phone number or code to the log', async () => {
    const code = json(await sms(t, '13700000007')).devCode;
    expect((await loginWith(t, '13700000007', code)).statusCode).toBe(200);
    const logs = t.logs();
    expect(logs).toContain('137****0007');
    expect(logs).not.toMatch(/(?<![0-9])(13700000007|13700000001|13600000001)(?![0-9])/);
  });
});

describe('tokens: refresh rotation, reuse detection, logout, /me', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const refresh = (token: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: token } });

  it('rotates the refresh token; replaying an old one revokes the whole login', async () => {
    const s = await login(t.app, '13700000010');
    const r1 = await refresh(s.refreshToken);
    expect(r1.statusCode).toBe(200);
    const next = r1.json();
    expect(next.refreshToken).not.toBe(s.refreshToken);
    const replay = await refresh(s.refreshToken);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('auth.refresh_invalid');
    // The thief's replay also kills the legitimate successor.
    expect((await refresh(next.refreshToken)).statusCode).toBe(401);
  });

  it('lets only one of many simultaneous refreshes of the same token win', async () => {
    const s = await login(t.app, '13700000011');
    const results = await Promise.all(Array.from({ length: 10 }, () => refresh(s.refreshToken)));
    // The first conditional revoke wins; every other request sees the token spent.
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.every((r) => r.statusCode === 200 || r.statusCode === 401)).toBe(true);
  });

  it('logout revokes the refresh token', async () => {
    const s = await login(t.app, '13700000012');
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: s.auth, payload: { refreshToken: s.refreshToken } });
    expect(out.statusCode).toBe(204);
    expect((await refresh(s.refreshToken)).statusCode).toBe(401);
  });

  it('shows staff their grants and roles on /me', async () => {
    const staff = await login(t.app, '13800000001');
    const me = json(await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: staff.auth }));
    expect(me.roles).toEqual(['staff']);
    expect(me.grants.map((g: { role: string; orgName: string }) => `${g.role}@${g.orgName}`).sort()).toEqual([
      'admin@西城区新街口街道总工会',
      'reviewer@西城区新街口街道总工会',
    ]);
    const operator = json(await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: (await login(t.app, '13800000000')).auth }));
    expect(operator.roles).toContain('operator');
  });

  it('rejects missing, malformed, forged and expired access tokens with 401 codes', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error).toMatchObject({ code: 'auth.required', message: '请先登录' });
    const garbage = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer nope' } });
    expect(garbage.json().error.code).toBe('auth.token_invalid');
    const forged = signAccessToken(t.config, { sub: '00000000-0000-0000-0000-000000000000' }, { key: 'x'.repeat(40) });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(forged) })).json().error.code).toBe('auth.token_invalid');
    const noneAlg = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"x","typ":"access"}').toString('base64url')}.x`;
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${noneAlg}` } })).statusCode).toBe(401);
    const issued = Math.floor(Date.now() / 1000) - 60;
    const expired = signAccessToken(t.config, { sub: '00000000-0000-0000-0000-000000000000', iat: issued, exp: issued + 59 });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(expired) })).json().error.code).toBe('auth.token_expired');
  });

  it('refuses a token that has expired even after it was verified (and remembered) while valid', async () => {
    const { accessToken } = await login(t.app, '13900000002');
    const claims = claimsOf(accessToken);
    const issued = Math.floor(Date.now() / 1000);
    const short = signAccessToken(t.config, { sub: claims.sub, sid: claims.sid, iat: issued, exp: issued + 2 });
    const me = () => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(short) });
    expect((await me()).statusCode).toBe(200);
    expect((await me()).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 2_100));
    expect((await me()).json().error.code).toBe('auth.token_expired');
  });

  it('logs in with WeChat through the adapter and maps a rejected code to a clear error', async () => {
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/auth/wechat', payload: { code: 'wx-code-abc' } });
    expect(first.statusCode).toBe(200);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/wechat', payload: { code: 'wx-code-abc' } });
    expect(again.json().account.id).toBe(first.json().account.id);
    expect(first.json().account).toMatchObject({ phone: null, hasWechat: true });
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/wechat', payload: { code: 'invalid-code' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'auth.wechat_failed', message: '微信登录失败，请使用手机号登录' });
  });

  it('signs in with one tap on the WeChat phone: the same account and phone as an SMS login, no code typed', async () => {
    const viaSms = await login(t.app, '13700001234');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/wechat-phone', payload: { code: 'phone-13700001234' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().account).toMatchObject({ id: viaSms.account.id, phone: '137****1234' });
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${res.json().accessToken}` } });
    expect(me.json().account.id).toBe(viaSms.account.id);
    // The refresh token works like any other login's.
    const refreshed = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: res.json().refreshToken } });
    expect(refreshed.statusCode).toBe(200);
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/wechat-phone', payload: { code: 'invalid-code' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'auth.wechat_phone_failed', message: '微信手机号获取失败，请用短信验证码登录' });
  });
});

describe('bad input never gets a 5xx', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const post = (url: string, payload: string, contentType = 'application/json') =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers: { 'content-type': contentType } });

  it.each([
    ['+86 prefix', '+8613800000000'],
    ['dashes', '138-0000-0000'],
    ['spaces', '138 0000 0000'],
    ['10 digits', '1380000000'],
    ['12 digits', '138000000000'],
    ['landline', '01012345678'],
    ['letters', '1380000000a'],
    ['full-width digits', '１３８００００００００'],
  ])('rejects a phone with %s', async (_label, phone) => {
    const res = await post('/auth/sms', JSON.stringify({ phone }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'request.invalid', field: 'phone', message: '请输入11位手机号（不含+86、空格或横线）' });
  });

  it.each([
    ['malformed JSON', '/auth/sms', '{"phone":', 400, 'request.malformed_json'],
    ['an empty body', '/auth/sms', '', 400, 'request.malformed_json'],
    ['a number for the phone', '/auth/sms', '{"phone":13800000000}', 400, 'request.invalid'],
    ['an array body', '/auth/sms', '[]', 400, 'request.invalid'],
    ['a missing field', '/auth/login', '{"phone":"13800000000"}', 400, 'request.invalid'],
    ['a 5-digit code', '/auth/login', '{"phone":"13800000000","code":"12345"}', 400, 'request.invalid'],
    ['an unknown field', '/auth/sms', '{"phone":"13800000000","admin":true}', 400, 'request.invalid'],
    ['a too-short refresh token', '/auth/refresh', '{"refreshToken":"x"}', 400, 'request.invalid'],
    ['a WeChat code with odd characters', '/auth/wechat', '{"code":"<script>"}', 400, 'request.invalid'],
  ])('answers %s with %i %s', async (_label, url, payload, status, code) => {
    const res = await post(url, payload);
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('names the unknown field', async () => {
    const res = await post('/auth/sms', '{"phone":"13800000000","admin":true}');
    expect(res.json().error).toMatchObject({ field: 'admin', message: '不支持的字段：admin' });
  });

  it('answers an oversized body with 413', async () => {
    const res = await post('/auth/sms', JSON.stringify({ phone: '13800000000', pad: 'x'.repeat(64 * 1024) }));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('request.body_too_large');
  });

  it('answers a wrong content type with 415', async () => {
    const res = await post('/auth/sms', 'phone=13800000000', 'application/x-www-form-urlencoded');
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('request.unsupported_media_type');
  });

  it('answers bad query parameters on /orgs with 400', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/orgs?limit=abc' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('limit');
    const near = await t.app.inject({ method: 'GET', url: '/api/v1/orgs?near=beijing' });
    expect(near.json().error.message).toContain('纬度,经度');
  });
});

describe('SMS provider failures', () => {
  it('answers 502 with a retryable message and lets the user ask again at once; no devCode from a real provider', async () => {
    let fail = true;
    const provider: SmsProvider = {
      name: 'tencent',
      async sendLoginCode() {
        if (fail) throw new Error('provider down');
        return {};
      },
    };
    const t = await buildTestApp({ sms: provider, seed: false });
    try {
      const res = await sms(t, '13700000020');
      expect(res.statusCode).toBe(502);
      expect(res.json().error).toMatchObject({ code: 'auth.sms_send_failed', message: '短信发送失败，请稍后重试' });
      fail = false;
      const retry = await sms(t, '13700000020');
      expect(retry.statusCode).toBe(200);
      expect(retry.json().devCode).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});

describe('concurrency (meaningful on real PostgreSQL; PGlite serialises)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ seed: false });
  });
  afterAll(() => t.close());

  it('sends exactly one code when 30 requests for the same phone arrive at once', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => sms(t, '13700000030', `10.3.0.${i}`)));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 429)).toHaveLength(29);
  });

  it('lets a code log in exactly once when 30 logins race with it, and creates one account', async () => {
    const code = json(await sms(t, '13700000031')).devCode;
    const results = await Promise.all(Array.from({ length: 30 }, () => loginWith(t, '13700000031', code)));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.every((r) => r.statusCode === 200 || r.statusCode === 400)).toBe(true);
  });

  it('counts every wrong try when 20 race, so the 5-try lock cannot be bypassed', async () => {
    const code = json(await sms(t, '13700000032')).devCode;
    const wrong = code === '000000' ? '111111' : '000000';
    await Promise.all(Array.from({ length: 20 }, () => loginWith(t, '13700000032', wrong)));
    expect(json(await loginWith(t, '13700000032', code)).error.code).toBe('auth.code_locked');
  });
});

describe('SMS limits that hold under concurrency (meaningful on real PostgreSQL)', () => {
  it('sends exactly K codes when 30 requests for different phones arrive at once from one IP with an hourly IP limit of K', async () => {
    const t = await buildTestApp({ seed: false, env: { SMS_HOURLY_LIMIT_PER_IP: '5' } });
    try {
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => sms(t, `1350000${String(i).padStart(4, '0')}`, '10.77.0.1')));
      expect(results.filter((r) => r.statusCode === 200)).toHaveLength(5);
      expect(results.filter((r) => r.statusCode === 429).every((r) => r.json().error.code === 'auth.sms_too_frequent')).toBe(true);
      expect(results.filter((r) => r.statusCode === 429)).toHaveLength(25);
      // Other networks are not affected.
      expect((await sms(t, '13500009999', '10.77.0.2')).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('caps all codes sent in a day, across phones and networks, exactly, even when they race', async () => {
    const t = await buildTestApp({ seed: false, env: { SMS_DAILY_LIMIT_TOTAL: '4' } });
    try {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => sms(t, `1340000${String(i).padStart(4, '0')}`, `10.78.0.${i}`)));
      expect(results.filter((r) => r.statusCode === 200)).toHaveLength(4);
      const refused = results.filter((r) => r.statusCode !== 200);
      expect(refused).toHaveLength(16);
      expect(refused.every((r) => r.statusCode === 429 && r.json().error.code === 'auth.sms_global_limit')).toBe(true);
      expect(refused[0]!.json().error.message).toBe('今天的验证码发送量已达上限，请明天再试或使用微信登录');
    } finally {
      await t.close();
    }
  });

  it('does not count a code the provider failed to send against the daily total', async () => {
    let fail = true;
    const provider: SmsProvider = {
      name: 'tencent',
      async sendLoginCode() {
        if (fail) throw new Error('provider down');
        return {};
      },
    };
    const t = await buildTestApp({ sms: provider, seed: false, env: { SMS_DAILY_LIMIT_TOTAL: '1' } });
    try {
      expect((await sms(t, '13300000001')).statusCode).toBe(502);
      fail = false;
      expect((await sms(t, '13300000002')).statusCode).toBe(200);
      expect((await sms(t, '13300000003')).json().error.code).toBe('auth.sms_global_limit');
    } finally {
      await t.close();
    }
  });
});
