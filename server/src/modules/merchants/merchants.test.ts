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
    expect(added.json()).toEqual({
      merchantId: merchant.id,
      accountId: expect.any(String),
      phone: '137****0099',
      status: 'invited',
      invitedAt: expect.any(String),
      expiresAt: expect.any(String),
    });
    // The invitation lapses in 7 days.
    expect(Date.parse(added.json().expiresAt) - Date.parse(added.json().invitedAt)).toBe(7 * 86_400_000);
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
      {
        merchantId: merchant.id,
        merchantName: '西四北洗车行',
        orgName: '新街口街道西四北社区工会',
        invitedAt: expect.any(String),
        expiresAt: expect.any(String),
      },
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

describe('merchants managed by their union: list, edit, clerks invited, withdrawn, lapsed', () => {
  let t: TestApp;
  let clock: number | null = null;
  beforeAll(async () => {
    t = await buildTestApp({ now: () => (clock === null ? new Date() : new Date(clock)) });
  });
  afterAll(() => t.close());
  afterEach(() => {
    clock = null;
  });
  const logins = new Map<string, Awaited<ReturnType<typeof login>>>();
  const as = async (phone: string) => {
    if (!logins.has(phone)) logins.set(phone, await login(t.app, phone));
    return logins.get(phone)!.auth;
  };
  const send = async (phone: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: await as(phone), ...(payload ? { payload } : {}) });
  const orgId = async (code: string) =>
    ((await t.database.db.execute(sql`select id from orgs where code = ${code}`)) as unknown as { rows: { id: string }[] }).rows[0]!.id;
  const ADMIN = '13800000001';
  const newMerchant = async (extra: object = {}) =>
    json(
      await send(ADMIN, 'POST', '/admin/merchants', {
        name: '新街口鲜花店',
        category: 'other',
        address: '北京市西城区新街口北大街8号',
        lat: 39.9425,
        lng: 116.3712,
        discount: '会员买花9折',
        discountPercent: 10,
        orgId: await orgId('xjk'),
        hours: '每天 09:00-21:00',
        ...extra,
      }),
    );

  it('lists the merchants of the admin’s unions only, with counts; a search narrows it', async () => {
    const created = await newMerchant();
    expect(created).toMatchObject({ name: '新街口鲜花店', hours: '每天 09:00-21:00' });
    const list = json(await send(ADMIN, 'GET', '/admin/merchants?limit=100'));
    const names = list.items.map((m: { name: string }) => m.name);
    expect(names).toContain('新街口鲜花店');
    expect(names).toContain('新街口老北京炸酱面');
    expect(list.items.every((m: { orgName: string }) => /新街口/.test(m.orgName))).toBe(true);
    const noodle = list.items.find((m: { name: string }) => m.name === '新街口老北京炸酱面');
    expect(noodle).toMatchObject({ active: true, clerks: 1, invited: 0 });
    expect(json(await send(ADMIN, 'GET', `/admin/merchants?q=${encodeURIComponent('鲜花')}`)).items.map((m: { name: string }) => m.name)).toEqual([
      '新街口鲜花店',
    ]);
    // 八里庄's admin sees none of 新街口's.
    const theirs = json(await send('13800000002', 'GET', '/admin/merchants?limit=100')).items;
    expect(theirs.filter((m: { orgName: string }) => /新街口/.test(m.orgName))).toEqual([]);
    expect((await send('13800000003', 'GET', '/admin/merchants')).statusCode).toBe(403);
  });

  it('edits a merchant: the fields change, hours are stored in their canonical form, the audit row lists old and new values', async () => {
    const m = await newMerchant({ name: '新街口修鞋铺', hours: null });
    const res = await send(ADMIN, 'PATCH', `/admin/merchants/${m.id}`, {
      discount: '会员修鞋8折',
      discountPercent: 20,
      hours: '周一至周五 9:00-18:00',
      lat: 39.943,
    });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ discount: '会员修鞋8折', discountPercent: 20, hours: '周一至周五 09:00-18:00', lat: 39.943, active: true });
    const [audit] = (
      (await t.database.db.execute(sql`select detail from audit_log where action = 'merchant.update' and target_id = ${m.id}`)) as unknown as {
        rows: { detail: { changed: Record<string, { from: unknown; to: unknown }> } }[];
      }
    ).rows;
    expect(audit!.detail.changed).toEqual({
      discount: { from: '会员买花9折', to: '会员修鞋8折' },
      discountPercent: { from: 10, to: 20 },
      hours: { from: null, to: '周一至周五 09:00-18:00' },
      lat: { from: 39.9425, to: 39.943 },
    });
    const bad = await send(ADMIN, 'PATCH', `/admin/merchants/${m.id}`, { hours: '早上到晚上' });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.message).toMatch(/营业时间格式/);
    // To a union the admin does not manage: refused like a missing one; to one below theirs: fine.
    expect(json(await send(ADMIN, 'PATCH', `/admin/merchants/${m.id}`, { orgId: await orgId('blz') })).error.code).toBe('orgs.not_found');
    expect(json(await send(ADMIN, 'PATCH', `/admin/merchants/${m.id}`, { orgId: await orgId('xsb') })).orgName).toBe('新街口街道西四北社区工会');
    // Another union's admin cannot touch it.
    expect(json(await send('13800000002', 'PATCH', `/admin/merchants/${m.id}`, { name: '别人的店' })).error.code).toBe('merchants.not_found');
  });

  it('takes a merchant off the list members see (active: false) and back', async () => {
    const m = await newMerchant({ name: '新街口眼镜店', lat: 39.9431, lng: 116.3701, category: 'phone_repair' });
    const nearby = async () =>
      json(await t.app.inject({ method: 'GET', url: '/api/v1/merchants?near=39.9431,116.3701&category=phone_repair&limit=50' })).items.map(
        (i: { name: string }) => i.name,
      );
    expect(await nearby()).toContain('新街口眼镜店');
    expect(json(await send(ADMIN, 'PATCH', `/admin/merchants/${m.id}`, { active: false })).active).toBe(false);
    expect(await nearby()).not.toContain('新街口眼镜店');
    expect(json(await send(ADMIN, 'GET', `/admin/merchants?q=${encodeURIComponent('眼镜')}`)).items[0]).toMatchObject({ active: false });
    await send(ADMIN, 'PATCH', `/admin/merchants/${m.id}`, { active: true });
    expect(await nearby()).toContain('新街口眼镜店');
  });

  it('lists clerks and invitations; withdraws an invitation (the person can no longer accept), removes a clerk; audited', async () => {
    const m = await newMerchant({ name: '新街口洗衣店' });
    await send(ADMIN, 'POST', `/admin/merchants/${m.id}/clerks`, { phone: '13700000201' });
    await send(ADMIN, 'POST', `/admin/merchants/${m.id}/clerks`, { phone: '13700000202' });
    const clerk = await as('13700000202');
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/merchant/invitations/${m.id}/accept`, headers: clerk })).statusCode).toBe(204);
    const list = json(await send(ADMIN, 'GET', `/admin/merchants/${m.id}/clerks`)).items;
    expect(list.map((c: { phone: string; status: string }) => `${c.phone} ${c.status}`).sort()).toEqual(['137****0201 invited', '137****0202 active']);
    const invited = list.find((c: { status: string }) => c.status === 'invited');

    expect((await send(ADMIN, 'DELETE', `/admin/merchants/${m.id}/clerks/${invited.accountId}`)).statusCode).toBe(204);
    const person = await as('13700000201');
    expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/merchant/invitations', headers: person })).items).toEqual([]);
    const late = await t.app.inject({ method: 'POST', url: `/api/v1/merchant/invitations/${m.id}/accept`, headers: person });
    expect({ status: late.statusCode, code: json(late).error.code }).toEqual({ status: 404, code: 'merchants.invitation_not_found' });

    const active = list.find((c: { status: string }) => c.status === 'active');
    expect((await send(ADMIN, 'DELETE', `/admin/merchants/${m.id}/clerks/${active.accountId}`)).statusCode).toBe(204);
    expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: clerk })).roles).not.toContain('merchant');
    expect(json(await send(ADMIN, 'DELETE', `/admin/merchants/${m.id}/clerks/${active.accountId}`)).error.code).toBe('merchants.clerk_not_found');
    const actions = (
      (await t.database.db.execute(
        sql`select action from audit_log where target_id = ${m.id} and action like 'merchant.clerk%' order by created_at`,
      )) as unknown as {
        rows: { action: string }[];
      }
    ).rows.map((r) => r.action);
    expect(actions).toEqual(['merchant.clerk_add', 'merchant.clerk_add', 'merchant.clerk_accept', 'merchant.clerk_withdraw', 'merchant.clerk_remove']);
    // Another union's admin neither sees nor withdraws them.
    expect((await send('13800000002', 'GET', `/admin/merchants/${m.id}/clerks`)).statusCode).toBe(404);
  });

  it('lets an invitation lapse after 7 days: not shown, cannot be accepted; inviting again sends it anew', async () => {
    const m = await newMerchant({ name: '新街口理发店' });
    await send(ADMIN, 'POST', `/admin/merchants/${m.id}/clerks`, { phone: '13700000203' });
    const person = await as('13700000203');
    clock = Date.now() + 7 * 86_400_000 + 60_000;
    expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/merchant/invitations', headers: person })).items).toEqual([]);
    const late = await t.app.inject({ method: 'POST', url: `/api/v1/merchant/invitations/${m.id}/accept`, headers: person });
    expect({ status: late.statusCode, code: json(late).error.code }).toEqual({ status: 409, code: 'merchants.invitation_expired' });
    expect(json(await send(ADMIN, 'GET', `/admin/merchants/${m.id}/clerks`)).items.map((c: { status: string }) => c.status)).toEqual(['expired']);
    const again = json(await send(ADMIN, 'POST', `/admin/merchants/${m.id}/clerks`, { phone: '13700000203' }));
    expect(again.status).toBe('invited');
    expect(Date.parse(again.expiresAt)).toBeGreaterThan(clock + 6 * 86_400_000);
    expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/merchant/invitations', headers: person })).items).toHaveLength(1);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/merchant/invitations/${m.id}/accept`, headers: person })).statusCode).toBe(204);
  });
});
