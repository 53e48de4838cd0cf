import { sql } from 'drizzle-orm';
import { buildTestApp, json, login, type TestApp } from '../../../test/helpers';

const nearby = (t: TestApp, query: string) => t.app.inject({ method: 'GET', url: `/api/v1/merchants?${query}` });

describe('普惠商户 nearby', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('lists the nearest merchants first, with the distance and the member discount', async () => {
    const res = await nearby(t, 'near=39.9415,116.3705&limit=5');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { name: string; distanceM: number; discount: string; orgName: string }[];
    expect(items).toHaveLength(5);
    expect(items[0]).toMatchObject({ name: '新街口老北京炸酱面', orgName: '西城区新街口街道总工会', discount: expect.stringContaining('9.5折') });
    expect(items[0]!.distanceM).toBeLessThan(200);
    const distances = items.map((i) => i.distanceM);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(distances.every(Number.isInteger)).toBe(true);
  });

  it('finds the freight union’s merchants along the trucking routes by category', async () => {
    const res = json(await nearby(t, 'near=39.7565,116.5525&category=vehicle_service&limit=3'));
    expect(res.items.map((i: { category: string }) => i.category)).toEqual(['vehicle_service', 'vehicle_service', 'vehicle_service']);
    expect(res.items[0]).toMatchObject({ name: '马驹桥货车轮胎快修', orgName: '北京市道路货运行业工会联合会' });
    const signed = (await t.database.db.execute(
      sql`select count(*)::int as n from merchants m join orgs o on o.id = m.org_id where o.code = 'hyhy'`,
    )) as unknown as { rows: { n: number }[] };
    expect(signed.rows[0]!.n).toBe(16);
  });

  it('widens the search until it has enough, up to 1,000 km', async () => {
    // Tianjin: the nearest merchants (马驹桥, on the way in) are about 90 km away, beyond the first two rings.
    const tianjin = json(await nearby(t, 'near=39.0842,117.2009&limit=2'));
    expect(tianjin.items).toHaveLength(2);
    expect(tianjin.items[0].distanceM).toBeGreaterThan(30_000);
    expect(tianjin.items[0].name).toMatch(/^马驹桥/);
    // Shanghai is over 1,000 km from every demo merchant: an empty list, not an error.
    expect(json(await nearby(t, 'near=31.2304,121.4737&limit=2')).items).toEqual([]);
  });

  it('answers 400 with a Chinese message for a bad location, category or limit', async () => {
    for (const query of [
      'near=abc',
      'near=91,116',
      'near=39.9,181',
      'near=39.9',
      'near=39.9,116.4&limit=0',
      'near=39.9,116.4&limit=51',
      'near=39.9,116.4&category=bar',
      'limit=5',
      'near=39.9,116.4&x=1',
    ]) {
      const res = await nearby(t, query);
      expect({ query, status: res.statusCode }).toEqual({ query, status: 400 });
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('merchant clerks and the counter check', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const logins = new Map<string, Awaited<ReturnType<typeof login>>>();
  const as = async (phone: string) => {
    if (!logins.has(phone)) logins.set(phone, await login(t.app, phone));
    return logins.get(phone)!;
  };
  const memberCode = async () => {
    const member = await as('13900000002');
    return json(await t.app.inject({ method: 'POST', url: '/api/v1/members/me/code', headers: member.auth })).code as string;
  };
  const orgId = async (code: string) =>
    ((await t.database.db.execute(sql`select id from orgs where code = ${code}`)) as unknown as { rows: { id: string }[] }).rows[0]!.id;

  it('the demo clerk sees only 有效会员 and the masked name: no union, no number, no status', async () => {
    const clerk = await as('13800000010');
    const me = json(await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: clerk.auth }));
    expect(me.roles).toEqual(['merchant']);
    expect(me.merchants).toEqual([{ id: expect.any(String), name: '新街口老北京炸酱面' }]);
    // The clerk's scan records (other tests here scan as this clerk too): this test's scan is the one that is new.
    const scans = async () =>
      (
        (await t.database.db.execute(
          sql`select id, detail from audit_log where action = 'member_code.merchant_scan' and actor_account_id = ${clerk.account.id}`,
        )) as unknown as { rows: { id: string; detail: { merchantId: string; outcome: string } }[] }
      ).rows;
    await new Promise((r) => setTimeout(r, 400)); // scan records are written in batches within 200 ms
    const before = new Set((await scans()).map((r) => r.id));
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/merchant/scan', headers: clerk.auth, payload: { token: await memberCode() } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ valid: true, maskedName: '王*国' });
    expect(res.body).not.toContain('新街口街道');
    await new Promise((r) => setTimeout(r, 400));
    const audit = (await scans()).filter((r) => !before.has(r.id)).map((r) => ({ detail: r.detail }));
    expect(audit).toEqual([{ detail: { merchantId: me.merchants[0].id, outcome: 'valid' } }]);
  });

  it('refuses an expired or tampered code and anyone who is not a clerk', async () => {
    const clerk = await as('13800000010');
    const code = await memberCode();
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/merchant/scan', headers: clerk.auth, payload: { token: `${code.slice(0, -2)}AA` } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('codes.invalid');
    const member = await as('13900000002');
    const notClerk = await t.app.inject({ method: 'POST', url: '/api/v1/merchant/scan', headers: member.auth, payload: { token: code } });
    expect(notClerk.statusCode).toBe(403);
    expect(notClerk.json().error).toMatchObject({ code: 'merchants.not_clerk' });
    const staff = await as('13800000005');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/merchant/scan', headers: staff.auth, payload: { token: code } })).statusCode).toBe(403);
  });

  it('a union admin signs up a merchant and a clerk by phone; the clerk can check codes at once', async () => {
    const admin = await as('13800000001');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/merchants',
      headers: admin.auth,
      payload: {
        name: '西四北洗车行',
        category: 'car_wash',
        address: '北京市西城区西四北大街',
        lat: 39.931,
        lng: 116.371,
        discount: '会员洗车8折',
        discountPercent: 20,
        orgId: await orgId('xsb'),
      },
    });
    expect(created.statusCode).toBe(201);
    const merchant = created.json();
    expect(merchant).toMatchObject({ name: '西四北洗车行', orgName: '新街口街道西四北社区工会', discountPercent: 20 });

    const added = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/merchants/${merchant.id}/clerks`,
      headers: admin.auth,
      payload: { phone: '13700000099' },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toEqual({ merchantId: merchant.id, accountId: expect.any(String), phone: '137****0099', status: 'invited' });
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/merchants/${merchant.id}/clerks`,
      headers: admin.auth,
      payload: { phone: '13700000099' },
    });
    expect(again.json().accountId).toBe(added.json().accountId);

    const clerk = await as('13700000099');
    expect(clerk.account.id).toBe(added.json().accountId);
    // Invited is not yet a clerk: no counter, no 普惠商户 role, until they accept on 我的.
    const early = await t.app.inject({ method: 'POST', url: '/api/v1/merchant/scan', headers: clerk.auth, payload: { token: await memberCode() } });
    expect(early.json().error.code).toBe('merchants.not_clerk');
    expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: clerk.auth })).roles).not.toContain('merchant');
    const invitations = json(await t.app.inject({ method: 'GET', url: '/api/v1/merchant/invitations', headers: clerk.auth })).items;
    expect(invitations).toEqual([
      { merchantId: merchant.id, merchantName: '西四北洗车行', orgName: '新街口街道西四北社区工会', invitedAt: expect.any(String) },
    ]);
    // Nobody answers someone else's invitation.
    const stranger = await as('13700000097');
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/merchant/invitations/${merchant.id}/accept`, headers: stranger.auth })).statusCode).toBe(404);
    const accepted = await t.app.inject({ method: 'POST', url: `/api/v1/merchant/invitations/${merchant.id}/accept`, headers: clerk.auth });
    expect(accepted.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/merchant/invitations/${merchant.id}/accept`, headers: clerk.auth })).statusCode).toBe(404);
    expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: clerk.auth })).roles).toContain('merchant');
    const activeNow = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/merchants/${merchant.id}/clerks`,
      headers: admin.auth,
      payload: { phone: '13700000099' },
    });
    expect(activeNow.json().status).toBe('active');
    // A second invitation, declined: it is gone and the person is no clerk there.
    await t.app.inject({ method: 'POST', url: `/api/v1/admin/merchants/${merchant.id}/clerks`, headers: admin.auth, payload: { phone: '13700000097' } });
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/merchant/invitations/${merchant.id}/decline`, headers: stranger.auth })).statusCode).toBe(204);
    expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/merchant/invitations', headers: stranger.auth })).items).toEqual([]);
    expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: stranger.auth })).roles).not.toContain('merchant');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/merchant/scan', headers: clerk.auth, payload: { token: await memberCode() } });
    expect(res.json()).toEqual({ valid: true, maskedName: '王*国' });
    expect(json(await nearby(t, 'near=39.931,116.371&category=car_wash&limit=1')).items[0].name).toBe('西四北洗车行');
  });

  it('keeps admins to their own unions and reviewers out', async () => {
    const admin = await as('13800000001');
    const otherUnion = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/merchants',
      headers: admin.auth,
      payload: {
        name: '八里庄洗车',
        category: 'car_wash',
        address: '北京市朝阳区八里庄',
        lat: 39.92,
        lng: 116.49,
        discount: '洗车8折',
        orgId: await orgId('blz'),
      },
    });
    expect(otherUnion.statusCode).toBe(404);
    expect(otherUnion.json().error.code).toBe('orgs.not_found');

    const [blzMerchant] = (
      (await t.database.db.execute(sql`select m.id from merchants m join orgs o on o.id = m.org_id where o.code = 'blz' limit 1`)) as unknown as {
        rows: { id: string }[];
      }
    ).rows;
    const clerkElsewhere = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/merchants/${blzMerchant!.id}/clerks`,
      headers: admin.auth,
      payload: { phone: '13700000098' },
    });
    expect(clerkElsewhere.statusCode).toBe(404);
    expect(clerkElsewhere.json().error.code).toBe('merchants.not_found');

    const reviewer = await as('13800000003');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/merchants',
      headers: reviewer.auth,
      payload: {
        name: '中关村洗车',
        category: 'car_wash',
        address: '北京市海淀区中关村',
        lat: 39.98,
        lng: 116.31,
        discount: '洗车8折',
        orgId: await orgId('zgc'),
      },
    });
    expect(res.statusCode).toBe(403);

    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/merchants',
      headers: admin.auth,
      payload: { name: '店', category: 'bar', address: 'x', lat: 100, lng: 116.31, discount: '', discountPercent: 95, orgId: await orgId('xjk') },
    });
    expect(bad.statusCode).toBe(400);
  });
});
