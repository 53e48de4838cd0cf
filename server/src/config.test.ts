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
    expect(message).toContain('SMS_PROVIDER');
  });

  it('rejects a malformed port or key', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATA_KEY: 'short' })).toThrow(/DATA_KEY: must be 32 bytes/);
  });
});
