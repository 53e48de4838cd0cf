import { buildTestApp, login, type TestApp } from '../../test/helpers';

const BROKEN_LINK = '链接不完整或已失效，请重新扫码或返回重试';
/** Words of the HTTP layer a person at a phone cannot act on. */
const TECHNICAL = /查询参数|路径参数|请求头|params|querystring/;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Every documented operation with an id in its path, the id replaced by what a truncated link leaves. */
function operationsWithPathIds(t: TestApp): { method: Method; url: string }[] {
  const spec = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(spec.paths)
    .filter(([path]) => /\{(id|code)\}/.test(path))
    .flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => ({ method: m.toUpperCase() as Method, url: path.replace(/\{kind\}/g, 'station').replace(/\{(id|code)\}/g, '7f3a') })),
    );
}

describe('validation messages a person can meet', () => {
  let t: TestApp;
  let auth: Record<string, string>;
  beforeAll(async () => {
    t = await buildTestApp();
    ({ auth } = await login(t.app, '13800000000'));
  });
  afterAll(() => t.close());

  it('answers a broken link (a malformed id in the path) with what to do, keeping the stable code and field', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/staff/places/station/7f3a/code', headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'request.invalid', field: 'id', message: BROKEN_LINK });
  });

  it('answers every operation with a malformed id in its path in plain words, never naming the HTTP layer', async () => {
    const answers: string[] = [];
    for (const op of operationsWithPathIds(t)) {
      const res = await t.app.inject({
        method: op.method,
        url: op.url,
        headers: auth,
        ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: {} }),
      });
      if (res.statusCode !== 400) continue;
      const error = res.json().error as { code: string; message: string };
      answers.push(`${op.method} ${op.url}: ${error.code} ${error.message}`);
    }
    expect(answers.length).toBeGreaterThanOrEqual(10);
    expect(answers.filter((a) => TECHNICAL.test(a) || !a.endsWith(BROKEN_LINK))).toEqual([]);
  });

  it('answers a bad search with the schema’s own words, without a 查询参数 prefix', async () => {
    const { auth } = await login(t.app, '13800000001');
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/admin/places?kind=station&q=${encodeURIComponent('驿'.repeat(41))}`, headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'request.invalid', field: 'q' });
    expect(res.json().error.message).toMatch(/^搜索词不能超过 40 个字/);
  });

  it('answers a link whose address cannot be decoded with what to do', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/events/%E4%zz' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'request.invalid_url', message: BROKEN_LINK });
  });
});
