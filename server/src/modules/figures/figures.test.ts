import { sql } from 'drizzle-orm';
import { DURATION_BUCKETS, type FiguresOverview } from '@union/shared';
import { buildTestApp, json, login, within, type TestApp } from '../../../test/helpers';
import { figuresDataset, orgByCode, type FiguresDataset } from '../../../test/figures-fixtures';
import { naiveFigures } from './figures.naive';
import { piecesOf } from './figures.repository';

/**
 * 数据概览 on a small known month (test/figures-fixtures.ts): the numbers a person would count by hand, the same
 * numbers as a plain GROUP BY over the base tables before and after the deltas are folded, after a decision, a union
 * moved and a rebuild, and only the caller's unions.
 */

let t: TestApp;
let data: FiguresDataset;
const auth: Record<'operator' | 'xjk' | 'blz' | 'xcReviewer', Record<string, string>> = {} as never;
const MARCH = { from: '2026-03-01', to: '2026-03-31' };

const overview = async (who: Record<string, string>, query: Record<string, string> = {}) => {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/admin/figures/overview?${new URLSearchParams(query)}`, headers: who });
  if (res.statusCode !== 200)
    console.log(
      t
        .logs()
        .split('\n')
        .filter((l) => l.includes('"err"'))
        .slice(-2)
        .join('\n'),
    );
  expect(res.statusCode).toBe(200);
  return json<FiguresOverview>(res);
};

const fold = async () => (t.database.db.execute(sql`select figures_fold()`) as Promise<unknown>).then(() => undefined);

/** The overview of `code` (as the operator) next to the GROUP BY over the base tables: every shared figure equal. */
async function expectEqualsGroupBy(code: string, range: { from: string; to: string }) {
  const org = await orgByCode(t, code);
  const o = await overview(auth.operator, { orgId: org.id, ...range });
  const units = o.byUnion.filter((u) => !u.own);
  const unitPaths = await Promise.all(
    units.map(async (u) => ({
      id: u.id,
      path: String(((await t.database.db.execute(sql`select path from orgs where id = ${u.id}`)) as unknown as { rows: { path: string }[] }).rows[0]!.path),
    })),
  );
  const naive = await naiveFigures(t.database.db, [org.path], range, unitPaths);
  const nonZero = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).filter(([, n]) => n !== 0));
  expect({
    totals: {
      joins: o.totals.joins,
      bookings: o.totals.bookings,
      checkedIn: o.totals.checkedIn,
      noShows: o.totals.noShows,
      claims: o.totals.claims,
      pending: o.totals.pending,
    },
    joinsByDay: Object.fromEntries(o.joinsByDay.filter((d) => d.n).map((d) => [d.day, d.n])),
    joinsByCategory: Object.fromEntries(o.joinsByCategory.map((c) => [c.category, c.n])),
    approvalBuckets: o.approvalTime.buckets,
    cardBuckets: o.cardTime.buckets,
    joinsByEvent: Object.fromEntries(o.joinsByEvent.map((e) => [e.id, e.n])),
    bookingsByService: nonZero(Object.fromEntries(o.bookingsByService.map((s) => [s.id, s.bookings]))),
    checkInsByService: nonZero(Object.fromEntries(o.bookingsByService.map((s) => [s.id, s.checkedIn]))),
    claimsByCampaign: Object.fromEntries(o.claimsByCampaign.map((c) => [c.id, c.n])),
    claimsByPlace: Object.fromEntries(o.claimsByPlace.map((p) => [`${p.kind}:${p.id}`, p.n])),
    byUnion: units.map((u) => ({ id: u.id, joins: u.joins, bookings: u.bookings, claims: u.claims })),
  }).toEqual({
    ...naive,
    joinsByDay: nonZero(naive.joinsByDay),
    joinsByEvent: nonZero(naive.joinsByEvent),
    bookingsByService: nonZero(naive.bookingsByService),
    checkInsByService: nonZero(naive.checkInsByService),
    claimsByCampaign: nonZero(naive.claimsByCampaign),
    claimsByPlace: nonZero(naive.claimsByPlace),
  });
  return o;
}

beforeAll(async () => {
  // No background job but the ones a test starts: the booking jobs would mark the month's past bookings not come.
  t = await buildTestApp({ env: { FIGURES_FOLD_MS: '0', BOOKING_JOBS_MS: '0', SERVICE_CARD_SYNC_MS: '0' } });
  auth.operator = (await login(t.app, '13800000000')).auth;
  auth.xjk = (await login(t.app, '13800000001')).auth;
  auth.blz = (await login(t.app, '13800000002')).auth;
  auth.xcReviewer = (await login(t.app, '13800000006')).auth;
  data = await figuresDataset(t);
});
afterAll(async () => t.close());

describe('the overview of a known month', () => {
  it('counts for the city what a person counts by hand', async () => {
    const o = await overview(auth.operator, MARCH);
    expect(o.range).toEqual({ from: '2026-03-01', to: '2026-03-31', days: 31 });
    expect(o.selection).toMatchObject({ id: null, name: '北京市总工会' });
    expect(o.totals).toEqual({ joins: 5, pending: 2, bookings: 8, checkedIn: 4, noShows: 2, noShowRate: 2 / 6, claims: 9, stationSearches: 0 });
    // 16:30Z on the 10th is the 11th in Beijing.
    expect(o.joinsByDay.filter((d) => d.n)).toEqual([
      { day: '2026-03-10', n: 2 },
      { day: '2026-03-11', n: 1 },
      { day: '2026-03-14', n: 1 },
      { day: '2026-03-20', n: 1 },
    ]);
    expect(o.joinsByDay).toHaveLength(31);
    expect(o.joinsByWeek.find((w) => w.week === '2026-03-09')).toEqual({ week: '2026-03-09', n: 4 });
    expect(o.joinsByWeek[0]).toEqual({ week: '2026-02-23', n: 0 });
    expect(Object.fromEntries(o.joinsByCategory.map((c) => [c.category, c.n]))).toMatchObject({ courier: 2, rider: 2, truck: 1, domestic: 0 });
    // 5 s, 4 min, 10 min, 30 min, 2 days: half within 15 minutes, 90% within 2 days.
    expect(DURATION_BUCKETS[o.approvalTime.p50!]!.label).toBe('15分钟内');
    expect(DURATION_BUCKETS[o.approvalTime.p90!]!.label).toBe('2天内');
    expect(o.approvalTime.n).toBe(5);
    expect(o.cardTime).toMatchObject({ n: 1, p50: 11, p90: 11 });
    expect(DURATION_BUCKETS[11]!.label).toBe('3天内');
    expect(o.pendingByAge).toEqual([
      { bucket: 'today', n: 1 },
      { bucket: 'days2', n: 1 },
      { bucket: 'week', n: 0 },
      { bucket: 'month', n: 0 },
      { bucket: 'older', n: 0 },
    ]);
    const xc = o.byUnion.find((u) => u.name === '西城区总工会');
    const cy = o.byUnion.find((u) => u.name === '朝阳区总工会');
    expect(xc).toMatchObject({ own: false, joins: 3, bookings: 6, claims: 6 });
    expect(cy).toMatchObject({ own: false, joins: 2, bookings: 2, claims: 3 });
    expect(o.unions.map((u) => u.name)).toContain('西城区总工会');
    expect(o.joinsByEvent.map((e) => [e.title, e.n])).toEqual([
      ['新街口快递员入会专场', 3],
      ['八里庄货车司机入会专场', 1],
    ]);
    expect(o.bookingsByService.map((s) => [s.title, s.bookings, s.checkedIn, s.noShows, s.cancelled])).toEqual([
      ['新街口劳动争议咨询', 6, 3, 1, 1],
      ['八里庄心理疏导', 2, 1, 1, 0],
    ]);
    expect(o.bookingsByService[0]!.noShowRate).toBeCloseTo(0.25);
    expect(o.claimsByCampaign.map((c) => [c.title, c.n])).toEqual([
      ['新街口夏送清凉', 6],
      ['八里庄冬送温暖', 3],
    ]);
    expect(o.claimsByPlace.map((p) => [p.kind, p.name, p.n])).toEqual([
      ['event', '新街口快递员入会专场', 4],
      ['event', '八里庄货车司机入会专场', 3],
      ['station', '新街口暖心驿站（测试）', 2],
    ]);
  });

  it("shows a street union's staff their union only: its own figures and the unions below it", async () => {
    const o = await overview(auth.xjk, MARCH);
    expect(o.selection).toMatchObject({ id: null, name: '西城区新街口街道总工会' });
    expect(o.selection.trail.map((u) => u.name)).toEqual(['西城区新街口街道总工会']);
    expect(o.totals).toMatchObject({ joins: 3, pending: 1, bookings: 6, checkedIn: 3, noShows: 1, claims: 6 });
    expect(o.byUnion.map((u) => [u.name, u.own, u.joins])).toEqual([
      ['西城区新街口街道总工会', true, 2],
      ['新街口街道西四北社区工会', false, 1],
    ]);
    // The stall's join routed to 八里庄 is 八里庄's: not counted here.
    expect(o.joinsByEvent.map((e) => [e.title, e.n])).toEqual([['新街口快递员入会专场', 2]]);
    expect(o.claimsByCampaign.map((c) => c.title)).toEqual(['新街口夏送清凉']);
    expect(JSON.stringify(o)).not.toMatch(/八里庄|朝阳/);
    const blz = await overview(auth.blz, MARCH);
    expect(blz.totals).toMatchObject({ joins: 2, pending: 1, bookings: 2, claims: 3 });
    expect(blz.joinsByEvent.map((e) => [e.title, e.n])).toEqual([['八里庄货车司机入会专场', 1]]);
    expect(JSON.stringify(blz)).not.toMatch(/新街口|西城/);
  });

  it('filters by a union of the caller, and answers 404 for a union they do not cover', async () => {
    const xsb = await orgByCode(t, 'xsb');
    const o = await overview(auth.xcReviewer, { orgId: xsb.id, ...MARCH });
    expect(o.selection.id).toBe(xsb.id);
    expect(o.selection.trail.map((u) => u.name)).toEqual(['西城区总工会', '西城区新街口街道总工会', '新街口街道西四北社区工会']);
    expect(o.totals.joins).toBe(1);
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/admin/figures/overview?orgId=${data.blz.id}`, headers: auth.xjk });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('orgs.not_found');
    const search = await t.app.inject({ method: 'GET', url: `/api/v1/admin/figures/unions?q=${encodeURIComponent('工会')}`, headers: auth.xjk });
    expect(search.json().items.map((u: { name: string }) => u.name)).toEqual(['西城区新街口街道总工会', '新街口街道西四北社区工会']);
  });

  it('refuses a range backwards or longer than a year', async () => {
    for (const query of ['from=2026-03-02&to=2026-03-01', 'from=2025-01-01&to=2026-03-01', 'from=2026-3-1']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/admin/figures/overview?${query}`, headers: auth.operator });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('request.invalid');
    }
  });
});

describe('the rollups equal a GROUP BY over the base tables', () => {
  const codes = ['bj', 'xc', 'xjk', 'xsb', 'cy', 'blz'];

  it('with every change still a delta, then folded, then rebuilt', async () => {
    for (const code of codes) await expectEqualsGroupBy(code, MARCH);
    await fold();
    expect(Number(((await t.database.db.execute(sql`select count(*) as n from figure_deltas`)) as unknown as { rows: { n: string }[] }).rows[0]!.n)).toBe(0);
    for (const code of codes) await expectEqualsGroupBy(code, MARCH);
    await t.database.db.execute(sql`select figures_rebuild()`);
    for (const code of codes) await expectEqualsGroupBy(code, MARCH);
  });

  it('after a decision, a cancellation, a check-in and a union moved to another district', async () => {
    await fold();
    const today = {
      from: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10),
      to: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10),
    };
    const approved = await t.app.inject({ method: 'POST', url: `/api/v1/staff/applications/${data.pendingX}/approve`, headers: auth.xjk });
    expect(approved.statusCode).toBe(200);
    expect((await overview(auth.xjk, today)).totals).toMatchObject({ joins: 1, pending: 0 });
    await t.database.db.execute(sql`update bookings set status = 'cancelled' where service_id = ${data.serviceX} and status = 'booked'`);
    await t.database.db.execute(sql`update bookings set status = 'checked_in' where service_id = ${data.serviceY} and status = 'no_show'`);
    expect((await overview(auth.xjk, MARCH)).totals).toMatchObject({ bookings: 4, checkedIn: 3 });
    for (const code of codes) await expectEqualsGroupBy(code, MARCH);

    // 新街口 moves from 西城 to 朝阳 (with some of its figures still deltas): the districts' figures follow it.
    await insertJoinToday();
    const cy = await orgByCode(t, 'cy');
    const moved = await t.app.inject({ method: 'POST', url: `/api/v1/admin/orgs/${data.xjk.id}/move`, headers: auth.operator, payload: { parentId: cy.id } });
    expect(moved.statusCode).toBe(200);
    const xcAfter = await expectEqualsGroupBy('xc', MARCH);
    expect(xcAfter.totals.joins).toBe(0);
    expect((await expectEqualsGroupBy('cy', MARCH)).totals.joins).toBe(5);
    for (const code of codes) await expectEqualsGroupBy(code, today);
    await fold();
    for (const code of codes) {
      await expectEqualsGroupBy(code, MARCH);
      await expectEqualsGroupBy(code, today);
    }
    // Moved back: the fold ran in between, so this moves folded rows.
    const xc = await orgByCode(t, 'xc');
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/v1/admin/orgs/${data.xjk.id}/move`, headers: auth.operator, payload: { parentId: xc.id } })).statusCode,
    ).toBe(200);
    for (const code of codes) await expectEqualsGroupBy(code, MARCH);
  });
});

const onRealPostgres = process.env.TEST_DATABASE_URL ? it : it.skip;

describe('at the same time', () => {
  onRealPostgres('writers, folds and a union moving back and forth at once leave the rollups equal to the GROUP BY', async () => {
    const { insertApplication } = await import('../../../test/figures-fixtures');
    const cy = await orgByCode(t, 'cy');
    const xc = await orgByCode(t, 'xc');
    const move = (parentId: string) =>
      t.app.inject({ method: 'POST', url: `/api/v1/admin/orgs/${data.xjk.id}/move`, headers: auth.operator, payload: { parentId } });
    const writes = Array.from({ length: 150 }, (_, i) =>
      insertApplication(t, { org: ['xjk', 'xsb', 'blz'][i % 3]!, category: 'rider', submittedAt: '2026-03-25T02:00:00Z', decidedAt: '2026-03-25T02:01:00Z' }),
    );
    const folds = Array.from({ length: 15 }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i * 20));
      await fold();
    });
    const moves = (async () => {
      for (let i = 0; i < 3; i++) {
        expect((await move(cy.id)).statusCode).toBe(200);
        expect((await move(xc.id)).statusCode).toBe(200);
      }
    })();
    await Promise.all([...writes, ...folds, moves]);
    for (const code of ['bj', 'xc', 'xjk', 'xsb', 'cy', 'blz']) await expectEqualsGroupBy(code, MARCH);
    await fold();
    for (const code of ['bj', 'xc', 'xjk', 'xsb', 'cy', 'blz']) await expectEqualsGroupBy(code, MARCH);
  });
});

async function insertJoinToday() {
  const { insertApplication } = await import('../../../test/figures-fixtures');
  await insertApplication(t, {
    org: 'xsb',
    category: 'courier',
    submittedAt: new Date(Date.now() - 60_000).toISOString(),
    decidedAt: new Date().toISOString(),
  });
}

describe('export', () => {
  it('gives each figure as CSV for Excel, with every row and formulas neutralised', async () => {
    await t.database.db.execute(sql`update stall_events set title = '=HYPERLINK("http://x")' where id = ${data.eventY}`);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/figures/export?figure=joins_by_event&from=2026-03-01&to=2026-03-31`,
      headers: auth.operator,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="figures-joins_by_event-2026-03-01-2026-03-31.csv"');
    expect(res.body.startsWith('\ufeff按入会活动：北京市总工会,2026-03-01 至 2026-03-31\r\n活动,主办工会,开始时间,入会人数\r\n')).toBe(true);
    expect(res.body).toContain('新街口快递员入会专场,西城区新街口街道总工会,2026-03-10T01:00:00.000Z,3\r\n');
    expect(res.body).toContain(`"'=HYPERLINK(""http://x"")",朝阳区八里庄街道总工会`);
    const days = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/figures/export?figure=joins_by_day&from=2026-03-01&to=2026-03-31`,
      headers: auth.xjk,
    });
    expect(days.body.split('\r\n').filter(Boolean)).toHaveLength(2 + 31);
  });
});

describe('station searches', () => {
  it('counts a nearest-station search for the union of the nearest station, written by the fold job', async () => {
    const counted = await buildTestApp({ env: { FIGURES_FOLD_MS: '50' } });
    try {
      const operator = (await login(counted.app, '13800000000')).auth;
      const near = await counted.app.inject({ method: 'GET', url: '/api/v1/stations?near=39.9405,116.3703' });
      const nearestOrg = near.json().items[0].orgId as string;
      await counted.app.inject({ method: 'GET', url: '/api/v1/stations?near=39.9405,116.3703&offset=20' });
      const ms = await within(5_000, async () => {
        const o = json<FiguresOverview>(await counted.app.inject({ method: 'GET', url: '/api/v1/admin/figures/overview', headers: operator }));
        return o.totals.stationSearches === 1;
      });
      expect(ms).toBeGreaterThanOrEqual(0);
      const o = json<FiguresOverview>(
        await counted.app.inject({ method: 'GET', url: `/api/v1/admin/figures/overview?orgId=${nearestOrg}`, headers: operator }),
      );
      expect(o.totals.stationSearches).toBe(1);
      expect(o.stationSearchesByDay.at(-1)!.n).toBe(1);
    } finally {
      await counted.close();
    }
  });
});

describe('a range read as months, weeks and days', () => {
  it('splits a range into whole months, then whole weeks from Monday, then the days at the edges, each day once', () => {
    expect(piecesOf({ from: '2026-03-01', to: '2026-03-31' })).toEqual([{ grain: 'month', from: '2026-03-01', to: '2026-03-01' }]);
    // 2026-03-02 is a Monday.
    expect(piecesOf({ from: '2026-03-04', to: '2026-03-17' })).toEqual([
      { grain: 'day', from: '2026-03-04', to: '2026-03-08' },
      { grain: 'week', from: '2026-03-09', to: '2026-03-09' },
      { grain: 'day', from: '2026-03-16', to: '2026-03-17' },
    ]);
    expect(piecesOf({ from: '2026-03-04', to: '2026-03-06' })).toEqual([{ grain: 'day', from: '2026-03-04', to: '2026-03-06' }]);
    // The week of 23 February and the week of 30 March are cut by the month: days.
    expect(piecesOf({ from: '2026-02-23', to: '2026-04-05' })).toEqual([
      { grain: 'day', from: '2026-02-23', to: '2026-02-28' },
      { grain: 'month', from: '2026-03-01', to: '2026-03-01' },
      { grain: 'day', from: '2026-04-01', to: '2026-04-05' },
    ]);
    expect(piecesOf({ from: '2025-12-08', to: '2026-12-07' })).toEqual([
      { grain: 'week', from: '2025-12-08', to: '2025-12-22' },
      { grain: 'day', from: '2025-12-29', to: '2025-12-31' },
      { grain: 'month', from: '2026-01-01', to: '2026-11-01' },
      { grain: 'day', from: '2026-12-01', to: '2026-12-07' },
    ]);
    // Every range of up to a year from a few starts: each day in exactly one piece, each piece aligned to its grain.
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    for (const from of ['2025-12-29', '2026-01-31', '2026-02-28', '2026-03-01', '2026-03-02', '2026-03-31']) {
      for (const span of [1, 2, 6, 7, 8, 13, 14, 28, 29, 30, 31, 32, 45, 60, 61, 62, 90, 180, 365, 366]) {
        const start = Date.parse(`${from}T00:00:00Z`);
        const to = day(start + (span - 1) * 86_400_000);
        const covered: string[] = [];
        for (const p of piecesOf({ from, to })) {
          for (let t = Date.parse(`${p.from}T00:00:00Z`); t <= Date.parse(`${p.to}T00:00:00Z`);) {
            const d = new Date(t);
            const next = p.grain === 'day' ? t + 86_400_000 : p.grain === 'week' ? t + 7 * 86_400_000 : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
            if (p.grain === 'week') expect(d.getUTCDay()).toBe(1);
            if (p.grain === 'month') expect(d.getUTCDate()).toBe(1);
            for (let x = t; x < next; x += 86_400_000) covered.push(day(x));
            t = next;
          }
        }
        expect(covered).toEqual(Array.from({ length: span }, (_, i) => day(start + i * 86_400_000)));
      }
    }
  });
});

describe('ranges across week and month edges, and 积分商城', () => {
  it('equal the GROUP BY with facts on the edge days, with every change a delta and folded', async () => {
    const { insertApplication, insertClaim } = await import('../../../test/figures-fixtures');
    // Beijing days: 28 Feb (Sat), 1 Mar (Sun), 2 Mar (Mon), 8 Mar (Sun), 29 Mar (Sun), 30 Mar (Mon), 31 Mar (Tue), 1 Apr (Wed).
    const moments = [
      '2026-02-28T10:00:00Z',
      '2026-02-28T20:00:00Z',
      '2026-03-01T17:00:00Z',
      '2026-03-08T15:59:00Z',
      '2026-03-29T02:00:00Z',
      '2026-03-30T02:00:00Z',
      '2026-03-31T15:59:00Z',
      '2026-03-31T16:00:00Z',
    ];
    for (const [i, at] of moments.entries()) {
      await insertApplication(t, {
        org: ['xjk', 'xsb', 'blz'][i % 3]!,
        category: 'rider',
        submittedAt: at,
        decidedAt: at,
        event: i % 2 ? data.eventX : data.eventY,
      });
      await insertClaim(t, i % 2 ? data.campaignX : data.campaignY, 'event', i % 2 ? data.eventX : data.eventY, at);
    }
    const ranges = [
      { from: '2026-02-23', to: '2026-04-05' },
      { from: '2026-02-27', to: '2026-04-01' },
      { from: '2026-03-02', to: '2026-03-08' },
      { from: '2026-03-01', to: '2026-03-30' },
      { from: '2026-03-03', to: '2026-03-31' },
      { from: '2025-04-01', to: '2026-04-01' },
    ];
    for (const range of ranges) for (const code of ['bj', 'xjk', 'blz']) await expectEqualsGroupBy(code, range);
    await fold();
    for (const range of ranges) for (const code of ['bj', 'xc', 'xjk', 'xsb', 'cy', 'blz']) await expectEqualsGroupBy(code, range);
    await t.database.db.execute(sql`select figures_rebuild()`);
    for (const range of ranges) for (const code of ['bj', 'xjk', 'blz']) await expectEqualsGroupBy(code, range);
  });

  it('counts a 积分商城 exchange under its campaign and at 积分商城, not at the place it is recorded at', async () => {
    const { insertClaim } = await import('../../../test/figures-fixtures');
    const before = await overview(auth.xjk, MARCH);
    const station = before.claimsByPlace.find((p) => p.id === data.stationX)!;
    // A points-priced voucher of 新街口 whose shops include the station; an exchange is recorded at its first place.
    const [mall] = (
      (await t.database.db.execute(sql`
        insert into benefit_campaigns (org_id, title, kind, quota, period, starts_at, ends_at, eligible_org_id, eligible_path, requires_rotating_code, created_by, points_price)
        select id, '新街口积分换购券', 'voucher', 100, 'daily', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', id, path, false, (select account_id from staff_grants limit 1), 20 from orgs where code = 'xjk'
        returning id`)) as unknown as { rows: { id: string }[] }
    ).rows;
    await t.database.db.execute(
      sql`insert into benefit_campaign_places (campaign_id, kind, place_id, name) values (${mall!.id}, 'station', ${data.stationX}, '新街口暖心驿站（测试）')`,
    );
    for (const at of ['2026-03-16T02:00:00Z', '2026-03-17T02:00:00Z', '2026-03-31T16:30:00Z']) await insertClaim(t, mall!.id, 'station', data.stationX, at);
    for (const folded of [false, true]) {
      if (folded) await fold();
      const o = await overview(auth.xjk, MARCH);
      expect(o.totals.claims).toBe(before.totals.claims + 2);
      expect(o.claimsByCampaign.find((c) => c.id === mall!.id)).toMatchObject({ title: '新街口积分换购券', n: 2 });
      expect(o.claimsByPlace.find((p) => p.id === data.stationX)).toEqual(station);
      expect(o.claimsByPlace.find((p) => p.kind === 'mall')).toEqual({ kind: 'mall', id: '00000000-0000-0000-0000-000000000000', name: '积分商城', n: 2 });
      for (const code of ['bj', 'xc', 'xjk']) await expectEqualsGroupBy(code, MARCH);
      await expectEqualsGroupBy('xjk', { from: '2026-03-01', to: '2026-04-01' });
    }
    const csv = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/figures/export?figure=claims_by_place&from=2026-03-01&to=2026-03-31`,
      headers: auth.xjk,
    });
    expect(csv.body).toContain('积分商城,积分商城,2\r\n');
  });
});
