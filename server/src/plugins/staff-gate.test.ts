import Fastify from 'fastify';
import { buildTestApp, login, signAccessToken, type TestApp } from '../../test/helpers';
import { authPlugin } from './auth';
import { errorHandlerPlugin } from './error-handler';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Every staff and admin operation the API documents, so a route added later is covered too. */
function staffOperations(t: TestApp): { method: Method; path: string; url: string }[] {
  const spec = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(spec.paths)
    .filter(([path]) => /^\/api\/v1\/(staff|admin)(\/|$)/.test(path))
    .flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => ({ method: m.toUpperCase() as Method, path, url: path.replace(/\{[^}]+\}/g, 'not-an-id') })),
    );
}

const junkBodies: { label: string; payload: string }[] = [
  { label: 'a wrong body', payload: JSON.stringify({ autoApprove: 'yes', reason: 1, orgId: 'x', unknownField: true }) },
  { label: 'malformed JSON', payload: '{"autoApprove":' },
  { label: 'an array', payload: '[]' },
];

describe('staff and admin routes check the role before the input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('finds the staff routes to check', () => {
    const ops = staffOperations(t).map((o) => `${o.method} ${o.url}`);
    expect(ops).toContain('PATCH /api/v1/staff/orgs/not-an-id');
    expect(ops).toContain('POST /api/v1/staff/applications/not-an-id/approve');
    expect(ops.length).toBeGreaterThanOrEqual(8);
  });

  it.each([
    ['a member', '13900000002'],
    ['an applicant', '13900000001'],
  ])('answers %s 403 auth.forbidden on every staff route, whatever body or id it sends', async (_who, phone) => {
    const { auth } = await login(t.app, phone);
    const answers: string[] = [];
    for (const op of staffOperations(t)) {
      const bodies = op.method === 'GET' || op.method === 'DELETE' ? [{ label: 'no body', payload: undefined }] : junkBodies;
      for (const body of bodies) {
        const res = await t.app.inject({
          method: op.method,
          url: `${op.url}?limit=-1&unknown=1`,
          headers: { ...auth, ...(body.payload !== undefined ? { 'content-type': 'application/json' } : {}) },
          payload: body.payload,
        });
        answers.push(`${op.method} ${op.url} (${body.label}): ${res.statusCode} ${res.json().error?.code}`);
      }
    }
    expect(answers.filter((a) => !a.endsWith(': 403 auth.forbidden'))).toEqual([]);
  });

  it('answers staff without the route’s role 403 before reading the body: a scanner sending a bad body to PATCH /admin/services/:id', async () => {
    const scanner = await login(t.app, '13800000005');
    const answers: string[] = [];
    for (const payload of [{ title: 1, active: 'yes', unknownField: true }, {}, { title: '改名' }]) {
      const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/admin/services/not-an-id', headers: scanner.auth, payload });
      answers.push(`${res.statusCode} ${res.json().error?.code}`);
    }
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/services',
      headers: { ...scanner.auth, 'content-type': 'application/json' },
      payload: '{"title":',
    });
    answers.push(`${malformed.statusCode} ${malformed.json().error?.code}`);
    expect(answers).toEqual(Array(4).fill('403 auth.forbidden'));
    // The same scanner still has its own routes: a bad body there is a validation error, not a 403.
    const scan = await t.app.inject({ method: 'POST', url: '/api/v1/staff/scan', headers: scanner.auth, payload: { token: 1 } });
    expect([scan.statusCode, scan.json().error.code]).toEqual([400, 'request.invalid']);
  });

  it('gates the HEAD twin of a staff GET route too', async () => {
    const { auth } = await login(t.app, '13900000003');
    const res = await t.app.inject({ method: 'HEAD', url: '/api/v1/staff/orgs', headers: auth });
    expect(res.statusCode).toBe(403);
  });

  it('refuses to register a staff or admin route that does not declare its roles', async () => {
    const app = Fastify({ logger: false });
    await app.register(errorHandlerPlugin);
    await app.register(authPlugin, { jwt: t.config.jwt, sessions: { isRevoked: () => false }, holdsRole: async () => true });
    expect(() => app.get('/api/v1/admin/forgotten', async () => ({ ok: true }))).toThrow(
      'GET /api/v1/admin/forgotten: a staff or admin route must declare the roles it needs (config.staffRoles)',
    );
    // Inside a module's plugin the same mistake fails the app's start.
    void app.register(async (api) => api.post('/staff/forgotten', async () => ({ ok: true })), { prefix: '/api/v1' });
    await expect(app.ready()).rejects.toThrow('POST /api/v1/staff/forgotten: a staff or admin route must declare');
    // Declared, the route is gated.
    const declared = Fastify({ logger: false });
    await declared.register(errorHandlerPlugin);
    await declared.register(authPlugin, {
      jwt: t.config.jwt,
      sessions: { isRevoked: () => false },
      holdsRole: async (_id, roles) => roles.includes('scanner'),
    });
    declared.post('/api/v1/admin/declared', { config: { staffRoles: ['admin'] } }, async () => ({ ok: true }));
    declared.post('/api/v1/staff/declared', { config: { staffRoles: ['scanner'] } }, async () => ({ ok: true }));
    await declared.ready();
    const token = `Bearer ${signAccessToken(t.config, { sub: '00000000-0000-4000-8000-000000000001', sid: '00000000-0000-4000-8000-000000000002' })}`;
    const admin = await declared.inject({ method: 'POST', url: '/api/v1/admin/declared', headers: { authorization: token } });
    const staff = await declared.inject({ method: 'POST', url: '/api/v1/staff/declared', headers: { authorization: token } });
    expect([admin.statusCode, staff.statusCode]).toEqual([403, 200]);
    await declared.close();
  });

  it('publishes each staff route’s roles in the OpenAPI document (x-staff-roles)', () => {
    const spec = t.app.swagger() as { paths: Record<string, Record<string, { 'x-staff-roles'?: string[] }>> };
    expect(spec.paths['/api/v1/admin/services/{id}']!.patch!['x-staff-roles']).toEqual(['admin', 'operator']);
    expect(spec.paths['/api/v1/staff/scan']!.post!['x-staff-roles']).toEqual(['reviewer', 'scanner', 'admin', 'operator']);
    const undeclared = staffOperations(t).filter((op) => !spec.paths[op.path]![op.method.toLowerCase()]!['x-staff-roles']?.length);
    expect(undeclared).toEqual([]);
  });

  it('still asks for a login first (401), and still validates a staffer’s input (400)', async () => {
    const anonymous = await t.app.inject({ method: 'PATCH', url: '/api/v1/staff/orgs/not-an-id', payload: { autoApprove: 'yes' } });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('auth.required');
    const staff = await login(t.app, '13800000001');
    const invalid = await t.app.inject({ method: 'PATCH', url: '/api/v1/staff/orgs/not-an-id', headers: staff.auth, payload: { autoApprove: 'yes' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('request.invalid');
  });
});
