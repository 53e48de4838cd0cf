import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { buildTestApp, createMembers, json, login, type TestApp, type TestMember } from '../../../test/helpers';

/**
 * 积分商城 through HTTP: a voucher campaign priced in points is exchanged in the app, and the claim spends the points
 * in its own transaction. On PGlite and on a real PostgreSQL (TEST_DATABASE_URL), where the races are real: of 100
 * parallel exchanges against a balance enough for one, exactly one goes through; a claim refused for quota spends nothing.
 */
const onRealPostgres = process.env.TEST_DATABASE_URL ? it : it.skip;
const api = '/api/v1';

describe('积分商城: campaigns priced in points', () => {
  let t: TestApp;
  let xjkAdmin: { authorization: string };
  let scanner: { authorization: string };
  let orgs: Record<string, string>;
  let shops: { kind: string; id: string; name: string }[];

  beforeAll(async () => {
    t = await buildTestApp();
    xjkAdmin = (await login(t.app, '13800000001')).auth;
    scanner = (await login(t.app, '13800000005')).auth;
    const rows = (await t.database.db.execute(sql`select code, id from orgs`)) as unknown as { rows: { code: string; id: string }[] };
    orgs = Object.fromEntries(rows.rows.map((r) => [r.code, r.id]));
    shops = json(await t.app.inject({ url: `${api}/admin/places?kind=merchant&q=新街口`, headers: xjkAdmin })).items;
    expect(shops.length).toBeGreaterThanOrEqual(2);
  });
  afterAll(() => t.close());

  const input = (over: Record<string, unknown> = {}) => ({
    orgId: orgs.xjk,
    title: '手机贴膜券',
    kind: 'voucher',
    voucherValue: 20,
    quota: 100,
    period: 'once',
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    eligibleOrgId: orgs.xjk,
    places: shops.map((s) => ({ kind: s.kind, id: s.id })),
    requiresRotatingCode: false,
    pointsPrice: 20,
    ...over,
  });
  const create = (over: Record<string, unknown> = {}) =>
    t.app.inject({ method: 'POST', url: `${api}/admin/benefits`, headers: xjkAdmin, payload: input(over) });
  const campaign = async (over: Record<string, unknown> = {}) => {
    const res = await create(over);
    expect(res.statusCode).toBe(201);
    return json(res).id as string;
  };
  const exchange = (member: TestMember, campaignId: string, key: string = randomUUID(), payload: Record<string, unknown> = {}) =>
    t.app.inject({ method: 'POST', url: `${api}/benefits/${campaignId}/exchange`, headers: { ...member.auth, 'idempotency-key': key }, payload });
  const mall = async (member: TestMember) => json(await t.app.inject({ url: `${api}/benefits/mall`, headers: member.auth }));
  const balanceOf = async (member: TestMember) => json(await t.app.inject({ url: `${api}/points/mine`, headers: member.auth })).balance as number;
  const rowsOf = async <T>(query: ReturnType<typeof sql>) => ((await t.database.db.execute(query)) as unknown as { rows: T[] }).rows;
  const spends = async (member: TestMember) =>
    rowsOf<{ source_type: string; source_id: string; delta: number; label: string }>(
      sql`select source_type, source_id, delta, label from points_ledger where account_id = ${member.accountId} and rule = 'spend'`,
    );
  const claimsOn = async (campaignId: string) =>
    (await rowsOf<{ n: number }>(sql`select count(*)::int as n from benefit_claims where campaign_id = ${campaignId}`))[0]!.n;
  /** Points the member earned elsewhere (as a contest place would pay them), written as the ledger would. */
  const grant = async (member: TestMember, points: number) => {
    await t.database.db.execute(sql`
      insert into points_balances (account_id, balance) values (${member.accountId}, ${points})
      on conflict (account_id) do update set balance = points_balances.balance + ${points}`);
    await t.database.db.execute(sql`
      insert into points_ledger (account_id, rule, source_type, source_id, label, delta, balance_after, day)
      select ${member.accountId}, 'contest_place', 'test', ${randomUUID()}, '测试奖励', ${points}, balance, '2030-01-01'
      from points_balances where account_id = ${member.accountId}`);
  };
  const members = async (n: number, points = 0) => {
    const list = await createMembers(t, 'xjk', n);
    for (const m of list) if (points > 0) await grant(m, points);
    return list;
  };

  it('prices only vouchers, and not with the scan rules; the price is whole points from 1', async () => {
    const gift = await create({ kind: 'gift', voucherValue: undefined });
    expect(gift.statusCode).toBe(400);
    expect(json(gift).error).toMatchObject({ code: 'benefits.points_not_voucher', field: 'pointsPrice' });
    const rotating = await create({ requiresRotatingCode: true });
    expect(json(rotating).error).toMatchObject({ code: 'benefits.points_with_scan_rules', field: 'pointsPrice' });
    for (const pointsPrice of [0, 2.5, 100_001, '20']) {
      const res = await create({ pointsPrice });
      expect({ pointsPrice, status: res.statusCode, code: json(res).error.code }).toEqual({ pointsPrice, status: 400, code: 'request.invalid' });
    }
    const ok = await create();
    expect(ok.statusCode).toBe(201);
    expect(json(ok)).toMatchObject({ pointsPrice: 20, kind: 'voucher' });
    // Fixed once created: an edit cannot change it.
    const edit = await t.app.inject({ method: 'PATCH', url: `${api}/admin/benefits/${json(ok).id}`, headers: xjkAdmin, payload: { pointsPrice: 1 } });
    expect(edit.statusCode).toBe(400);
  });

  it('lists the mall with price and balance, keeps it off the scan list, and refuses a scan claim', async () => {
    const id = await campaign({ title: '洗车券', pointsPrice: 15 });
    const [member] = await members(1, 12);
    const shop = await mall(member!);
    expect(shop.balance).toBe(12);
    expect(shop.items.find((i: { id: string }) => i.id === id)).toMatchObject({ title: '洗车券', pointsPrice: 15, exchanged: false, remaining: 100 });
    const prices = shop.items.map((i: { pointsPrice: number }) => i.pointsPrice);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const list = json(await t.app.inject({ url: `${api}/benefits`, headers: member!.auth })).items;
    expect(list.map((b: { id: string }) => b.id)).not.toContain(id);
    // Scanning a shop's code does not claim it: it is exchanged in the mall.
    const code = json(await t.app.inject({ url: `${api}/staff/places/merchant/${shops[0]!.id}/code`, headers: scanner })).code;
    const scan = await t.app.inject({
      method: 'POST',
      url: `${api}/benefits/${id}/claims`,
      headers: { ...member!.auth, 'idempotency-key': randomUUID() },
      payload: { placeToken: code },
    });
    expect(scan.statusCode).toBe(409);
    expect(json(scan).error.code).toBe('benefits.points_only');
    const lookup = json(await t.app.inject({ method: 'POST', url: `${api}/benefits/scan`, headers: member!.auth, payload: { placeToken: code } }));
    expect(lookup.items.map((b: { id: string }) => b.id)).not.toContain(id);
  });

  it('says how many points are missing, and changes nothing', async () => {
    const id = await campaign({ pointsPrice: 30 });
    const [member] = await members(1, 12);
    const res = await exchange(member!, id);
    expect(res.statusCode).toBe(409);
    expect(json(res).error).toMatchObject({ code: 'learning.insufficient_points', missing: 18, message: '积分不足，还差 18 积分' });
    expect(await balanceOf(member!)).toBe(12);
    expect(await claimsOn(id)).toBe(0);
    expect((await json(await t.app.inject({ url: `${api}/admin/benefits/${id}`, headers: xjkAdmin }))).claimed).toBe(0);
  });

  it('spends the price in the claim: the voucher is in the wallet, the ledger names the claim, and a retry spends nothing more', async () => {
    const id = await campaign({ title: '贴膜券', pointsPrice: 20 });
    const [member] = await members(1, 25);
    const key = randomUUID();
    const res = await exchange(member!, id, key);
    expect(res.statusCode).toBe(201);
    const claim = json(res);
    expect(claim).toMatchObject({ campaignId: id, title: '贴膜券', voucher: true });
    // Recorded at the campaign's first shop (by kind, then name): the voucher is honoured at every shop of the campaign.
    expect(claim.place.name).toBe([...shops].sort((a, b) => a.name.localeCompare(b.name))[0]!.name);
    expect(await balanceOf(member!)).toBe(5);
    expect(await spends(member!)).toEqual([{ source_type: 'benefit_claim', source_id: claim.id, delta: -20, label: '贴膜券' }]);
    const history = json(await t.app.inject({ url: `${api}/points/mine`, headers: member!.auth })).items;
    expect(history[0]).toMatchObject({ rule: 'spend', delta: -20, balanceAfter: 5, label: '贴膜券' });
    const wallet = json(await t.app.inject({ url: `${api}/vouchers/mine`, headers: member!.auth })).items;
    expect(wallet).toEqual([expect.objectContaining({ id: claim.id, status: 'valid', value: 20, usesLeft: 1, shops: expect.any(Array) })]);
    expect(wallet[0].shops).toHaveLength(shops.length);
    expect((await mall(member!)).items.find((i: { id: string }) => i.id === id)).toMatchObject({ exchanged: true, remaining: 99 });

    // The same request again (a lost answer): the same claim, nothing spent.
    const replay = await exchange(member!, id, key);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(json(replay).id).toBe(claim.id);
    // Another request: one per member (once), nothing spent.
    const again = await exchange(member!, id);
    expect(again.statusCode).toBe(409);
    expect(json(again).error.code).toBe('benefits.already_claimed');
    expect(await balanceOf(member!)).toBe(5);
    expect(await spends(member!)).toHaveLength(1);
  });

  it('spends nothing when the quota is gone, the campaign is closed, or the member is not eligible', async () => {
    const id = await campaign({ quota: 1, pointsPrice: 10 });
    const [first, second] = await members(2, 30);
    expect((await exchange(first!, id)).statusCode).toBe(201);
    const late = await exchange(second!, id);
    expect(late.statusCode).toBe(409);
    expect(json(late).error.code).toBe('benefits.quota_exhausted');
    expect(await balanceOf(second!)).toBe(30);
    expect(await spends(second!)).toEqual([]);

    const closed = await campaign({ pointsPrice: 10 });
    await t.app.inject({ method: 'POST', url: `${api}/admin/benefits/${closed}/close`, headers: xjkAdmin, payload: {} });
    const res = await exchange(second!, closed);
    expect(json(res).error.code).toBe('benefits.not_open');
    expect(await balanceOf(second!)).toBe(30);

    // Members of another union are not eligible (their mall does not list it either).
    const [outsider] = await createMembers(t, 'blz', 1);
    await grant(outsider!, 30);
    const other = await campaign({ pointsPrice: 10 });
    expect(json(await exchange(outsider!, other)).error.code).toBe('benefits.not_eligible');
    expect(await balanceOf(outsider!)).toBe(30);
    expect((await mall(outsider!)).items.map((i: { id: string }) => i.id)).not.toContain(other);
  });

  it('takes no price, amount or balance from the client, and exchanges only point-priced campaigns', async () => {
    const id = await campaign({ pointsPrice: 10 });
    const [member] = await members(1, 30);
    for (const payload of [{ pointsPrice: 1 }, { points: 1 }, { balance: 100 }]) {
      const res = await exchange(member!, id, randomUUID(), payload);
      expect({ payload, status: res.statusCode, code: json(res).error.code }).toEqual({ payload, status: 400, code: 'request.invalid' });
    }
    expect(await balanceOf(member!)).toBe(30);
    const plain = await campaign({ pointsPrice: undefined });
    const res = await exchange(member!, plain);
    expect(res.statusCode).toBe(409);
    expect(json(res).error.code).toBe('benefits.not_points_priced');
    const missing = await t.app.inject({ method: 'POST', url: `${api}/benefits/${id}/exchange`, headers: member!.auth, payload: {} });
    expect(json(missing).error.code).toBe('benefits.idempotency_key_required');
    const applicant = (await login(t.app, '13900000001')).auth;
    expect(json(await t.app.inject({ url: `${api}/benefits/mall`, headers: applicant })).error.code).toBe('members.not_member');
  });

  it('seeds a 积分商城 for Beijing, and the demo member has 25 points and the certificate of the labour-law test', async () => {
    const demo = await login(t.app, '13900000002');
    const shop = json(await t.app.inject({ url: `${api}/benefits/mall`, headers: demo.auth }));
    expect(shop.balance).toBe(25);
    const city = shop.items.filter((i: { orgName: string }) => i.orgName === '北京市总工会');
    expect(city.map((i: { title: string; pointsPrice: number }) => [i.title, i.pointsPrice])).toEqual([
      ['骑手餐券 10元', 10],
      ['大车洗车券 20元', 20],
      ['手机维修券 50元', 50],
    ]);
    expect(city.every((i: { places: unknown[]; exchanged: boolean }) => i.places.length >= 2 && !i.exchanged)).toBe(true);
    const certificates = json(await t.app.inject({ url: `${api}/learning/certificates`, headers: demo.auth })).items;
    expect(certificates).toEqual([expect.objectContaining({ title: '劳动法律知识测试', holderName: '王建国', source: 'test', orgName: '北京市总工会' })]);
    const tests = json(await t.app.inject({ url: `${api}/learning/tests`, headers: demo.auth })).items;
    expect(tests.find((x: { title: string }) => x.title === '劳动法律知识测试').mine).toMatchObject({ passed: true, bestScore: 100, attempts: 1 });
  });

  onRealPostgres('gives exactly one of 100 parallel exchanges against a balance enough for one', async () => {
    const ids = [
      await campaign({ pointsPrice: 20 }),
      await campaign({ pointsPrice: 20 }),
      await campaign({ pointsPrice: 20 }),
      await campaign({ pointsPrice: 20 }),
    ];
    const [member] = await members(1, 20);
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => exchange(member!, ids[i % ids.length]!)));
    const codes = results.map((r) => (r.statusCode === 201 ? 'ok' : json(r).error.code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
    expect(new Set(codes.filter((c) => c !== 'ok'))).toEqual(new Set(['learning.insufficient_points', 'benefits.already_claimed']));
    expect(results.every((r) => r.statusCode === 201 || r.statusCode === 409)).toBe(true);
    expect(await balanceOf(member!)).toBe(0);
    expect(await spends(member!)).toHaveLength(1);
    const claims = await Promise.all(ids.map(claimsOn));
    expect(claims.reduce((a, b) => a + b, 0)).toBe(1);
    // Every counter agrees with its rows (a refused spend rolled the claim and its shard back).
    for (const id of ids) expect(json(await t.app.inject({ url: `${api}/admin/benefits/${id}`, headers: xjkAdmin })).claimed).toBe(await claimsOn(id));
  });

  onRealPostgres('gives a quota of 10 to exactly 10 of 40 racing members, and only those 10 pay', async () => {
    const id = await campaign({ quota: 10, pointsPrice: 15 });
    const racers = await members(40, 20);
    const results = await Promise.all(racers.map((m) => exchange(m, id)));
    const won = racers.filter((_, i) => results[i]!.statusCode === 201);
    expect(won).toHaveLength(10);
    expect(results.filter((r) => r.statusCode !== 201).every((r) => json(r).error.code === 'benefits.quota_exhausted')).toBe(true);
    const balances = await Promise.all(racers.map(balanceOf));
    expect(balances.filter((b) => b === 5)).toHaveLength(10);
    expect(balances.filter((b) => b === 20)).toHaveLength(30);
    expect(await claimsOn(id)).toBe(10);
  });

  onRealPostgres('spends once when 20 retries of one request race', async () => {
    const id = await campaign({ pointsPrice: 10 });
    const [member] = await members(1, 50);
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => exchange(member!, id, key)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => json(r).id)).size).toBe(1);
    expect(await balanceOf(member!)).toBe(40);
  });
});
