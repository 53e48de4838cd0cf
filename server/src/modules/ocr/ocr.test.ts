import { buildTestApp, login, type TestApp } from '../../../test/helpers';
import type { OcrProvider } from '../../adapters/ocr/ocr.adapter';

/** A JPEG-looking picture whose bytes also carry a line no log or table may ever contain. */
function photo(sizeBytes = 4_000): { base64: string; secret: string } {
  const secret = 'PHOTO-SECRET-7f3a9c';
  const body = Buffer.alloc(sizeBytes, 0x41);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]).copy(body, 0);
  Buffer.from(secret).copy(body, 64);
  return { base64: body.toString('base64'), secret };
}

describe('ID card by camera (POST /api/v1/ocr/id-card)', () => {
  let t: TestApp;
  let auth: { authorization: string };
  beforeAll(async () => {
    t = await buildTestApp();
    auth = (await login(t.app, '13711112222')).auth;
  });
  afterAll(async () => t.close());

  it('reads the name and the full ID number for the applicant to confirm', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/ocr/id-card', headers: auth, payload: { image: photo().base64 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ name: '李长财', idNumber: '11010219900307801X' });
    expect(res.headers['cache-control']).toMatch(/no-store/);
  });

  it('never stores or logs the photo', async () => {
    const { base64, secret } = photo(50_000);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/ocr/id-card', headers: auth, payload: { image: base64 } });
    expect(res.statusCode).toBe(200);
    const logs = t.logs();
    expect(logs).not.toContain(base64.slice(100, 160));
    expect(logs).not.toContain(secret);
    // No table holds any part of it: search every text column of every table.
    const { rows } = (await t.database.db.execute(
      `select table_name, column_name from information_schema.columns where table_schema = current_schema() and data_type in ('text', 'character varying', 'jsonb', 'bytea')` as never,
    )) as unknown as { rows: { table_name: string; column_name: string }[] };
    expect(rows.length).toBeGreaterThan(5);
    for (const { table_name, column_name } of rows) {
      const found = (await t.database.db.execute(
        `select 1 from "${table_name}" where "${column_name}"::text like '%${base64.slice(100, 140)}%' or "${column_name}"::text like '%${secret}%' limit 1` as never,
      )) as unknown as { rows: unknown[] };
      expect([table_name, column_name, found.rows.length]).toEqual([table_name, column_name, 0]);
    }
  });

  it('says plainly when no card can be read, and refuses a picture over 2 MB with 413', async () => {
    const blank = Buffer.alloc(500, 0x20).toString('base64');
    const unreadable = await t.app.inject({ method: 'POST', url: '/api/v1/ocr/id-card', headers: auth, payload: { image: blank } });
    expect(unreadable.statusCode).toBe(422);
    expect(unreadable.json().error).toMatchObject({ code: 'ocr.unreadable', message: '没有认出身份证，请把人像面放平、拍清楚后重试，或直接填写' });
    const big = await t.app.inject({ method: 'POST', url: '/api/v1/ocr/id-card', headers: auth, payload: { image: photo(2 * 1024 * 1024 + 3_000).base64 } });
    expect(big.statusCode).toBe(413);
    // A 1.5 MB photo passes the route's own limit, although it is far above the global body limit.
    expect(t.config.bodyLimit).toBeLessThan(1_500_000);
    const large = await t.app.inject({ method: 'POST', url: '/api/v1/ocr/id-card', headers: auth, payload: { image: photo(1_500_000).base64 } });
    expect(large.statusCode).toBe(200);
    // Other routes keep the small limit.
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { phone: '13711112222', code: '123456', pad: 'x'.repeat(1_500_000) },
    });
    expect(elsewhere.statusCode).toBe(413);
  });

  it('needs a signed-in account', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/ocr/id-card', payload: { image: photo().base64 } });
    expect(res.statusCode).toBe(401);
  });
});

describe('OCR provider failures and the per-account limit', () => {
  let t: TestApp;
  afterAll(async () => t?.close());

  it('maps a provider failure to 502 ocr.failed without the photo in the log, and limits each account to 10 readings in 10 minutes', async () => {
    let fail = true;
    const ocr: OcrProvider = {
      name: 'fake',
      async readIdCardFront() {
        if (fail) throw new Error('provider down');
        return { name: '王芳', idNumber: '11010219900307801X' };
      },
    };
    t = await buildTestApp({ ocr, env: { RATE_LIMIT_MULTIPLIER: '1' } });
    const { auth } = await login(t.app, '13711113333');
    const { base64, secret } = photo();
    const failed = await t.app.inject({ method: 'POST', url: '/api/v1/ocr/id-card', headers: auth, payload: { image: base64 } });
    expect(failed.statusCode).toBe(502);
    expect(failed.json().error).toMatchObject({ code: 'ocr.failed', message: '身份证识别暂时不可用，请直接填写' });
    expect(t.logs()).toContain('ID card OCR failed');
    expect(t.logs()).not.toContain(secret);
    expect(t.logs()).not.toContain(base64.slice(100, 160));
    fail = false;
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push((await t.app.inject({ method: 'POST', url: '/api/v1/ocr/id-card', headers: auth, payload: { image: base64 } })).statusCode);
    }
    expect(statuses.slice(0, 9).every((s) => s === 200)).toBe(true);
    expect(statuses[9]).toBe(429);
    // Another account on the same network still gets its readings.
    const other = await login(t.app, '13711114444');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/ocr/id-card', headers: other.auth, payload: { image: base64 } })).statusCode).toBe(200);
  });
});
