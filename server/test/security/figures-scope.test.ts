import { sql } from 'drizzle-orm';
import { figuresDataset, insertApplication, orgByCode, type FiguresDataset } from '../figures-fixtures';
import { buildTestApp, login, type TestApp } from '../helpers';
import { loadOperations, type Operation } from './openapi';

/**
 * Scope is absolute for figures (Metabase leaked a filter's options across tenants, metabase#6022): staff of one
 * street union ask every figure route, with every value of every filter they can reach (each union of theirs found
 * through the filter's own lists and its search, several ranges, every figure to export) and every export, and find
 * nothing of another union's: no union name or id outside their subtree, no id or title of another union's event,
 * service, campaign or place, in figures, tables or the filter's option lists; and none of their numbers moves when
 * another union's data grows. Generated from the OpenAPI document: a new figures route is walked without being
 * added here.
 */

let t: TestApp;
let data: FiguresDataset;
let ops: Operation[];
const RANGES: Record<string, string>[] = [{}, { from: '2026-03-01', to: '2026-03-31' }, { from: '2026-01-01', to: '2026-12-31' }];
const SEARCHES = ['工会', '八里庄', '朝阳', '北京', '新街口', '西城', '街道'];

const rowsOf = async <T>(query: ReturnType<typeof sql>) => ((await t.database.db.execute(query)) as unknown as { rows: T[] }).rows;

/** Everything outside `path`'s subtree that a leak would show: union ids and names, ids and titles of their things. */
async function foreignMarkers(path: string): Promise<string[]> {
  const outside = sql`not (o.path = ${path} or o.path like ${`${path}.%`})`;
  const unions = await rowsOf<{ id: string; name: string }>(sql`select o.id, o.name from orgs o where ${outside}`);
  const things = await rowsOf<{ id: string }>(sql`
    select e.id from stall_events e join orgs o on o.id = e.org_id where ${outside}
    union all select s.id from services s join orgs o on o.id = s.org_id where ${outside}
    union all select c.id from benefit_campaigns c join orgs o on o.id = c.org_id where ${outside}
    union all select p.place_id from benefit_campaign_places p join benefit_campaigns c on c.id = p.campaign_id join orgs o on o.id = c.org_id where ${outside}`);
  return [...unions.flatMap((u) => [u.id, u.name]), ...things.map((r) => r.id)];
}

/** Every request of every figures operation that `who` can make: the generated cartesian product of its filters. */
async function requestsFor(who: Record<string, string>, foreignOrg: string) {
  // The unions reachable through the filter: the option lists of each selection, walked down, and the search.
  const reachable = new Set<string>();
  const walk = async (orgId?: string) => {
    const res = await t.app.inject({ url: `/api/v1/admin/figures/overview${orgId ? `?orgId=${orgId}` : ''}`, headers: who });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { unions: { id: string }[]; selection: { trail: { id: string }[] } };
    for (const u of [...body.unions, ...body.selection.trail]) {
      if (reachable.has(u.id)) continue;
      reachable.add(u.id);
      await walk(u.id);
    }
  };
  await walk();
  for (const q of SEARCHES) {
    const res = await t.app.inject({ url: `/api/v1/admin/figures/unions?q=${encodeURIComponent(q)}`, headers: who });
    for (const u of res.json().items as { id: string }[]) reachable.add(u.id);
  }
  const values: Record<string, (string | undefined)[]> = {
    orgId: [undefined, ...reachable, foreignOrg],
    q: SEARCHES,
  };
  const urls: { url: string; foreign: boolean }[] = [];
  for (const op of ops) {
    let combos: Record<string, string>[] = [{}];
    for (const param of op.query) {
      if (param.name === 'from' || param.name === 'to') continue;
      const enumerated = (param.schema.enum as string[] | undefined) ?? values[param.name];
      if (!enumerated) throw new Error(`${op.name}: no values for the query parameter "${param.name}"; add them to figures-scope.test.ts`);
      combos = combos.flatMap((c) => enumerated.map((v) => (v === undefined ? c : { ...c, [param.name]: v })));
    }
    if (op.query.some((p) => p.name === 'from')) combos = combos.flatMap((c) => RANGES.map((r) => ({ ...c, ...r })));
    for (const c of combos) urls.push({ url: `${op.path}?${new URLSearchParams(c)}`, foreign: c.orgId === foreignOrg });
  }
  return { urls, reachable };
}

/** Every answer of `who`'s requests, with the moment of reading taken out (for comparing two rounds). */
async function answers(who: Record<string, string>, urls: { url: string; foreign: boolean }[]) {
  const out = new Map<string, { status: number; body: string }>();
  for (const { url } of urls) {
    const res = await t.app.inject({ url, headers: who });
    out.set(url, { status: res.statusCode, body: res.body.replace(/"(asOf|requestId)":"[^"]+"/, '') });
  }
  return out;
}

beforeAll(async () => {
  // No background job but the ones a test starts: the booking jobs would mark the month's past bookings not come.
  t = await buildTestApp({ env: { FIGURES_FOLD_MS: '0', BOOKING_JOBS_MS: '0', SERVICE_CARD_SYNC_MS: '0' } });
  data = await figuresDataset(t);
  ops = (await loadOperations(t.app)).filter((op) => op.path.startsWith('/api/v1/admin/figures') && op.method === 'GET');
});
afterAll(async () => t.close());

describe.each([
  ['the admin of 新街口 (xjk)', '13800000001', 'xjk', 'blz'],
  ['the scanner of 新街口 (xjk)', '13800000005', 'xjk', 'blz'],
  ['the admin of 八里庄 (blz)', '13800000002', 'blz', 'xjk'],
])('%s', (_name, phone, own, other) => {
  it("finds nothing of another union's in any figure, export or filter option, and no number of theirs moves when another union's data grows", async () => {
    const who = (await login(t.app, phone)).auth;
    const mine = await orgByCode(t, own);
    const foreign = await orgByCode(t, other);
    const markers = await foreignMarkers(mine.path);
    expect(markers).toContain(foreign.name);
    const { urls, reachable } = await requestsFor(who, foreign.id);
    expect(ops.map((op) => op.path).sort()).toEqual(['/api/v1/admin/figures/export', '/api/v1/admin/figures/overview', '/api/v1/admin/figures/unions']);
    // The filter reached the unions below their own (the walk found something to ask about).
    expect(reachable.has(mine.id)).toBe(true);
    expect(urls.length).toBeGreaterThan(100);

    const before = await answers(who, urls);
    const failures: string[] = [];
    let withData = 0;
    for (const { url, foreign: isForeign } of urls) {
      const { status, body } = before.get(url)!;
      if (isForeign ? status !== 404 : status !== 200) failures.push(`${url}: ${status}`);
      for (const marker of markers) if (body.includes(marker)) failures.push(`${url}: shows "${marker}"`);
      if (status === 200 && /"n":[1-9]|,[1-9]\d*\r\n/.test(body)) withData++;
    }
    expect(failures).toEqual([]);
    // Their own figures were there to see: the check above looked at real answers.
    expect(withData).toBeGreaterThan(20);

    // Another union's data grows (joins, a check-in, claims, searches): every answer of theirs stays the same.
    await insertApplication(t, { org: other, category: 'rider', submittedAt: '2026-03-21T02:00:00Z', decidedAt: '2026-03-21T02:05:00Z' });
    await insertApplication(t, { org: 'hd', category: 'truck', submittedAt: '2026-03-22T02:00:00Z', decidedAt: '2026-03-22T02:05:00Z' });
    await t.database.db.execute(
      sql`update bookings set status = 'checked_in' where status = 'no_show' and service_id in (select id from services where org_id = ${foreign.id})`,
    );
    await t.database.db
      .execute(sql`insert into benefit_claims (id, campaign_id, account_id, membership_id, period_key, place_kind, place_id, idempotency_key, request_hash, claimed_at)
      select gen_random_uuid(), x.campaign_id, x.account_id, x.membership_id, gen_random_uuid()::text, x.place_kind, x.place_id, gen_random_uuid()::text, 'h', x.claimed_at
      from benefit_claims x join benefit_campaigns c on c.id = x.campaign_id where c.org_id = ${foreign.id} and x.period_key = 'o'`);
    await t.database.db.execute(sql`insert into figure_deltas (org_id, metric, day, dim, n) values (${foreign.id}, 'station_search', '2026-03-05', '', 7)`);
    await t.database.db.execute(sql`select figures_fold()`);
    const after = await answers(who, urls);
    const moved = urls.filter(({ url }) => after.get(url)!.body !== before.get(url)!.body).map(({ url }) => url);
    expect(moved).toEqual([]);
    // Some 700 requests, twice: minutes on a busy 2-core machine.
  }, 300_000);
});

it('leaves the dataset of both unions in place (the suite above had something to leak)', async () => {
  const counts = await rowsOf<{ n: number }>(sql`select count(*)::int as n from benefit_claims where campaign_id in (${data.campaignX}, ${data.campaignY})`);
  expect(counts[0]!.n).toBeGreaterThanOrEqual(9);
});
