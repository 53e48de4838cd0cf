import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('defaults to the embedded database and development providers', () => {
    const config = loadConfig({});
    expect(config.database.driver).toBe('pglite');
    expect(config.sms.provider).toBe('dev');
    expect(config.port).toBe(3000);
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/db' }).database).toMatchObject({ driver: 'pg' });
  });

  it('fails fast in production, listing every missing secret and the unsafe SMS provider', () => {
    let message = '';
    try {
      loadConfig({ NODE_ENV: 'production' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain('JWT_SECRET: is required in production');
    expect(message).toContain('DATA_KEY: is required in production');
    expect(message).toContain('HMAC_KEY: is required in production');
    expect(message).toContain('CODE_KEY: is required in production');
    expect(message).toContain('SMS_PROVIDER');
  });

  it('reads the QR code keys: the current one signs, old ones still verify', () => {
    const old = Buffer.alloc(32, 7).toString('base64');
    const config = loadConfig({ CODE_KEY_ID: 'c2', CODE_KEYS_OLD: `c1:${old}` });
    expect(config.codes.currentKid).toBe('c2');
    expect([...config.codes.keys.keys()].sort()).toEqual(['c1', 'c2']);
    expect(config.codes.keys.get('c1')).toEqual(Buffer.alloc(32, 7));
    expect(() => loadConfig({ CODE_KEYS_OLD: 'c1:short' })).toThrow(/CODE_KEYS_OLD/);
  });

  it('rejects a malformed port or key', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATA_KEY: 'short' })).toThrow(/DATA_KEY: must be 32 bytes/);
  });
});

describe('production safety', () => {
  const key = (fill: string) => Buffer.alloc(32, fill).toString('base64');
  /** A production configuration that starts: every secret and provider real. */
  const good: Record<string, string> = {
    NODE_ENV: 'production',
    JWT_SECRET: 'a-real-secret-that-is-long-enough-0123456789',
    DATA_KEY: key('d'),
    HMAC_KEY: key('h'),
    CODE_KEY: key('c'),
    SMS_PROVIDER: 'tencent',
    TENCENT_SECRET_ID: 'id',
    TENCENT_SECRET_KEY: 'key',
    TENCENT_SMS_SDK_APP_ID: '1400000000',
    TENCENT_SMS_SIGN_NAME: '工会',
    TENCENT_SMS_TEMPLATE_ID: '100',
    WECHAT_PROVIDER: 'wechat',
    WECHAT_APPID: 'wx123',
    WECHAT_SECRET: 'secret',
    REALNAME_PROVIDER: 'tencent',
    OCR_PROVIDER: 'tencent',
    BANK_PROVIDER: 'http',
    BANK_APP_ID: 'bank',
    BANK_APP_SECRET: 'bank-secret',
    CORS_ORIGINS: 'https://union.example.cn',
    NOTIFY_CHANNELS: 'wechat,sms',
  };
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return '';
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
  };
  // The values published in config.ts.
  const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789abcdef';
  const DEV_DATA_KEY = 'ZGV2LW9ubHktZGF0YS1rZXktMzItYnl0ZXMtISEhISE=';
  const DEV_HMAC_KEY = 'ZGV2LW9ubHktaG1hYy1rZXktMzItYnl0ZXMtISEhISE=';
  const DEV_CODE_KEY = 'ZGV2LW9ubHktcXItY29kZS1rZXktMzItYnl0ZXMtISE=';

  it('starts with real secrets and providers', () => {
    expect(problems(good)).toBe('');
    expect(loadConfig(good).seedDemo).toBe(false);
  });

  it.each([
    ['the JWT secret published in the repository', { JWT_SECRET: DEV_JWT_SECRET }, 'JWT_SECRET: is the development secret'],
    ['the development data key, set explicitly', { DATA_KEY: DEV_DATA_KEY }, 'DATA_KEY: is the development key'],
    ['the development HMAC key, set explicitly', { HMAC_KEY: DEV_HMAC_KEY }, 'HMAC_KEY: is the development key'],
    ['the same key for DATA_KEY and HMAC_KEY', { HMAC_KEY: key('d') }, 'HMAC_KEY: must differ from DATA_KEY'],
    ['the same key written without padding', { HMAC_KEY: key('d').replace(/=+$/, '') }, 'HMAC_KEY: must differ from DATA_KEY'],
    ['the development QR code key, set explicitly', { CODE_KEY: DEV_CODE_KEY }, 'CODE_KEY: is the development key'],
    ['the data key reused to sign QR codes', { CODE_KEY: key('d') }, 'CODE_KEY: must differ from DATA_KEY and HMAC_KEY'],
    ['the HMAC key reused to sign QR codes', { CODE_KEY: key('h') }, 'CODE_KEY: must differ from DATA_KEY and HMAC_KEY'],
    ['the dev WeChat provider', { WECHAT_PROVIDER: 'dev' }, 'WECHAT_PROVIDER: the dev provider'],
    ['the dev real-name provider, which always passes', { REALNAME_PROVIDER: 'dev' }, 'REALNAME_PROVIDER: the dev provider passes every real-name check'],
    [
      'the dev ID-card reader, which reads every picture as the demo applicant',
      { OCR_PROVIDER: 'dev' },
      'OCR_PROVIDER: the dev reader fills every ID card in as the demo applicant',
    ],
    ['the dev bank provider', { BANK_PROVIDER: 'dev' }, 'BANK_PROVIDER: the dev provider'],
    ['SEED_DEMO=true, which makes a public phone an operator', { SEED_DEMO: 'true' }, 'SEED_DEMO: the demo data grants operator rights'],
    ['CORS_ORIGINS=*', { CORS_ORIGINS: '*' }, 'CORS_ORIGINS: * lets any website'],
    ['* among other origins', { CORS_ORIGINS: 'https://union.example.cn, *' }, 'CORS_ORIGINS: * lets any website'],
    [
      'the dev notification channel, which marks notices sent and delivers none',
      { NOTIFY_CHANNELS: 'dev' },
      'NOTIFY_CHANNELS: the dev channel marks notifications sent without delivering them',
    ],
    ['the dev notification channel after a real one', { NOTIFY_CHANNELS: 'wechat,dev' }, 'NOTIFY_CHANNELS: the dev channel'],
  ])('refuses %s', (_what, bad, expected) => {
    const message = problems({ ...good, ...bad });
    expect(message).toContain(expected);
    // Only the one problem: the rest of the configuration is fine.
    expect(message.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(1);
  });

  it('lists every problem at once', () => {
    const message = problems({
      NODE_ENV: 'production',
      JWT_SECRET: DEV_JWT_SECRET,
      DATA_KEY: DEV_DATA_KEY,
      HMAC_KEY: DEV_DATA_KEY,
      SEED_DEMO: 'true',
      CORS_ORIGINS: '*',
    });
    for (const name of [
      'JWT_SECRET',
      'DATA_KEY',
      'HMAC_KEY',
      'SMS_PROVIDER',
      'WECHAT_PROVIDER',
      'REALNAME_PROVIDER',
      'OCR_PROVIDER',
      'BANK_PROVIDER',
      'SEED_DEMO',
      'CORS_ORIGINS',
      'NOTIFY_CHANNELS',
    ]) {
      expect(message).toMatch(new RegExp(`^  - ${name}: `, 'm'));
    }
  });

  it('still lets development and tests run on the development values', () => {
    expect(() => loadConfig({ SEED_DEMO: 'true', CORS_ORIGINS: '*', DATA_KEY: DEV_DATA_KEY })).not.toThrow();
    expect(() => loadConfig({ NODE_ENV: 'test', HMAC_KEY: DEV_DATA_KEY, DATA_KEY: DEV_DATA_KEY })).not.toThrow();
    expect(loadConfig({}).notify.channels).toEqual(['dev']);
  });

  it('serves the API docs in production only when DOCS_PUBLIC=true, and elsewhere unless turned off', () => {
    expect(loadConfig(good).docsPublic).toBe(false);
    expect(loadConfig({ ...good, DOCS_PUBLIC: 'true' }).docsPublic).toBe(true);
    expect(loadConfig({}).docsPublic).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).docsPublic).toBe(true);
    expect(loadConfig({ DOCS_PUBLIC: 'false' }).docsPublic).toBe(false);
    expect(() => loadConfig({ DOCS_PUBLIC: 'maybe' })).toThrow(/DOCS_PUBLIC/);
  });
});

describe('TRUST_PROXY', () => {
  it('refuses true, which would let X-Forwarded-For choose the client address', () => {
    for (const value of ['true', 'TRUE', 'yes', 'on']) expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY: true trusts every hop/);
  });

  it('takes off, a hop count, or proxy addresses and ranges', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,fd00::/8,loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('refuses what it cannot read', () => {
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY: .*10\.0\.0\.0\/33/);
    expect(() => loadConfig({ TRUST_PROXY: 'my-proxy' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '99' })).toThrow(/TRUST_PROXY: a hop count must be between 1 and 10/);
  });
});

describe('rate limits', () => {
  it('defaults to memory, a multiplier of 1 and the table as written', () => {
    expect(loadConfig({}).rateLimit).toEqual({ redisUrl: undefined, prefix: 'union:rl:', overrides: {}, multiplier: 1 });
  });

  it('reads REDIS_URL and overrides per rule and scope', () => {
    const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379/2', RATE_LIMITS: 'sms.ip=5/60, write.account=100/30', RATE_LIMIT_MULTIPLIER: '2' });
    expect(config.rateLimit).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379/2',
      overrides: { 'sms.ip': { max: 5, windowSeconds: 60 }, 'write.account': { max: 100, windowSeconds: 30 } },
      multiplier: 2,
    });
  });

  it('refuses an unknown rule or a malformed limit, naming the rules it knows', () => {
    expect(() => loadConfig({ RATE_LIMITS: 'smss.ip=5/60' })).toThrow(/RATE_LIMITS: "smss.ip=5\/60" should be .* sms, login/);
    expect(() => loadConfig({ RATE_LIMITS: 'sms.ip=5' })).toThrow(/RATE_LIMITS/);
    expect(() => loadConfig({ RATE_LIMITS: 'sms.ip=5/0' })).toThrow(/RATE_LIMITS/);
    expect(() => loadConfig({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/REDIS_URL/);
  });
});

describe('map tiles', () => {
  it('refuses a tile URL the map could not fill in', () => {
    expect(() => loadConfig({ MAP_TILES_URL: 'https://webrd01.is.autonavi.com/appmaptile?x={x}&y={y}' })).toThrow(
      /MAP_TILES_URL: must be an http\(s\) URL with \{x\}/,
    );
    expect(() => loadConfig({ MAP_TILES_URL: 'javascript:alert(1)//{x}{y}{z}' })).toThrow(/MAP_TILES_URL/);
    expect(loadConfig({}).mapTiles).toBeNull();
  });
});
