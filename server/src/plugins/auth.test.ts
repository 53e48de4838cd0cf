import { createSign, generateKeyPairSync } from 'node:crypto';
import { createFieldCrypto } from '../lib/crypto';
import { createSmsProvider } from '../adapters/sms/sms';
import { createWechatProvider } from '../adapters/wechat/wechat.adapter';
import { createAuthService } from '../modules/auth/auth.service';
import { buildTestApp, claimsOf, login, signAccessToken, type TestApp, type TokenOptions } from '../../test/helpers';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function rsaToken(payload: Record<string, unknown>) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const input = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
}

describe('forged and stale access tokens are refused with 401 and a code', () => {
  let t: TestApp;
  let good: Record<string, unknown>;
  const now = () => Math.floor(Date.now() / 1000);
  const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    t = await buildTestApp();
    good = claimsOf((await login(t.app, '13900000002')).accessToken);
  });
  afterAll(() => t.close());

  /** Signed by hand with the server's secret: the logged-in session's account and session id, issued now, unless `claims` say otherwise. */
  const forge = (claims: Record<string, unknown> = {}, options?: TokenOptions) =>
    signAccessToken(t.config, { sub: good.sub, sid: good.sid, ...claims }, options);
  const fresh = () => claimsOf(forge());

  it('accepts a hand-made token with every claim right (so the cases below fail for their own reason)', async () => {
    expect((await me(forge())).statusCode).toBe(200);
  });

  it.each<[string, () => string, string]>([
    ['alg none, no signature', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(fresh())}.`, 'auth.token_invalid'],
    ['alg none with a dummy signature', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(fresh())}.AAAA`, 'auth.token_invalid'],
    ['HS512 with the right secret', () => forge({}, { header: { alg: 'HS512', typ: 'JWT' }, hash: 'sha512' }), 'auth.token_invalid'],
    ['HS384 with the right secret', () => forge({}, { header: { alg: 'HS384', typ: 'JWT' }, hash: 'sha384' }), 'auth.token_invalid'],
    ['RS256 signed with an attacker’s RSA key', () => rsaToken(fresh()), 'auth.token_invalid'],
    ['RS256 header over an HMAC of the secret (key confusion)', () => forge({}, { header: { alg: 'RS256', typ: 'JWT' } }), 'auth.token_invalid'],
    ['a wrong key', () => forge({}, { key: 'a-guessed-secret-that-is-long-enough-0123456789' }), 'auth.token_invalid'],
    ['an expired token', () => forge({ iat: now() - 1000, exp: now() - 100 }), 'auth.token_expired'],
    ['a token older than the access lifetime, whatever its exp says', () => forge({ iat: now() - 1000, exp: now() + 900 }), 'auth.token_expired'],
    ['a token not valid yet (nbf)', () => forge({ nbf: now() + 600 }), 'auth.token_invalid'],
    ['a token issued in the future', () => forge({ iat: now() + 600, exp: now() + 1500 }), 'auth.token_invalid'],
    ['a wrong issuer', () => forge({ iss: 'someone-else' }), 'auth.token_invalid'],
    ['a wrong audience', () => forge({ aud: 'another-app' }), 'auth.token_invalid'],
    ['no exp', () => forge({ exp: undefined }), 'auth.token_invalid'],
    ['no iat', () => forge({ iat: undefined }), 'auth.token_invalid'],
    ['no iss', () => forge({ iss: undefined }), 'auth.token_invalid'],
    ['no aud', () => forge({ aud: undefined }), 'auth.token_invalid'],
    ['no sub', () => forge({ sub: undefined }), 'auth.token_invalid'],
    ['no session id', () => forge({ sid: undefined }), 'auth.token_invalid'],
    ['exp as a string', () => forge({ exp: String(now() + 900) }), 'auth.token_invalid'],
    ['a live ticket presented as an access token', () => forge({ typ: 'live', jti: good.sid }), 'auth.token_invalid'],
    ['no token type', () => forge({ typ: undefined }), 'auth.token_invalid'],
  ])('refuses %s', async (_label, make, code) => {
    const res = await me(make());
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('refuses a correctly signed token of a session that was logged out', async () => {
    const s = await login(t.app, '13700000201');
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: s.auth });
    const res = await me(signAccessToken(t.config, { sub: s.account.id, sid: claimsOf(s.accessToken).sid }));
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
    for (const token of [staff.accessToken, signAccessToken(t.config, { sub: staff.account.id, sid: claimsOf(staff.accessToken).sid })]) {
      const res = await me(token);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('auth.session_revoked');
    }
  });
});
