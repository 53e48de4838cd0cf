import { sql } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { facilitiesOfIds, greatCircleMetres, stationListResponseSchema, type Station } from '@union/shared';
import { buildSecondInstance, buildTestApp, json, login, type TestApp } from '../../../test/helpers';
import { beijingMinuteOfWeek } from './stations.service';
import { createStationMemory } from './stations.memory';
import { readStationCsv } from './stations.csv';

/** Tuesday 03:00 in Beijing (Monday 19:00 UTC). */
const TUESDAY_3AM = new Date('2026-11-23T19:00:00Z');
let clock = TUESDAY_3AM;
let t: TestApp;
type StationRow = { id: string; code: string; lat: number; lng: number; facilityIds: number[] };
/** Every station in the table now (tests elsewhere in this file import more). */
const stationsNow = async (): Promise<StationRow[]> => {
  const result = (await t.database.db.execute(sql`select id, code, lat, lng, facility_ids as "facilityIds" from stations`)) as unknown as {
    rows: StationRow[];
  };
  return result.rows.map((r) => ({ ...r, lat: Number(r.lat), lng: Number(r.lng) }));
};
const XJK = { lat: 39.944, lng: 116.37 };

const get = async (url: string) => t.app.inject({ method: 'GET', url: `/api/v1${url}` });
const list = async (query: string): Promise<{ items: Station[]; nextOffset: number | null }> => {
  const res = await get(`/stations?${query}`);
  expect(res.statusCode).toBe(200);
  return json(res);
};

beforeAll(async () => {
  t = await buildTestApp({ now: () => clock });
});
afterAll(() => t.close());
beforeEach(() => {
  clock = TUESDAY_3AM;
});

describe('the demo city', () => {
  it('has over 2,000 stations spread over every Beijing district', async () => {
    const demo = (await stationsNow()).filter((s) => s.code.startsWith('BJ-'));
    expect(demo.length).toBeGreaterThanOrEqual(2000);
    const districts = (await t.database.db.execute(sql`select count(distinct district)::int as n from stations where code like 'BJ-%'`)) as unknown as {
      rows: { n: number }[];
    };
    expect(districts.rows[0]!.n).toBe(16);
  });

  it('puts a station where its address is: standing at 新街口 the nearest ones are on the streets around it', async () => {
    const { items } = await list(`near=${XJK.lat},${XJK.lng}&limit=12`);
    // Streets within about 2 km of 新街口 (西直门, 德胜门, 西四 and 新街口 itself); 崇文门 or 知春路 lie 5-8 km away.
    const nearby = /新街口|西直门|德胜门|西四/;
    expect(items.filter((s) => !nearby.test(s.address)).map((s) => `${s.address} ${s.distance} m`)).toEqual([]);
  });
});

describe('GET /stations?near=', () => {
  it('lists the nearest stations first, the same ones and distances a haversine over every station gives', async () => {
    const all = await stationsNow();
    const { items } = await list(`near=${XJK.lat},${XJK.lng}&limit=20`);
    const expected = [...all]
      .map((s) => ({ ...s, d: greatCircleMetres(XJK, s) }))
      .sort((a, b) => a.d - b.d)
      .slice(0, 20);
    expect(items.map((s) => s.code)).toEqual(expected.map((s) => s.code));
    for (const [i, s] of items.entries()) {
      const d = expected[i]!.d;
      // earthdistance's sphere is 0.1% larger than the mean radius.
      expect(Math.abs(s.distance! - d)).toBeLessThanOrEqual(d * 0.003 + 1);
    }
    const distances = items.map((s) => s.distance!);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(items[0]).toMatchObject({
      code: 'BJ-XC-0001',
      name: '新街口快递分拣中心暖心驿站',
      hostKind: 'courier_site',
      orgName: '西城区新街口街道总工会',
      is24h: true,
      openNow: true,
    });
    expect(items[0]!.distance).toBeLessThan(40);
  });

  it('pages on with an offset, without repeating a station', async () => {
    const first = await list(`near=${XJK.lat},${XJK.lng}&limit=10`);
    expect(first.nextOffset).toBe(10);
    const second = await list(`near=${XJK.lat},${XJK.lng}&limit=10&offset=10`);
    const both = await list(`near=${XJK.lat},${XJK.lng}&limit=20`);
    expect([...first.items, ...second.items].map((s) => s.id)).toEqual(both.items.map((s) => s.id));
  });

  it('keeps only stations with every facility asked for, still nearest first', async () => {
    const all = await stationsNow();
    const { items } = await list(`near=${XJK.lat},${XJK.lng}&facility=microwave,toilet&limit=15`);
    // microwave and toilet are facilities 1 and 3.
    const expected = all
      .filter((s) => s.facilityIds.includes(1) && s.facilityIds.includes(3))
      .map((s) => ({ ...s, d: greatCircleMetres(XJK, s) }))
      .sort((a, b) => a.d - b.d)
      .slice(0, 15);
    expect(items.map((s) => s.code)).toEqual(expected.map((s) => s.code));
    for (const s of items) expect(s.facilities).toEqual(expect.arrayContaining(['microwave', 'toilet']));
    expect(items.map((s) => s.code)).not.toContain('BJ-XC-0001');
  });

  it('at 3 a.m. on a Tuesday, 营业中 keeps 24-hour stations and those open overnight, not daytime ones', async () => {
    const near = await list(`near=39.9836,116.3168&limit=100`);
    const open = await list(`near=39.9836,116.3168&limit=100&openNow=true`);
    expect(open.items.length).toBeGreaterThan(0);
    for (const s of open.items) {
      expect(s.openNow).toBe(true);
      expect(s.is24h || /-0[0-9]:|-1[0-2]:/.test(s.hours)).toBe(true);
    }
    // The street union's centre opens 20:00-08:00: open now, and listed first.
    expect(open.items[0]).toMatchObject({ code: 'BJ-HD-0001', hours: '每天 20:00-08:00', openNow: true, is24h: false });
    expect(near.items.filter((s) => s.openNow).map((s) => s.id)).toEqual(open.items.filter((s) => near.items.some((n) => n.id === s.id)).map((s) => s.id));
    const bank = json(await get(`/stations?near=39.9422,116.3712&limit=1`)).items[0];
    expect(bank).toMatchObject({ code: 'BJ-XC-0002', hours: '周一至周五 09:00-17:00', openNow: false });
  });

  it('computes 营业中 on the Beijing clock, across midnight and from Sunday night into Monday', async () => {
    const all = await stationsNow();
    const at = async (iso: string, code: string) => {
      clock = new Date(iso);
      const s = all.find((x) => x.code === code)!;
      return json(await get(`/stations/${s.id}`)).openNow as boolean;
    };
    // 20:00-08:00 every day.
    expect(await at('2026-11-22T15:30:00Z', 'BJ-HD-0001')).toBe(true); // Sunday 23:30 Beijing
    expect(await at('2026-11-22T23:59:00Z', 'BJ-HD-0001')).toBe(true); // Monday 07:59
    expect(await at('2026-11-23T00:00:00Z', 'BJ-HD-0001')).toBe(false); // Monday 08:00
    expect(await at('2026-11-23T11:59:00Z', 'BJ-HD-0001')).toBe(false); // Monday 19:59
    expect(await at('2026-11-23T12:00:00Z', 'BJ-HD-0001')).toBe(true); // Monday 20:00
    // 周一至周五 09:00-17:00: 09:00 Beijing is 01:00 UTC, the day before is not the day that counts.
    expect(await at('2026-11-23T01:00:00Z', 'BJ-XC-0002')).toBe(true); // Monday 09:00
    expect(await at('2026-11-23T00:59:00Z', 'BJ-XC-0002')).toBe(false); // Monday 08:59
    expect(await at('2026-11-28T02:00:00Z', 'BJ-XC-0002')).toBe(false); // Saturday 10:00
    expect(await at('2026-11-28T02:00:00Z', 'BJ-XC-0001')).toBe(true); // 24 h
  });

  it('lists by name without a location, with no distance', async () => {
    const { items } = await list('limit=5&facility=massage_chair');
    expect(items).toHaveLength(5);
    for (const s of items) {
      expect(s.distance).toBeNull();
      expect(s.facilities).toContain('massage_chair');
    }
  });

  it("keeps only one union's stations when asked (a staffer picking a service's place), by name and nearest first", async () => {
    const xjk = (await stationsNow()).find((s) => s.code === 'BJ-XC-0001')!;
    const orgId = (
      (await t.database.db.execute(sql`select org_id as "orgId" from stations where code = 'BJ-XC-0001'`)) as unknown as { rows: { orgId: string }[] }
    ).rows[0]!.orgId;
    const byName = await list(`orgId=${orgId}&limit=100`);
    expect(byName.items.map((s) => s.code)).toEqual(expect.arrayContaining(['BJ-XC-0001', 'BJ-XC-0002']));
    expect(byName.items.every((s) => s.orgId === orgId)).toBe(true);
    const near = await list(`orgId=${orgId}&near=${xjk.lat},${xjk.lng}&limit=5`);
    expect(near.items[0]!.code).toBe('BJ-XC-0001');
    expect(near.items.every((s) => s.orgId === orgId)).toBe(true);
    expect((await get('/stations?orgId=nope')).statusCode).toBe(400);
  });
});

describe('bad input', () => {
  it.each([
    ['near=abc', 'stations.near_malformed'],
    ['near=39.9', 'stations.near_malformed'],
    ['near=39.9,116.4,1', 'stations.near_malformed'],
    ['near=', 'stations.near_malformed'],
    ['near=39.9;116.4', 'stations.near_malformed'],
    ['near=91,116.4', 'stations.near_out_of_range'],
    ['near=-90.5,116.4', 'stations.near_out_of_range'],
    ['near=39.9,181', 'stations.near_out_of_range'],
    ['near=39.9,-180.01', 'stations.near_out_of_range'],
    ['limit=0', 'request.invalid_limit'],
    ['limit=-1', 'request.invalid_limit'],
    ['limit=1000000000', 'request.invalid_limit'],
    ['limit=101', 'request.invalid_limit'],
    ['limit=2.5', 'request.invalid_limit'],
    ['limit=ten', 'request.invalid_limit'],
    ['offset=-1', 'request.invalid_offset'],
    ['offset=1000000000', 'request.invalid_offset'],
    ['facility=swimming_pool', 'stations.facility_unknown'],
    ['openNow=maybe', 'request.invalid'],
    ['near=39.9,116.4&near=40,116', 'request.invalid'],
    ['sort=name', 'request.invalid'],
  ])('GET /stations?%s answers 400 %s', async (query, code) => {
    const res = await get(`/stations?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('answers an unknown station with 404 and a malformed id with 400', async () => {
    expect((await get('/stations/00000000-0000-4000-8000-000000000000')).json().error.code).toBe('stations.not_found');
    expect((await get('/stations/abc')).statusCode).toBe(400);
  });

  it.each([['1,2,3'], ['40,116,39,117'], ['39,117,40,116'], ['a,b,c,d'], ['39,116,91,117']])(
    'answers a map box %s with 400 stations.bbox_invalid',
    async (bbox) => {
      const res = await get(`/stations/map?bbox=${bbox}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('stations.bbox_invalid');
    },
  );
});

describe('GET /stations/map-config', () => {
  it('says there are no tiles when the operator configured none, so the app draws its diagram', async () => {
    const res = await get('/stations/map-config');
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ tiles: null });
  });

  it("hands the H5 map the operator's tile source: Tianditu with its key, subdomains and WGS-84 coordinates", async () => {
    const url = 'https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=vec&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=abc123';
    const tianditu = await buildTestApp({
      seed: false,
      env: { MAP_TILES_URL: url, MAP_TILES_SUBDOMAINS: '0,1,2', MAP_TILES_ATTRIBUTION: '天地图', MAP_TILES_COORDS: 'wgs84' },
    });
    try {
      const res = await tianditu.app.inject({ method: 'GET', url: '/api/v1/stations/map-config' });
      expect(json(res)).toEqual({ tiles: { url, subdomains: ['0', '1', '2'], attribution: '天地图', coords: 'wgs84', maxZoom: 18 } });
      // The page may load those tiles, and only those: each subdomain's origin is in the CSP's img-src.
      const page = await tianditu.app.inject({ method: 'GET', url: '/' });
      const imgSrc = /img-src ([^;]+)/.exec(String(page.headers['content-security-policy']))![1]!.split(' ');
      expect(imgSrc).toEqual(["'self'", 'data:', 'blob:', 'https://t0.tianditu.gov.cn', 'https://t1.tianditu.gov.cn', 'https://t2.tianditu.gov.cn']);
    } finally {
      await tianditu.close();
    }
  });
});

describe('GET /stations/map', () => {
  it('clusters a city-wide view and shows each station when zoomed in', async () => {
    const city = json(await get('/stations/map?bbox=39.6,115.9,40.5,117.2'));
    expect(city.clustered).toBe(true);
    expect(city.total).toBeGreaterThan(1000);
    expect(city.points.length).toBeLessThanOrEqual(36);
    expect(city.points.reduce((n: number, p: { count: number }) => n + p.count, 0)).toBe(city.total);
    const street = json(await get('/stations/map?bbox=39.940,116.366,39.948,116.374'));
    expect(street.clustered).toBe(false);
    expect(street.points.map((p: { id: string }) => p.id)).toContain((await stationsNow()).find((s) => s.code === 'BJ-XC-0001')!.id);
    for (const p of street.points) {
      expect(p.count).toBe(1);
      expect(p.lat).toBeGreaterThanOrEqual(39.94);
      expect(p.lat).toBeLessThanOrEqual(39.948);
    }
  });
});

describe('POST /admin/stations/import', () => {
  const HEADER = '编号,名称,类型,地址,所在区,纬度,经度,设施,开放时间';
  let operator: Record<string, string>;
  let blzAdmin: Record<string, string>;
  let reviewer: Record<string, string>;
  let member: Record<string, string>;
  let orgIds: Record<string, string>;

  beforeAll(async () => {
    operator = (await login(t.app, '13800000000')).auth;
    blzAdmin = (await login(t.app, '13800000002')).auth;
    reviewer = (await login(t.app, '13800000003')).auth;
    member = (await login(t.app, '13900000002')).auth;
    const result = (await t.database.db.execute(sql`select code, id from orgs`)) as unknown as { rows: { code: string; id: string }[] };
    orgIds = Object.fromEntries(result.rows.map((r) => [r.code, r.id]));
  });

  const post = (auth: Record<string, string>, payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/admin/stations/import', headers: auth, payload });

  it('imports the good rows and reports each bad one by line, column and reason in Chinese', async () => {
    const csv = [
      HEADER,
      'T-0001,物美甘露园店暖心驿站,连锁商超,北京市朝阳区甘露园南里2号,朝阳区,39.9215,116.4950,饮水、微波炉、卫生间,24小时',
      'T-0002,,银行网点,北京市朝阳区朝阳路1号,朝阳区,39.92,116.49,饮水,08:00-20:00',
      'T-0003,中石化甘露园加油站暖心驿站,加油站,北京市朝阳区朝阳路3号,朝阳区,91,116.49,饮水,24小时',
      'T-0004,链家朝阳路店暖心驿站,房屋中介,北京市朝阳区朝阳路5号,朝阳区,116.49,39.92,饮水,08:30-21:00',
      'T-0005,链家青年路店暖心驿站,房屋中介,北京市朝阳区青年路6号,朝阳区,39.93,116.51,饮水、游泳池,08:30-21:00',
      'T-0006,顺丰青年路营业部暖心驿站,快递站点,北京市朝阳区青年路8号,朝阳区,39.93,116.512,饮水,晚上',
      'T-0001,物美重复店暖心驿站,连锁商超,北京市朝阳区甘露园南里9号,朝阳区,39.9216,116.4951,饮水,24小时',
      'T-0007,"工会驿站,朝阳路","工会服务站",北京市朝阳区朝阳路10号,朝阳区,39.924,116.47,"饮水|微波炉|手机充电",22:00-06:00',
      'T-0008,北京银行朝阳路支行暖心驿站,宠物店,北京市朝阳区朝阳路12号,朝阳区,39.925,116.48,饮水,周一至周五 09:00-17:00',
    ].join('\n');
    const res = await post(operator, { orgId: orgIds.cy!, csv });
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ rows: 9, created: 2, updated: 0, failed: 7, dryRun: false });
    expect(report.errors).toEqual([
      { row: 3, field: 'name', message: '请填写名称' },
      { row: 4, field: 'lat', message: '纬度应为 -90 到 90 之间的数字，例如 39.9087' },
      { row: 5, field: 'lat', message: '纬度和经度填反了' },
      { row: 6, field: 'facilities', message: expect.stringContaining('不认识的设施“游泳池”') },
      { row: 7, field: 'hours', message: expect.stringContaining('开放时间格式有误') },
      { row: 8, field: 'code', message: '编号与第 2 行重复' },
      { row: 10, field: 'hostKind', message: expect.stringContaining('不认识的类型“宠物店”') },
    ]);
    const found = await list('near=39.924,116.47&limit=1');
    expect(found.items[0]).toMatchObject({
      code: 'T-0007',
      name: '工会驿站,朝阳路',
      hostKind: 'union_office',
      hours: '每天 22:00-06:00',
      orgName: '朝阳区总工会',
      facilities: ['water', 'microwave', 'phone_charging'],
    });
  });

  it('updates a station imported again under the same code instead of adding a second one', async () => {
    const csv = `${HEADER}\nT-0101,链家十里堡店暖心驿站,房屋中介,北京市朝阳区十里堡路1号,朝阳区,39.9245,116.5001,饮水,08:30-21:00`;
    expect((await post(operator, { orgId: orgIds.cy!, csv })).json()).toMatchObject({ created: 1, updated: 0 });
    const again = csv.replace('链家十里堡店暖心驿站', '链家十里堡二店暖心驿站').replace('饮水,', '饮水、微波炉,');
    expect((await post(operator, { orgId: orgIds.cy!, csv: again })).json()).toMatchObject({ created: 0, updated: 1, failed: 0 });
    const rows = (await t.database.db.execute(sql`select name, facility_ids from stations where code = 'T-0101'`)) as unknown as {
      rows: { name: string; facility_ids: number[] }[];
    };
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]!.name).toBe('链家十里堡二店暖心驿站');
    expect(facilitiesOfIds(rows.rows[0]!.facility_ids)).toEqual(['water', 'microwave']);
  });

  it('takes thousands of rows at once, as text/csv, and a dry run saves nothing', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 3000; i++) {
      lines.push(
        `BULK-${i},超市发测试${i}号店暖心驿站,连锁商超,北京市海淀区学院路${i}号,海淀区,${(39.95 + (i % 100) * 0.001).toFixed(4)},${(116.33 + Math.floor(i / 100) * 0.001).toFixed(4)},饮水、微波炉,07:00-23:00`,
      );
    }
    const csv = lines.join('\r\n');
    expect(Buffer.byteLength(csv)).toBeGreaterThan(t.config.bodyLimit);
    const url = `/api/v1/admin/stations/import?orgId=${orgIds.bj}`;
    const dry = await t.app.inject({
      method: 'POST',
      url: `${url}&dryRun=true`,
      headers: { ...operator, 'content-type': 'text/csv; charset=utf-8' },
      payload: csv,
    });
    expect(dry.json()).toMatchObject({ rows: 3000, created: 3000, failed: 0, dryRun: true });
    expect((await list('near=39.95,116.33&limit=1')).items[0]!.code).not.toMatch(/^BULK-/);
    const started = Date.now();
    const res = await t.app.inject({ method: 'POST', url, headers: { ...operator, 'content-type': 'text/csv' }, payload: csv });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ rows: 3000, created: 3000, updated: 0, failed: 0, errors: [] });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect((await list('near=39.95,116.33&limit=1')).items[0]!.code).toBe('BULK-0');
  });

  it("lets a union's admin import for their union only, and never change another union's station", async () => {
    const own = `${HEADER}\nT-0201,链家八里庄店暖心驿站,房屋中介,北京市朝阳区八里庄西里1号,朝阳区,39.921,116.494,饮水,08:30-21:00`;
    expect((await post(blzAdmin, { orgId: orgIds.blz!, csv: own })).json()).toMatchObject({ created: 1, failed: 0 });
    const other = await post(blzAdmin, { orgId: orgIds.xjk!, csv: own });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('orgs.not_found');
    // BJ-XC-0001 belongs to Xinjiekou: the Balizhuang admin may not overwrite it through their own import.
    const hijack = `${HEADER}\nBJ-XC-0001,被改名的驿站,房屋中介,北京市朝阳区八里庄西里1号,朝阳区,39.921,116.494,饮水,08:30-21:00`;
    const report = (await post(blzAdmin, { orgId: orgIds.blz!, csv: hijack })).json();
    expect(report).toMatchObject({ created: 0, updated: 0, failed: 1, errors: [{ row: 2, field: 'code', message: '该编号的驿站属于其他工会，无权修改' }] });
    expect((await list(`near=${XJK.lat},${XJK.lng}&limit=1`)).items[0]!.name).toBe('新街口快递分拣中心暖心驿站');
  });

  const postFile = (bytes: Buffer, orgId: string, query = '') =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/stations/import?orgId=${orgId}${query}`,
      headers: { ...operator, 'content-type': 'text/csv' },
      payload: bytes,
    });
  const namesOf = async (prefix: string) =>
    (
      (await t.database.db.execute(sql`select code, name, address from stations where code like ${`${prefix}%`} order by code`)) as unknown as {
        rows: { code: string; name: string; address: string }[];
      }
    ).rows;

  it('reads a file Excel on a Chinese Windows saved (GBK), with its Chinese intact', async () => {
    const csv = [
      '编号,名称,类型,地址,所在区,纬度,经度,设施,开放时间',
      'GBK-1,链家甘露园店暖心驿站,房屋中介,北京市朝阳区甘露园南里1号,朝阳区,39.9201,116.4951,饮水、微波炉,08:30-21:00',
      'GBK-2,工商银行朝阳路支行暖心驿站,银行网点,北京市朝阳区朝阳路88号,朝阳区,39.9205,116.4960,饮水,周一至周五 09:00-17:00',
    ].join('\r\n');
    const bytes = iconv.encode(csv, 'gbk');
    expect(bytes.equals(Buffer.from(csv))).toBe(false);
    const res = await postFile(bytes, orgIds.cy!);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ rows: 2, created: 2, failed: 0, errors: [] });
    expect(await namesOf('GBK-')).toEqual([
      { code: 'GBK-1', name: '链家甘露园店暖心驿站', address: '北京市朝阳区甘露园南里1号' },
      { code: 'GBK-2', name: '工商银行朝阳路支行暖心驿站', address: '北京市朝阳区朝阳路88号' },
    ]);
    expect((await list('near=39.9201,116.4951&limit=1')).items[0]).toMatchObject({
      code: 'GBK-1',
      hostKind: 'estate_agency',
      facilities: ['water', 'microwave'],
    });
  });

  it('takes the file base64 in JSON, as the import page sends it: a dry run saves nothing, then the import saves it', async () => {
    const csv = [
      '编号,名称,类型,地址,所在区,纬度,经度,设施,开放时间',
      // In 朝阳 (the union it is imported for), far from 新街口, where other tests look for the nearest demo stations.
      'B64-1,朝阳门便利蜂暖心驿站,连锁商超,北京市朝阳区朝阳门外大街1号,朝阳区,39.9235,116.4440,饮水,24小时',
    ].join('\r\n');
    const post = (dryRun: boolean) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/stations/import',
        headers: operator,
        payload: { orgId: orgIds.cy!, file: iconv.encode(csv, 'gbk').toString('base64'), dryRun },
      });
    expect((await post(true)).json()).toMatchObject({ rows: 1, created: 1, dryRun: true, errors: [] });
    expect(await namesOf('B64-')).toEqual([]);
    expect((await post(false)).json()).toMatchObject({ rows: 1, created: 1, dryRun: false });
    expect(await namesOf('B64-')).toEqual([{ code: 'B64-1', name: '朝阳门便利蜂暖心驿站', address: '北京市朝阳区朝阳门外大街1号' }]);
    const both = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/stations/import',
      headers: operator,
      payload: { orgId: orgIds.cy!, file: 'YQ==', csv: 'a' },
    });
    expect(both.statusCode).toBe(400);
  });

  it('reads GB18030, whose four-byte characters GBK lacks, and UTF-8 with or without a BOM', async () => {
    const csv = (code: string) =>
      `编号,名称,类型,地址,所在区,纬度,经度,设施,开放时间\n${code},𠮷野家快餐㙟桥店暖心驿站,连锁商超,北京市朝阳区㙟桥路1号,朝阳区,39.931,116.501,饮水,24小时`;
    const gb18030 = iconv.encode(csv('ENC-1'), 'gb18030');
    expect(gb18030.includes(Buffer.from('𠮷'))).toBe(false);
    expect((await postFile(gb18030, orgIds.cy!)).json()).toMatchObject({ created: 1, failed: 0 });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv('ENC-2'))]);
    expect((await postFile(bom, orgIds.cy!)).json()).toMatchObject({ created: 1, failed: 0 });
    expect((await postFile(Buffer.from(csv('ENC-3')), orgIds.cy!)).json()).toMatchObject({ created: 1, failed: 0 });
    expect((await namesOf('ENC-')).map((r) => [r.name, r.address])).toEqual(Array(3).fill(['𠮷野家快餐㙟桥店暖心驿站', '北京市朝阳区㙟桥路1号']));
  });

  it('refuses, row by row, bytes that are neither UTF-8 nor GBK, and saves the readable rows', async () => {
    const line = (code: string, name: string) => iconv.encode(`\n${code},${name},连锁商超,北京市朝阳区青年路1号,朝阳区,39.93,116.51,饮水,24小时`, 'gbk');
    const bytes = Buffer.concat([
      iconv.encode('编号,名称,类型,地址,所在区,纬度,经度,设施,开放时间', 'gbk'),
      line('BAD-1', '物美青年路店暖心驿站'),
      // 0xFF never starts a GBK character, and 0x81 0x20 is a lead byte without its trail byte.
      Buffer.from('\nBAD-2,'),
      Buffer.from([0xc4, 0xe3, 0xff, 0xfe, 0x81, 0x20, 0xba, 0xc3]),
      iconv.encode(',连锁商超,北京市朝阳区青年路2号,朝阳区,39.93,116.52,饮水,24小时', 'gbk'),
      line('BAD-3', '物美青年路二店暖心驿站'),
    ]);
    for (const query of ['&dryRun=true', '']) {
      const res = await postFile(bytes, orgIds.cy!, query);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        rows: 3,
        created: 2,
        failed: 1,
        errors: [{ row: 3, field: 'name', code: 'stations.import_encoding', message: expect.stringMatching(/^第 3 行有无法识别的字符.*GBK/) }],
      });
    }
    expect((await namesOf('BAD-')).map((r) => r.name)).toEqual(['物美青年路店暖心驿站', '物美青年路二店暖心驿站']);
    // Text that was already garbled before it reached the API (a file read as UTF-8 that was not) is refused the same way.
    const garbled = await post(operator, {
      orgId: orgIds.cy!,
      csv: `${HEADER}\nBAD-4,\uFFFD\uFFFD\uFFFD暖心驿站,连锁商超,北京市朝阳区青年路4号,朝阳区,39.93,116.53,饮水,24小时`,
    });
    expect(garbled.json()).toMatchObject({ created: 0, failed: 1, errors: [{ row: 2, field: 'name', code: 'stations.import_encoding' }] });
  });

  it('refuses text cells a spreadsheet would run as a formula, and still reads negative numbers as numbers', async () => {
    const csv = [
      HEADER,
      'FML-1,"=HYPERLINK(""http://evil.example"",""点此领取"")",连锁商超,北京市朝阳区青年路5号,朝阳区,39.93,116.54,饮水,24小时',
      'FML-2,物美青年路三店暖心驿站,连锁商超,+86 北京市朝阳区青年路6号,@SUM(1+1),39.93,116.55,饮水,24小时',
      'FML-3,物美青年路四店暖心驿站,连锁商超,北京市朝阳区青年路7号,朝阳区,39.93,116.56,"-2+3+cmd|\' /C calc\'!A0",24小时',
      'FML-4,物美青年路五店暖心驿站,连锁商超,北京市朝阳区青年路8号,朝阳区,39.93,116.57,饮水,"\t=1+1"',
      'FML-5,悉尼暖心驿站,连锁商超,北京市朝阳区青年路9号,朝阳区,-33.8688,151.2093,饮水,24小时',
      'FML-6,物美青年路六店暖心驿站,连锁商超,北京市朝阳区青年路10号,朝阳区,39.93,116.58,饮水,24小时',
    ].join('\n');
    for (const dryRun of [true, false]) {
      const report = (await post(operator, { orgId: orgIds.cy!, csv, dryRun })).json();
      expect(report).toMatchObject({ rows: 6, created: 1, failed: 5, dryRun });
      expect(report.errors).toEqual([
        { row: 2, field: 'name', code: 'stations.import_formula', message: '名称不能以 =、+、-、@ 开头（电子表格会把它当作公式执行）' },
        { row: 3, field: 'address', code: 'stations.import_formula', message: expect.stringContaining('地址不能以') },
        { row: 3, field: 'district', code: 'stations.import_formula', message: expect.stringContaining('所在区不能以') },
        { row: 4, field: 'facilities', code: 'stations.import_formula', message: expect.stringContaining('设施不能以') },
        { row: 5, field: 'hours', code: 'stations.import_formula', message: expect.stringContaining('开放时间不能以') },
        // A negative coordinate is a number: refused only for lying outside China.
        { row: 6, field: 'lat', message: '坐标不在中国境内，请确认是 GCJ-02（高德、腾讯地图）坐标' },
      ]);
    }
    expect((await namesOf('FML-')).map((r) => r.code)).toEqual(['FML-6']);
  });

  it('refuses members and reviewers, and files it cannot read', async () => {
    const csv = `${HEADER}\nT-0301,x,银行网点,北京市,朝阳区,39.9,116.4,饮水,24小时`;
    expect((await post(member, { orgId: orgIds.cy!, csv })).statusCode).toBe(403);
    expect((await post(reviewer, { orgId: orgIds.zgc!, csv })).json().error.code).toBe('auth.forbidden');
    const noColumns = await post(operator, { orgId: orgIds.cy!, csv: '名称,地址\n某驿站,某地' });
    expect(noColumns.json().error).toMatchObject({ code: 'stations.import_columns', message: expect.stringContaining('编号') });
    expect((await post(operator, { orgId: orgIds.cy!, csv: HEADER })).json().error.code).toBe('stations.import_empty');
    expect((await post(operator, { orgId: orgIds.cy!, csv: `${HEADER}\n"unclosed,quote` })).json().error.code).toBe('stations.import_unreadable');
  });
});

describe('the in-memory copy (nearest first without the database)', () => {
  let other: Awaited<ReturnType<typeof buildSecondInstance>>;
  const inMemory = async (query: string) => {
    const res = await other.app.inject({ method: 'GET', url: `/api/v1/stations?${query}` });
    expect(res.statusCode).toBe(200);
    return res;
  };

  beforeAll(async () => {
    other = await buildSecondInstance(t, { now: () => clock, config: { stationsMemoryMb: 64 } });
  });
  afterAll(() => other.close());
  // A copy of the table as it is now: other tests in this file write stations behind its back (without NOTIFY).
  beforeEach(() => other.app.stationsMemory.reload());

  it('answers what PostgreSQL answers: the same stations in the same order, fields and distances, for points, filters and pages', async () => {
    expect(other.app.stationsMemory.ready).toBe(true);
    const orgId = (
      (await t.database.db.execute(sql`select org_id as "orgId" from stations where code = 'BJ-XC-0001'`)) as unknown as { rows: { orgId: string }[] }
    ).rows[0]!.orgId;
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const points = [XJK, { lat: 31.23, lng: 121.47 }, ...Array.from({ length: 12 }, () => ({ lat: 39.6 + rand() * 0.8, lng: 115.9 + rand() * 1.3 }))];
    const filters = [
      'limit=20',
      'limit=10&offset=10',
      'facility=microwave,toilet&limit=15',
      'openNow=true&limit=30',
      'facility=massage_chair&limit=5',
      `orgId=${orgId}&limit=8`,
      'limit=100&offset=1990',
    ];
    let compared = 0;
    for (const p of points) {
      for (const f of filters) {
        const query = `near=${p.lat.toFixed(5)},${p.lng.toFixed(5)}&${f}`;
        const res = await inMemory(query);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        const fromMemory = stationListResponseSchema.parse(res.json());
        const fromSql = await list(query);
        expect(fromMemory.nextOffset).toBe(fromSql.nextOffset);
        expect(fromMemory.items.map((s) => s.id)).toEqual(fromSql.items.map((s) => s.id));
        for (const [i, s] of fromMemory.items.entries()) {
          const { distance, ...rest } = fromSql.items[i]!;
          expect(s).toEqual({ ...rest, distance: expect.any(Number) });
          // Both on earthdistance's sphere; only the last rounding of a float may differ.
          expect(Math.abs(s.distance! - distance!)).toBeLessThanOrEqual(1);
        }
        compared += fromMemory.items.length;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('keeps 营业中 on the clock of each request, not of the load', async () => {
    const query = 'near=39.9836,116.3168&limit=50&openNow=true';
    clock = new Date('2026-11-24T04:00:00Z'); // Tuesday noon
    const noon = (await inMemory(query)).json() as { items: Station[] };
    expect(noon).toEqual({ ...(await list(query)), items: expect.any(Array) });
    clock = TUESDAY_3AM;
    const night = (await inMemory(query)).json() as { items: Station[] };
    expect(night.items.map((s) => s.id)).toEqual((await list(query)).items.map((s) => s.id));
    expect(night.items.map((s) => s.id)).not.toEqual(noon.items.map((s) => s.id));
    expect(noon.items.every((s) => s.openNow)).toBe(true);
  });

  it('takes in an import committed through another instance, without a restart', async () => {
    // The street union's admin (not logged in elsewhere in this file: a second SMS within the minute is refused).
    const admin = (await login(t.app, '13800000001')).auth;
    const xjk = ((await t.database.db.execute(sql`select id from orgs where code = 'xjk'`)) as unknown as { rows: { id: string }[] }).rows[0]!.id;
    const csv = [
      '编号,名称,类型,地址,所在区,纬度,经度,设施,开放时间',
      'MEM-0001,新街口北大街快递员之家暖心驿站,快递站点,北京市西城区新街口北大街1号,西城区,39.9501,116.3650,饮水、微波炉,24小时',
    ].join('\n');
    const before = (await inMemory('near=39.9501,116.3650&limit=1')).json() as { items: Station[] };
    expect(before.items[0]!.code).not.toBe('MEM-0001');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/stations/import', headers: admin, payload: { orgId: xjk, csv } });
    expect(res.json()).toMatchObject({ created: 1 });
    let first: Station | undefined;
    for (let i = 0; i < 100 && first?.code !== 'MEM-0001'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      first = ((await inMemory('near=39.9501,116.3650&limit=1')).json() as { items: Station[] }).items[0];
    }
    expect(first).toMatchObject({
      code: 'MEM-0001',
      name: '新街口北大街快递员之家暖心驿站',
      facilities: ['water', 'microwave'],
      orgName: expect.stringContaining('新街口'),
      distance: 0,
      openNow: true,
    });
  });

  it('a table over the memory budget is searched in PostgreSQL instead', async () => {
    const small = createStationMemory({ db: t.database.db, budgetBytes: 100_000 });
    await small.reload();
    expect(small.ready).toBe(false);
    const minute = beijingMinuteOfWeek(clock);
    expect(small.nearest(XJK, { facilityIds: [] }, { limit: 5, offset: 0 }, minute)).toBeUndefined();
    const enough = createStationMemory({ db: t.database.db, budgetBytes: 64 * 1024 * 1024 });
    await enough.check(); // never loaded: loads
    expect(enough.ready).toBe(true);
    expect(JSON.parse(enough.nearest(XJK, { facilityIds: [] }, { limit: 5, offset: 0 }, minute)!.toString()).items[0].code).toBe('BJ-XC-0001');
  });

  it('the minutely check finds a change whose notification never came, and only then loads again', async () => {
    const memory = createStationMemory({ db: t.database.db, budgetBytes: 64 * 1024 * 1024 });
    await memory.reload();
    const at = { lat: 39.9702, lng: 116.3301 };
    const nearest = () => JSON.parse(memory.nearest(at, { facilityIds: [] }, { limit: 1, offset: 0 }, 0)!.toString()).items[0];
    const before = nearest();
    await memory.check(); // nothing changed: the same copy
    expect(nearest()).toEqual(before);
    const orgId = ((await t.database.db.execute(sql`select org_id as "orgId" from stations limit 1`)) as unknown as { rows: { orgId: string }[] }).rows[0]!
      .orgId;
    // Written behind the importer's back: no NOTIFY.
    await t.database.db.execute(sql`
      insert into stations (code, name, host_kind, address, lat, lng, hours, is24h, open_week, org_id)
      values ('MEM-CHECK', '学院路快递驿站', 'courier_site', '北京市海淀区学院路1号', ${at.lat}, ${at.lng}, '24小时', true, '{[0,10080)}', ${orgId}::uuid)`);
    expect(nearest()).toEqual(before);
    await memory.check();
    expect(nearest()).toMatchObject({ code: 'MEM-CHECK', distance: 0 });
  });

  it('answers an empty list, not a placeholder, from a copy of a database with no stations yet', async () => {
    const empty = await buildTestApp({ seed: false });
    try {
      const memory = createStationMemory({ db: empty.database.db, budgetBytes: 1024 * 1024 });
      await memory.reload();
      expect(memory.ready).toBe(true);
      expect(JSON.parse(memory.nearest(XJK, { facilityIds: [] }, { limit: 5, offset: 0 }, 0)!.toString())).toEqual({ items: [], nextOffset: null });
    } finally {
      await empty.close();
    }
  });

  it('leaves a filter so rare that the walk would test too many stations to PostgreSQL, so it never stalls the server', async () => {
    const strict = createStationMemory({ db: t.database.db, budgetBytes: 64 * 1024 * 1024, maxTested: 300 });
    await strict.reload();
    const minute = beijingMinuteOfWeek(clock);
    // The nearest 5 of all stations: a few hundred tested at most.
    expect(strict.nearest(XJK, { facilityIds: [] }, { limit: 5, offset: 0 }, minute)).toBeInstanceOf(Buffer);
    // Massage chair and car charging: about one station in 200 has both.
    expect(strict.nearest(XJK, { facilityIds: [11, 12] }, { limit: 5, offset: 0 }, minute)).toBeUndefined();
    // Through the route the answer is the same as ever (PostgreSQL's).
    const rare = await inMemory(`near=${XJK.lat},${XJK.lng}&facility=massage_chair,car_charging&limit=5`);
    const rareIds = (rare.json() as { items: Station[] }).items.map((x) => x.id);
    expect(rareIds).toEqual((await list(`near=${XJK.lat},${XJK.lng}&facility=massage_chair,car_charging&limit=5`)).items.map((x) => x.id));
  });
});

describe('a 20,000-row import shares the event loop', () => {
  const HEADER = '编号,名称,类型,地址,所在区,纬度,经度,设施,开放时间';
  /** Stations around Lhasa, far from every point the other tests ask about. */
  const bulk = (prefix: string) => {
    const lines = [HEADER];
    for (let i = 0; i < 20_000; i++) {
      lines.push(
        `${prefix}-${i},拉萨测试${i}号暖心驿站,连锁商超,西藏拉萨市城关区北京中路${i}号,城关区,${(29.6 + (i % 100) * 0.001).toFixed(4)},${(91.1 + Math.floor(i / 100) * 0.001).toFixed(4)},饮水、微波炉,07:00-23:00`,
      );
    }
    return lines.join('\r\n');
  };
  /** Counts turns of the event loop until stopped: how many times other work got to run. */
  const ticker = () => {
    let ticks = 0;
    let running = true;
    const tick = () => {
      ticks++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    return () => {
      running = false;
      return ticks;
    };
  };

  it('reading and checking the file lets other work run at least once every 500 rows', async () => {
    const stop = ticker();
    const { rows } = await readStationCsv(bulk('READ'));
    const ticks = stop();
    expect(rows).toHaveLength(20_000);
    expect(ticks).toBeGreaterThanOrEqual(40);
  });

  it('answers /health again and again while the import runs, and still saves every row in one go', async () => {
    // The couriers' union's admin (not logged in elsewhere in this file: a second SMS within the minute is refused).
    const admin = (await login(t.app, '13800000004')).auth;
    const kdhy = ((await t.database.db.execute(sql`select id from orgs where code = 'kdhy'`)) as unknown as { rows: { id: string }[] }).rows[0]!.id;
    let finished = false;
    const importing = t.app
      .inject({ method: 'POST', url: `/api/v1/admin/stations/import?orgId=${kdhy}`, headers: { ...admin, 'content-type': 'text/csv' }, payload: bulk('LHASA') })
      .then((res) => {
        finished = true;
        return res;
      });
    let healthyMeanwhile = 0;
    while (!finished) {
      // A request comes in from the network, in a later turn of the event loop (inject alone would answer in microtasks).
      await new Promise((resolve) => setImmediate(resolve));
      const health = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
      expect(health.statusCode).toBe(200);
      if (!finished) healthyMeanwhile++;
    }
    const res = await importing;
    expect(res.json()).toMatchObject({ rows: 20_000, created: 20_000, failed: 0 });
    // At least one answer per 1,000 rows came back before the import's own answer.
    expect(healthyMeanwhile).toBeGreaterThanOrEqual(20);
    const saved = (await t.database.db.execute(sql`select count(*)::int as n from stations where code like 'LHASA-%'`)) as unknown as { rows: { n: number }[] };
    expect(saved.rows[0]!.n).toBe(20_000);
  });

  it('loading the in-memory copy lets other work run at least once every 1,000 stations', async () => {
    // 20,000 more stations around Lhasa, written straight to the table (the import's own test is above).
    await t.database.db.execute(sql`
      insert into stations (code, name, host_kind, address, lat, lng, hours, is24h, open_week, org_id)
      select 'LOAD-' || i, '拉萨载入' || i || '号暖心驿站', 'supermarket', '西藏拉萨市城关区北京中路' || i || '号', 29.7 + (i % 100) * 0.001, 91.1 + (i / 100) * 0.001,
        '24小时', true, '{[0,10080)}', (select id from orgs where code = 'kdhy')
      from generate_series(0, 19999) as i`);
    const memory = createStationMemory({ db: t.database.db, budgetBytes: 64 * 1024 * 1024 });
    const stations = ((await t.database.db.execute(sql`select count(*)::int as n from stations`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
    expect(stations).toBeGreaterThan(20_000);
    const stop = ticker();
    await memory.reload();
    const ticks = stop();
    expect(memory.ready).toBe(true);
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(stations / 1_000));
  });
});
