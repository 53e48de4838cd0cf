import { sql } from 'drizzle-orm';
import { buildTestApp, json, login, type TestApp } from '../../../test/helpers';
import { csvCell } from '../../lib/csv';

describe('the audit log', () => {
  let t: TestApp;
  let xjk = '';
  let blz = '';
  let adminX: Awaited<ReturnType<typeof login>>;
  let adminY: Awaited<ReturnType<typeof login>>;
  let operator: Awaited<ReturnType<typeof login>>;
  const orgId = async (code: string) =>
    ((await t.database.db.execute(sql`select id from orgs where code = ${code}`)) as unknown as { rows: { id: string }[] }).rows[0]!.id;
  const search = async (auth: Record<string, string>, query: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/admin/audit?${query}`, headers: auth });
    if (res.statusCode !== 200) throw new Error(`audit: ${res.statusCode} ${res.body}`);
    return json(res) as { items: { action: string; actor: string; targetId: string; orgId: string; orgName: string; at: string }[]; next: string | null };
  };
  const invite = (auth: Record<string, string>, phone: string, org: string, role = 'scanner') =>
    t.app.inject({ method: 'POST', url: '/api/v1/admin/staff', headers: auth, payload: { phone, orgId: org, role } });

  beforeAll(async () => {
    t = await buildTestApp();
    [xjk, blz] = (await Promise.all(['xjk', 'blz'].map(orgId))) as [string, string];
    adminX = await login(t.app, '13800000001');
    adminY = await login(t.app, '13800000002');
    operator = await login(t.app, '13800000000');
  });
  afterAll(() => t.close());

  it('refuses in the database itself to change, delete or truncate an audit row', async () => {
    await invite(adminX.auth, '13700000301', xjk);
    const db = t.database.db;
    const before = ((await db.execute(sql`select count(*)::int as n from audit_log`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
    expect(before).toBeGreaterThan(0);
    for (const statement of [
      sql`update audit_log set action = 'nothing happened'`,
      sql`delete from audit_log`,
      sql`delete from audit_log where action = 'staff.grant'`,
      sql`truncate audit_log`,
    ]) {
      await expect(db.execute(statement)).rejects.toThrow();
    }
    const after = (
      (await db.execute(sql`select count(*)::int as n, count(*) filter (where action = 'nothing happened')::int as changed from audit_log`)) as unknown as {
        rows: { n: number; changed: number }[];
      }
    ).rows[0]!;
    expect(after).toEqual({ n: before, changed: 0 });
    // Appending still works.
    expect((await invite(adminX.auth, '13700000302', xjk)).statusCode).toBe(201);
  });

  it('finds entries by actor, target, action and time, newest first, page by page', async () => {
    const first = json(await invite(adminX.auth, '13700000303', xjk));
    await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/staff/grants/${first.id}`, headers: adminX.auth, payload: { role: 'reviewer' } });
    await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/staff/grants/${first.id}`, headers: adminX.auth });

    const byTarget = await search(adminX.auth, 'targetPhone=13700000303');
    expect(byTarget.items.map((e) => e.action)).toEqual(['staff.revoke', 'staff.role_change', 'staff.grant']);
    expect(byTarget.items[0]).toMatchObject({
      actor: '138****0001',
      targetId: first.accountId,
      target: '137****0303',
      orgId: xjk,
      orgName: '西城区新街口街道总工会',
    });

    const byActor = await search(adminX.auth, 'actorPhone=13800000001&action=staff.revoke');
    expect(byActor.items.map((e) => e.targetId)).toContain(first.accountId);
    expect(new Set(byActor.items.map((e) => e.action))).toEqual(new Set(['staff.revoke']));
    // A family of actions by its prefix.
    expect(new Set((await search(adminX.auth, `targetId=${first.accountId}&action=staff`)).items.map((e) => e.action)).size).toBe(3);
    // Someone with no account acted on nothing.
    expect((await search(adminX.auth, 'actorPhone=13700000399')).items).toEqual([]);

    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await search(adminX.auth, `targetPhone=13700000303&from=${encodeURIComponent(future)}`)).items).toEqual([]);
    const grantAt = byTarget.items[2]!.at;
    expect((await search(adminX.auth, `targetPhone=13700000303&to=${encodeURIComponent(grantAt)}`)).items.map((e) => e.action)).toEqual(['staff.grant']);

    const page1 = await search(adminX.auth, 'targetPhone=13700000303&limit=2');
    expect(page1.items).toHaveLength(2);
    const page2 = await search(adminX.auth, `targetPhone=13700000303&limit=2&before=${encodeURIComponent(page1.next!)}`);
    expect([...page1.items, ...page2.items].map((e) => e.action)).toEqual(['staff.revoke', 'staff.role_change', 'staff.grant']);
    expect(page2.next).toBeNull();

    // A page position that only looks like one is refused as bad input, not a database error.
    for (const before of ['1|------------------------------------', `2026-13-99T00:00:00Z|${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`]) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/admin/audit?before=${encodeURIComponent(before)}`, headers: adminX.auth });
      expect(res.statusCode).toBe(400);
    }
  });

  it('shows staff of one union nothing of another union’s, whatever the filter; the operator sees both', async () => {
    const y = json(await invite(adminY.auth, '13700000304', blz));
    const x = json(await invite(adminX.auth, '13700000305', xjk));
    const seenByX = await search(adminX.auth, 'limit=200');
    expect(seenByX.items.length).toBeGreaterThan(0);
    expect(seenByX.items.filter((e) => e.orgId === blz || e.targetId === y.accountId)).toEqual([]);
    for (const query of [`orgId=${blz}`, `targetId=${y.accountId}`, 'targetPhone=13700000304', 'actorPhone=13800000002']) {
      expect({ query, items: (await search(adminX.auth, query)).items }).toEqual({ query, items: [] });
    }
    const csv = (await t.app.inject({ method: 'GET', url: `/api/v1/admin/audit/export?orgId=${blz}`, headers: adminX.auth })).body;
    expect(csv.trim().split('\r\n')).toHaveLength(1);
    expect((await search(adminY.auth, `targetId=${x.accountId}`)).items).toEqual([]);
    expect((await search(operator.auth, 'targetPhone=13700000304')).items).toHaveLength(1);
    expect((await search(operator.auth, 'targetPhone=13700000305')).items).toHaveLength(1);
    // Reviewers and scanners have no audit log.
    const reviewer = await login(t.app, '13800000003');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/audit', headers: reviewer.auth })).statusCode).toBe(403);
  });

  it('exports the search as CSV that Excel opens (UTF-8 with a byte-order mark), one row per entry', async () => {
    const grant = json(await invite(adminX.auth, '13700000306', xjk));
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/admin/audit/export?targetPhone=13700000306', headers: adminX.auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.body.startsWith('\ufeff时间,操作,操作代码,操作人,对象类型,对象,对象手机号,工会,详情\r\n')).toBe(true);
    const rows = res.body.trim().split('\r\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(`,授予角色,staff.grant,138****0001,account,${grant.accountId},137****0306,西城区新街口街道总工会,"{""role"":""scanner""`);
  });

  it('writes a CSV cell a spreadsheet cannot run as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('西城区')).toBe('西城区');
  });
});
