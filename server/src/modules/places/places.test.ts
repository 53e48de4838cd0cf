import { sql } from 'drizzle-orm';
import { buildTestApp, json, login, type TestApp } from '../../../test/helpers';

/**
 * GET /admin/places as the service form's station picker uses it: a search by name or address over the stations of the
 * caller's unions, a page at a time. The demo seed gives 新街口 and 八里庄 their own stations and the city ~2,200.
 */
interface Place {
  kind: string;
  id: string;
  name: string;
  address: string | null;
  orgName: string;
}

describe('places in scope (search and paging)', () => {
  let t: TestApp;
  let operator: { authorization: string };
  let xjkAdmin: { authorization: string };
  let blzAdmin: { authorization: string };
  let scanner: { authorization: string };

  beforeAll(async () => {
    t = await buildTestApp();
    operator = (await login(t.app, '13800000000')).auth;
    xjkAdmin = (await login(t.app, '13800000001')).auth;
    blzAdmin = (await login(t.app, '13800000002')).auth;
    scanner = (await login(t.app, '13800000005')).auth;
  });
  afterAll(() => t.close());

  const get = (headers: Record<string, string> | undefined, query: Record<string, string | number>) =>
    t.app.inject({ method: 'GET', url: '/api/v1/admin/places', query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])), headers });
  const page = async (headers: Record<string, string>, query: Record<string, string | number>) => {
    const res = await get(headers, { kind: 'station', ...query });
    expect(res.statusCode).toBe(200);
    return json(res) as { items: Place[]; nextOffset: number | null };
  };
  /** Every page from the first, following nextOffset. */
  const walk = async (headers: Record<string, string>, query: Record<string, string | number>) => {
    const all: Place[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const p = await page(headers, { ...query, offset });
      all.push(...p.items);
      offset = p.nextOffset;
    }
    return all;
  };
  /** Stations of a union and the unions below it, straight from the database, by name (the database's collation). */
  const orderedUnder = async (code: string) => {
    const result = await t.database.db.execute(sql`
      select s.id from stations s join orgs o on o.id = s.org_id, orgs u
      where u.code = ${code} and (o.path = u.path or o.path like u.path || '.%')
      order by s.name, s.id`);
    return (result as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
  };
  const stationsUnder = async (code: string) => new Set(await orderedUnder(code));

  it('finds a station of the union by part of its name or of its address, with the address to tell it apart', async () => {
    const byName = await page(xjkAdmin, { q: '分拣中心' });
    expect(byName.items.map((p) => p.name)).toContain('新街口快递分拣中心暖心驿站');
    expect(byName.items.find((p) => p.name === '新街口快递分拣中心暖心驿站')).toMatchObject({
      kind: 'station',
      address: '北京市西城区新街口外大街甲14号',
      orgName: expect.stringContaining('新街口'),
    });
    expect(byName.items.every((p) => p.name.includes('分拣中心') || p.address!.includes('分拣中心'))).toBe(true);
    const byAddress = await page(xjkAdmin, { q: '新街口北大街3号' });
    expect(byAddress.items.map((p) => p.name)).toEqual(['北京银行新街口支行暖心驿站']);
    expect(byAddress.nextOffset).toBeNull();
    // LIKE's wildcards are searched for as text, not as "anything".
    expect((await page(xjkAdmin, { q: '%' })).items).toEqual([]);
    expect((await page(xjkAdmin, { q: '没有这样的驿站名称' })).items).toEqual([]);
  });

  it('pages through every station of the union in name order, none twice and none left out', async () => {
    const own = await stationsUnder('xjk');
    expect(own.size).toBeGreaterThan(7);
    const first = await page(xjkAdmin, { limit: 3 });
    expect(first.items).toHaveLength(3);
    expect(first.nextOffset).toBe(3);
    const small = await walk(xjkAdmin, { limit: 7 });
    expect(small.map((p) => p.id)).toEqual(await orderedUnder('xjk'));
    // Larger pages give the same stations in the same order; past the end is an empty last page.
    expect((await walk(xjkAdmin, { limit: 50 })).map((p) => p.id)).toEqual(small.map((p) => p.id));
    expect(await page(xjkAdmin, { offset: own.size, limit: 10 })).toEqual({ items: [], nextOffset: null });
    // The city operator reaches a station far past the first page.
    const city = await page(operator, { limit: 50 });
    expect(city.items).toHaveLength(50);
    expect(city.nextOffset).toBe(50);
    const deep = await page(operator, { limit: 50, offset: 2000 });
    expect(deep.items.length).toBeGreaterThan(0);
  });

  it('never lists another union’s station, whatever the search', async () => {
    const xjk = await stationsUnder('xjk');
    const blz = await walk(blzAdmin, { limit: 50 });
    expect(blz.length).toBeGreaterThan(0);
    expect(blz.every((p) => !xjk.has(p.id))).toBe(true);
    expect([...(await stationsUnder('blz'))].sort()).toEqual(blz.map((p) => p.id).sort());
    // Searching 新街口's station by name from 八里庄 finds nothing; the city operator finds it.
    expect((await page(blzAdmin, { q: '新街口快递分拣中心' })).items).toEqual([]);
    expect((await page(operator, { q: '新街口快递分拣中心' })).items.map((p) => p.name)).toContain('新街口快递分拣中心暖心驿站');
    // A scanner does not set up services or campaigns; no sign-in, no list.
    expect((await get(scanner, { kind: 'station' })).statusCode).toBe(403);
    expect((await get(undefined, { kind: 'station' })).statusCode).toBe(401);
  });

  it('refuses a bad search or page with 400 and a code the page can show', async () => {
    const error = async (query: Record<string, string | number>) => {
      const res = await get(xjkAdmin, { kind: 'station', ...query });
      expect(res.statusCode).toBe(400);
      return json(res).error as { code: string; field?: string; message: string };
    };
    for (const limit of ['0', '51', '-1', '2.5', 'ten'])
      expect(await error({ limit })).toMatchObject({ code: 'request.invalid_limit', message: '每页条数应为 1 到 50 之间的整数' });
    for (const offset of ['-1', '5001', 'x']) expect(await error({ offset })).toMatchObject({ code: 'request.invalid_offset' });
    expect(await error({ q: '驿'.repeat(41) })).toMatchObject({
      code: 'request.invalid',
      field: 'q',
      message: expect.stringContaining('搜索词不能超过 40 个字'),
    });
    expect(await error({ kind: 'shop' })).toMatchObject({ code: 'request.invalid', field: 'kind' });
    expect(await error({ page: 2 })).toMatchObject({ code: 'request.invalid' });
    // Forty characters is still a search; surrounding spaces are not part of it.
    expect((await get(xjkAdmin, { kind: 'station', q: '驿'.repeat(40) })).statusCode).toBe(200);
    expect((await page(xjkAdmin, { q: '  分拣中心  ' })).items.map((p) => p.name)).toContain('新街口快递分拣中心暖心驿站');
  });
});
