import { sql } from 'drizzle-orm';
import { buildTestApp, json, login, type TestApp } from '../../test/helpers';
import { deleteLapsedInvitations } from '../modules/access/access.repository';
import { deleteLapsedClerkInvitations } from '../modules/merchants/merchants.repository';
import { invitationsCleanupJob, LAPSED_INVITATIONS_KEPT_DAYS } from './jobs';

const DAY = 86_400_000;

describe('invitations clean-up', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('keeps a lapsed staff or clerk invitation on the admin’s lists as 已过期 for 30 days, then removes it; waiting ones and clerks stay', async () => {
    const admin = (await login(t.app, '13800000001')).auth;
    const xjk = ((await t.database.db.execute(sql`select id from orgs where code = 'xjk'`)) as unknown as { rows: { id: string }[] }).rows[0]!.id;
    const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: admin, payload });
    const get = async (url: string) => json(await t.app.inject({ url: `/api/v1${url}`, headers: admin })).items as { phone: string; status: string }[];
    for (const phone of ['13700000301', '13700000302']) expect((await post('/admin/staff', { phone, orgId: xjk, role: 'scanner' })).statusCode).toBe(201);
    const shop = json(
      await post('/admin/merchants', {
        name: '新街口修车铺',
        category: 'other',
        address: '北京市西城区新街口北大街1号',
        lat: 39.94,
        lng: 116.37,
        discount: '会员修车9折',
        discountPercent: 10,
        orgId: xjk,
      }),
    );
    for (const phone of ['13700000303', '13700000304']) expect((await post(`/admin/merchants/${shop.id}/clerks`, { phone })).statusCode).toBe(201);
    // The first of each was sent 40 days ago (it lapsed 33 days ago); the second lapses in a week.
    const sentLongAgo = new Date(Date.now() - 33 * DAY);
    const lapsedAt = sentLongAgo.toISOString();
    await t.database.db.execute(sql`update staff_invitations set expires_at = ${lapsedAt}::timestamptz
      where id = (select id from staff_invitations order by created_at desc offset 1 limit 1)`);
    await t.database.db.execute(sql`update merchant_staff set expires_at = ${lapsedAt}::timestamptz
      where merchant_id = ${shop.id} and account_id = (select account_id from merchant_staff where merchant_id = ${shop.id} order by created_at limit 1)`);
    const ours = (items: { phone: string; status: string }[], phones: string[]) =>
      items
        .filter((i) => phones.includes(i.phone))
        .map((i) => `${i.phone}:${i.status}`)
        .sort();
    const staffList = async () => ours(await get(`/admin/staff?orgId=${xjk}`), ['137****0301', '137****0302']);
    const clerkList = async () => ours(await get(`/admin/merchants/${shop.id}/clerks`), ['137****0303', '137****0304']);
    expect(await staffList()).toEqual(['137****0301:expired', '137****0302:invited']);
    expect(await clerkList()).toEqual(['137****0303:expired', '137****0304:invited']);

    // A pass 29 days after they lapsed keeps them; a pass today (33 days after) removes them.
    const db = t.database.db;
    const cleanUps = [(before: Date) => deleteLapsedInvitations(db, before), (before: Date) => deleteLapsedClerkInvitations(db, before)];
    expect(LAPSED_INVITATIONS_KEPT_DAYS).toBe(30);
    await invitationsCleanupJob(cleanUps, 1, () => new Date(sentLongAgo.getTime() + 29 * DAY)).pass();
    expect(await staffList()).toEqual(['137****0301:expired', '137****0302:invited']);
    expect(await clerkList()).toEqual(['137****0303:expired', '137****0304:invited']);
    await invitationsCleanupJob(cleanUps, 1).pass();
    expect(await staffList()).toEqual(['137****0302:invited']);
    expect(await clerkList()).toEqual(['137****0304:invited']);
  });
});
