import { buildTestApp, login, type TestApp } from '../../test/helpers';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Every staff and admin operation the API documents, so a route added later is covered too. */
function staffOperations(t: TestApp): { method: Method; url: string }[] {
  const spec = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(spec.paths)
    .filter(([path]) => /^\/api\/v1\/(staff|admin)(\/|$)/.test(path))
    .flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => ({ method: m.toUpperCase() as Method, url: path.replace(/\{[^}]+\}/g, 'not-an-id') })),
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
