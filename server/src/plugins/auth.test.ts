import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import { createFieldCrypto } from '../lib/crypto';
import { createSmsProvider } from '../adapters/sms/sms';
import { createWechatProvider } from '../adapters/wechat/wechat.adapter';
import { createAuthService } from '../modules/auth/auth.service';
import { buildTestApp, login, type TestApp } from '../../test/helpers';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

/** Signs by hand, so nothing of the library under test helps the forger. */
function hmacToken(header: Record<string, unknown>, payload: Record<string, unknown>, key: string, hash = 'sha256') {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac(hash, key).update(input).digest('base64url')}`;
}

function rsaToken(payload: Record<string, unknown>) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const input = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
}

const without = (payload: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(payload).filter(([k]) => k !== key));

describe('forged and stale access tokens are refused with 401 and a code', () => {
  let t: TestApp;
  let secret: string;
  let good: Record<string, unknown>;
  const hs256 = { alg: 'HS256', typ: 'JWT' };
  const now = () => Math.floor(Date.now() / 1000);
  const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    t = await buildTestApp();
    secret = t.config.jwt.secret;
    good = claimsOf((await login(t.app, '13900000002')).accessToken);
  });
  afterAll(() => t.close());

  const fresh = () => ({ ...good, iat: now(), exp: now() + 900 });

  it('accepts a hand-made token with every claim right (so the cases below fail for their own reason)', async () => {
    expect((await me(hmacToken(hs256, fresh(), secret))).statusCode).toBe(200);
  });

  it.each<[string, () => string, string]>([
    ['alg none, no signature', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(fresh())}.`, 'auth.token_invalid'],
    ['alg none with a dummy signature', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(fresh())}.AAAA`, 'auth.token_invalid'],
    ['HS512 with the right secret', () => hmacToken({ alg: 'HS512', typ: 'JWT' }, fresh(), secret, 'sha512'), 'auth.token_invalid'],
    ['HS384 with the right secret', () => hmacToken({ alg: 'HS384', typ: 'JWT' }, fresh(), secret, 'sha384'), 'auth.token_invalid'],
    ['RS256 signed with an attacker’s RSA key', () => rsaToken(fresh()), 'auth.token_invalid'],
    ['RS256 header over an HMAC of the secret (key confusion)', () => hmacToken({ alg: 'RS256', typ: 'JWT' }, fresh(), secret), 'auth.token_invalid'],
    ['a wrong key', () => hmacToken(hs256, fresh(), 'a-guessed-secret-that-is-long-enough-0123456789'), 'auth.token_invalid'],
    ['an expired token', () => hmacToken(hs256, { ...good, iat: now() - 1000, exp: now() - 100 }, secret), 'auth.token_expired'],
    ['a token older than the access lifetime, whatever its exp says', () => hmacToken(hs256, { ...good, iat: now() - 1000, exp: now() + 900 }, secret), 'auth.token_expired'],
    ['a token not valid yet (nbf)', () => hmacToken(hs256, { ...fresh(), nbf: now() + 600 }, secret), 'auth.token_invalid'],
    ['a token issued in the future', () => hmacToken(hs256, { ...good, iat: now() + 600, exp: now() + 1500 }, secret), 'auth.token_invalid'],
    ['a wrong issuer', () => hmacToken(hs256, { ...fresh(), iss: 'someone-else' }, secret), 'auth.token_invalid'],
    ['a wrong audience', () => hmacToken(hs256, { ...fresh(), aud: 'another-app' }, secret), 'auth.token_invalid'],
    ['no exp', () => hmacToken(hs256, without(fresh(), 'exp'), secret), 'auth.token_invalid'],
    ['no iat', () => hmacToken(hs256, without(fresh(), 'iat'), secret), 'auth.token_invalid'],
    ['no iss', () => hmacToken(hs256, without(fresh(), 'iss'), secret), 'auth.token_invalid'],
    ['no aud', () => hmacToken(hs256, without(fresh(), 'aud'), secret), 'auth.token_invalid'],
    ['no sub', () => hmacToken(hs256, without(fresh(), 'sub'), secret), 'auth.token_invalid'],
    ['no session id', () => hmacToken(hs256, without(fresh(), 'sid'), secret), 'auth.token_invalid'],
    ['exp as a string', () => hmacToken(hs256, { ...fresh(), exp: String(now() + 900) }, secret), 'auth.token_invalid'],
    ['a live ticket presented as an access token', () => hmacToken(hs256, { ...fresh(), typ: 'live', jti: good.sid }, secret), 'auth.token_invalid'],
    ['no token type', () => hmacToken(hs256, without(fresh(), 'typ'), secret), 'auth.token_invalid'],
  ])('refuses %s', async (_label, make, code) => {
    const res = await me(make());
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('refuses a correctly signed token of a session that was logged out', async () => {
    const s = await login(t.app, '13700000201');
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: s.auth });
    const res = await me(hmacToken(hs256, { ...claimsOf(s.accessToken), iat: now(), exp: now() + 900 }, secret));
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('auth.session_revoked');
  });

  it('refuses the tokens of a disabled staff account, old and newly forged alike', async () => {
    const staff = await login(t.app, '13800000006');
    expect((await me(staff.accessToken)).statusCode).toBe(200);
    const auth = createAuthService({
      db: t.database.db,
      crypto: createFieldCrypto(t.config.crypto),
      sms: createSmsProvider(t.config.sms, t.app.log),
      wechat: createWechatProvider(t.config.wechat),
      config: t.config,
      signAccessToken: () => '',
      isStaff: async () => true,
      revocations: { markRevoked: () => undefined },
      grantsOf: async () => [],
      membershipOf: async () => null,
      log: t.app.log,
    });
    await auth.disableAccount(staff.account.id, 'test');
    const deadline = Date.now() + 2_000;
    while ((await me(staff.accessToken)).statusCode === 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const token of [staff.accessToken, hmacToken(hs256, { ...claimsOf(staff.accessToken), iat: now(), exp: now() + 900 }, secret)]) {
      const res = await me(token);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('auth.session_revoked');
    }
  });
});
