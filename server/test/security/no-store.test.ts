import { PRIVACY_NOTICE_VERSION } from '@union/shared';
import { buildTestApp, login, testIdNumber, type TestApp } from '../helpers';
import { loadOperations, validRequest } from './openapi';

/** Responses with personal data must not stay in the browser, the WeChat webview or a proxy. */
describe('Cache-Control: no-store on personal data', () => {
  let t: TestApp;
  let staff: Awaited<ReturnType<typeof login>>;
  beforeAll(async () => {
    t = await buildTestApp();
    staff = await login(t.app, '13800000001');
  });
  afterAll(() => t.close());

  it('marks /me, the member card and a reveal no-store', async () => {
    const member = await login(t.app, '13900000002');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: member.auth });
    expect(me.statusCode).toBe(200);
    expect(me.headers['cache-control']).toBe('no-store');
    const card = await t.app.inject({ method: 'GET', url: '/api/v1/members/me/card', headers: member.auth });
    expect(card.statusCode).toBe(200);
    expect(card.headers['cache-control']).toBe('no-store');

    const applicant = await login(t.app, '13900000001');
    const submitted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: applicant.auth,
      payload: {
        name: '赵铁柱',
        idNumber: testIdNumber(401),
        employer: '顺丰速运',
        category: 'courier',
        workDistrict: '110102',
        consentVersion: PRIVACY_NOTICE_VERSION,
      },
    });
    expect(submitted.statusCode).toBe(201);
    const reveal = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/applications/${submitted.json().id}/reveal`,
      headers: staff.auth,
      payload: { field: 'idNumber', reason: '核对身份证件' },
    });
    expect(reveal.statusCode).toBe(200);
    expect(reveal.json().value).toBe(testIdNumber(401));
    expect(reveal.headers['cache-control']).toBe('no-store');
  });

  it('marks login, SMS and refresh answers (tokens, the development code) no-store', async () => {
    const sms = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sms', payload: { phone: '13900000055' }, remoteAddress: '10.55.0.1' });
    expect(sms.headers['cache-control']).toBe('no-store');
    const session = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone: '13900000055', code: sms.json().devCode } });
    expect(session.statusCode).toBe(200);
    expect(session.headers['cache-control']).toBe('no-store');
    const refreshed = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: session.json().refreshToken } });
    expect(refreshed.headers['cache-control']).toBe('no-store');
  });

  it('marks every signed-in GET in the OpenAPI document no-store, errors included', async () => {
    const ops = (await loadOperations(t.app)).filter((op) => op.method === 'GET' && op.path !== '/api/v1/live');
    const missing: string[] = [];
    for (const op of ops) {
      const res = await t.app.inject(validRequest(op, { id: '00000000-0000-4000-8000-000000000000' }, staff.auth));
      if (res.headers['cache-control'] !== 'no-store') missing.push(`${op.name}: ${res.statusCode} ${res.headers['cache-control'] ?? '(none)'}`);
    }
    expect(missing).toEqual([]);
  });

  it('leaves public reads and the H5 app cacheable', async () => {
    const orgs = await t.app.inject({ method: 'GET', url: '/api/v1/orgs' });
    expect(orgs.statusCode).toBe(200);
    expect(orgs.headers['cache-control']).toBeUndefined();
    expect((await t.app.inject({ method: 'GET', url: '/' })).headers['cache-control']).toBeUndefined();
  });
});
