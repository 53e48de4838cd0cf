import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { bearer, buildSecondInstance, buildTestApp, createMembers, json, login, signAccessToken, type TestApp } from '../../../test/helpers';
import type { Database } from '../../db/client';
import { redeemInstruction } from '@union/shared';
import { endMembership } from '../members/members.repository';

/**
 * Benefits end to end through HTTP. On PGlite (one connection) and on a real PostgreSQL (TEST_DATABASE_URL), where
 * the parallel tests race for real: never more claims than the quota, never two per member and period.
 */

const at = (iso: string) => new Date(iso);
const onRealPostgres = process.env.TEST_DATABASE_URL ? it : it.skip;

/** The member leaves the union, as 退会 ends a membership (members.lifecycle.ts): status 'left', ended now. */
async function leave(db: Database, accountId: string) {
  const rows = (await db.execute(sql`select id from memberships where account_id = ${accountId} and status <> 'left'`)) as unknown as {
    rows: { id: string }[];
  };
  expect(rows.rows).toHaveLength(1);
  expect(await endMembership(db, rows.rows[0]!.id, new Date())).toBe(true);
}

interface VoucherItem {
  campaignId: string;
  status: string;
  validUntil: string | null;
  code: string | null;
  redeemedAt: string | null;
}

describe('benefits', () => {
  let t: TestApp;
  let clock: Date | null = null;
  let operator: { authorization: string };
  let xjkAdmin: { authorization: string };
  let scanner: { authorization: string };
  let blzAdmin: { authorization: string };
  let demoMember: { authorization: string };
  let applicant: { authorization: string };
  let eventId: string;
  let otherEventId: string;
  let orgs: Record<string, string>;

  beforeAll(async () => {
    t = await buildTestApp({ now: () => clock ?? new Date() });
    operator = (await login(t.app, '13800000000')).auth;
    xjkAdmin = (await login(t.app, '13800000001')).auth;
    scanner = (await login(t.app, '13800000005')).auth;
    blzAdmin = (await login(t.app, '13800000002')).auth;
    demoMember = (await login(t.app, '13900000002')).auth;
    applicant = (await login(t.app, '13900000001')).auth;
    const rows = (await t.database.db.execute(sql`select code, id from orgs`)) as unknown as { rows: { code: string; id: string }[] };
    orgs = Object.fromEntries(rows.rows.map((r) => [r.code, r.id]));
    const mkEvent = async (title: string) =>
      json(
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/staff/events',
          headers: xjkAdmin,
          payload: { orgId: orgs.xjk, title, place: '新街口暖心驿站', startsAt: '2026-01-01T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' },
        }),
      ).id as string;
    eventId = await mkEvent('夏送清凉');
    otherEventId = await mkEvent('另一场活动');
  });
  afterAll(() => t.close());
  afterEach(() => {
    clock = null;
  });

  /** Account ids of `n` new members of the union `orgId`. */
  const memberIds = async (orgId: string, n: number) => (await createMembers(t, orgId, n)).map((m) => m.accountId);
  const tokenFor = (accountId: string) => bearer(signAccessToken(t.config, { sub: accountId }));

  const campaignInput = (over: Record<string, unknown> = {}) => ({
    orgId: orgs.xjk,
    title: '夏送清凉 冰饮',
    kind: 'gift',
    quota: 100,
    period: 'daily',
    startsAt: '2026-01-01T00:00:00Z',
    endsAt: '2030-01-01T00:00:00Z',
    eligibleOrgId: orgs.xjk,
    places: [{ kind: 'event', id: eventId }],
    requiresRotatingCode: true,
    ...over,
  });
  const createCampaign = async (over: Record<string, unknown> = {}) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/benefits', headers: xjkAdmin, payload: campaignInput(over) });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const rotating = async (id = eventId) =>
    json(await t.app.inject({ method: 'GET', url: `/api/v1/staff/places/event/${id}/code`, headers: scanner })).code as string;
  /** A poster code: race tests must not depend on a one-minute code outliving a slow, loaded machine. */
  const poster = async (id = eventId) =>
    json(await t.app.inject({ method: 'POST', url: `/api/v1/admin/places/event/${id}/poster`, headers: xjkAdmin })).code as string;
  const claim = (headers: Record<string, string>, campaignId: string, body: Record<string, unknown>, key: string | null = randomUUID()) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/benefits/${campaignId}/claims`,
      headers: { ...headers, ...(key === null ? {} : { 'idempotency-key': key }) },
      payload: body,
    });
  const drain = async (id: string) => json(await t.app.inject({ method: 'GET', url: `/api/v1/admin/benefits/${id}`, headers: xjkAdmin }));
  const claimRows = async (id: string) =>
    Number(
      ((await t.database.db.execute(sql`select count(*)::int as n from benefit_claims where campaign_id = ${id}`)) as unknown as { rows: { n: number }[] })
        .rows[0]!.n,
    );
  /** The invariant after every run: claims in the table = the counter, and claimed + remaining = quota. */
  const expectConsistent = async (id: string, claims: number) => {
    const d = await drain(id);
    expect(await claimRows(id)).toBe(claims);
    expect(d.claimed).toBe(claims);
    expect(d.claimed + d.remaining).toBe(d.quota);
  };

  describe('creating a campaign', () => {
    it('refuses bad input with a code and the field', async () => {
      const post = (over: Record<string, unknown>) =>
        t.app.inject({ method: 'POST', url: '/api/v1/admin/benefits', headers: xjkAdmin, payload: campaignInput(over) });
      const negative = await post({ quota: -5 });
      expect(negative.statusCode).toBe(400);
      expect(negative.json().error).toMatchObject({ code: 'request.invalid', field: 'quota' });
      const window = await post({ startsAt: '2026-08-01T00:00:00Z', endsAt: '2026-07-01T00:00:00Z' });
      expect(window.statusCode).toBe(400);
      expect(window.json().error).toMatchObject({ code: 'benefits.window_invalid', field: 'endsAt' });
      for (const d of [0, -1, 5001, 1.5]) {
        const far = await post({ maxDistanceMeters: d });
        expect(far.statusCode).toBe(400);
        expect(far.json().error).toMatchObject({ code: 'request.invalid', field: 'maxDistanceMeters' });
      }
      const noLocation = await post({ maxDistanceMeters: 200 });
      expect(noLocation.json().error).toMatchObject({ code: 'places.no_location', field: 'places.0' });
      const station = await post({ places: [{ kind: 'station', id: randomUUID() }] });
      expect(station.json().error).toMatchObject({ code: 'places.not_found', field: 'places.0' });
    });

    it('lists the stations, events and merchants of the caller’s unions to pick as places', async () => {
      const places = async (headers: Record<string, string>, query: string) => t.app.inject({ method: 'GET', url: `/api/v1/admin/places?${query}`, headers });
      const names = async (headers: Record<string, string>, query: string) =>
        json(await places(headers, query)).items.map((p: { name: string }) => p.name) as string[];
      // 新街口's admin: its own noodle shop, none of the freight federation's merchants.
      expect(await names(xjkAdmin, 'kind=merchant')).toContain('新街口老北京炸酱面');
      expect(await names(xjkAdmin, 'kind=merchant')).not.toContain('马驹桥物流园司机餐厅');
      expect(await names(xjkAdmin, 'kind=event')).toContain('夏送清凉·新街口暖心驿站');
      // The city operator sees every union's merchants; a search narrows by name or address.
      const freight = await names(operator, `kind=merchant&q=${encodeURIComponent('马驹桥')}`);
      expect(freight.length).toBeGreaterThanOrEqual(3);
      expect(freight.every((n) => n.includes('马驹桥'))).toBe(true);
      const stations = json(await places(xjkAdmin, 'kind=station')).items as { kind: string; id: string; name: string; orgName: string }[];
      expect(stations.length).toBeGreaterThan(0);
      expect(stations[0]).toMatchObject({ kind: 'station', id: expect.any(String), name: expect.any(String), orgName: expect.stringContaining('新街口') });
      // A station has a position: a campaign there may limit the distance.
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/benefits',
        headers: xjkAdmin,
        payload: campaignInput({ places: [{ kind: 'station', id: stations[0]!.id }], maxDistanceMeters: 300 }),
      });
      expect(res.statusCode).toBe(201);
      expect(res.json().places).toEqual([{ kind: 'station', id: stations[0]!.id, name: stations[0]!.name }]);
      // A scanner does not run campaigns; a bad kind is refused.
      expect((await places(scanner, 'kind=station')).statusCode).toBe(403);
      expect((await places(xjkAdmin, 'kind=shop')).statusCode).toBe(400);
    });

    it('is for staff of the owning union only', async () => {
      const other = blzAdmin; // 八里庄 admin
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/benefits', headers: other, payload: campaignInput() });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('orgs.not_found');
      const member = demoMember;
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/benefits', headers: member, payload: campaignInput() })).statusCode).toBe(403);
    });
  });

  describe('editing and closing a campaign', () => {
    const patch = (id: string, payload: Record<string, unknown>, headers: Record<string, string> = xjkAdmin) =>
      t.app.inject({ method: 'PATCH', url: `/api/v1/admin/benefits/${id}`, headers, payload });
    const close = (id: string, headers: Record<string, string> = xjkAdmin) =>
      t.app.inject({ method: 'POST', url: `/api/v1/admin/benefits/${id}/close`, headers });
    const memberList = async (headers: Record<string, string>) =>
      json(await t.app.inject({ method: 'GET', url: '/api/v1/benefits', headers })).items as { id: string; title: string; description: string | null }[];
    const auditOf = async (id: string) =>
      (
        (await t.database.db.execute(sql`select action, detail from audit_log where target_id = ${id} order by created_at`)) as unknown as {
          rows: { action: string; detail: Record<string, unknown> | null }[];
        }
      ).rows;

    it('creates with a multi-line description members read, and refuses an over-long or marked-up one at its field', async () => {
      const id = await createCampaign({ description: '  凭会员码领取一瓶冰饮\r\n\r\n\r\n每天 10:00-16:00   发放 ' });
      expect((await drain(id)).description).toBe('凭会员码领取一瓶冰饮\n\n每天 10:00-16:00 发放');
      expect((await memberList(demoMember)).find((b) => b.id === id)).toMatchObject({ description: '凭会员码领取一瓶冰饮\n\n每天 10:00-16:00 发放' });
      const none = await createCampaign({ description: '' });
      expect((await drain(none)).description).toBeNull();
      for (const description of ['长'.repeat(301), '<b>免费</b>']) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/benefits', headers: xjkAdmin, payload: campaignInput({ description }) });
        expect(res.statusCode).toBe(400);
        expect(res.json().error).toMatchObject({ code: 'request.invalid', field: 'description', message: expect.stringContaining('福利说明') });
      }
    });

    it('changes title, description, end and quota; members see the change at once; the audit log has each change', async () => {
      const id = await createCampaign({ quota: 100, description: '旧说明' });
      const [a] = await memberIds(orgs.xjk!, 1);
      expect((await claim(tokenFor(a!), id, { placeToken: await rotating() })).statusCode).toBe(201);
      const res = await patch(id, { title: '夏送清凉 冰饮加量', description: '新说明\n第二行', endsAt: '2029-06-30T16:00:00Z', quota: 150 });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        title: '夏送清凉 冰饮加量',
        description: '新说明\n第二行',
        endsAt: '2029-06-30T16:00:00.000Z',
        quota: 150,
        claimed: 1,
        remaining: 149,
        closedAt: null,
      });
      expect((await memberList(demoMember)).find((b) => b.id === id)).toMatchObject({ title: '夏送清凉 冰饮加量', description: '新说明\n第二行' });
      // Lowered to exactly what was claimed: allowed, nothing left; an empty description removes it.
      expect(json(await patch(id, { quota: 1, description: '' }))).toMatchObject({ quota: 1, remaining: 0, description: null });
      const [b] = await memberIds(orgs.xjk!, 1);
      expect((await claim(tokenFor(b!), id, { placeToken: await rotating() })).json().error.code).toBe('benefits.quota_exhausted');
      // Raised again: the emptied shards fill up and claims flow.
      expect(json(await patch(id, { quota: 40 }))).toMatchObject({ quota: 40, remaining: 39 });
      expect((await claim(tokenFor(b!), id, { placeToken: await rotating() })).statusCode).toBe(201);
      await expectConsistent(id, 2);
      const audit = await auditOf(id);
      expect(audit.map((r) => r.action)).toEqual(['benefit.create', 'benefit.update', 'benefit.update', 'benefit.update']);
      expect(audit[1]!.detail).toMatchObject({
        title: { from: '夏送清凉 冰饮', to: '夏送清凉 冰饮加量' },
        description: true,
        quota: { from: 100, to: 150, claimed: 1 },
        endsAt: { to: '2029-06-30T16:00:00.000Z' },
      });
    });

    it('refuses a quota below the claimed count, naming the count, and changes nothing', async () => {
      const id = await createCampaign({ quota: 10, period: 'once', requiresRotatingCode: false });
      const members = await memberIds(orgs.xjk!, 3);
      const code = await poster();
      for (const m of members) expect((await claim(tokenFor(m), id, { placeToken: code })).statusCode).toBe(201);
      const res = await patch(id, { quota: 2, title: '不会生效的名称' });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'benefits.quota_below_claimed', field: 'quota', claimed: 3, message: '已领取 3 份，总数量不能少于 3' });
      expect(await drain(id)).toMatchObject({ quota: 10, claimed: 3, remaining: 7, title: '夏送清凉 冰饮' });
      expect((await auditOf(id)).map((r) => r.action)).toEqual(['benefit.create']);
    });

    it('refuses a bad end, fields that are fixed once created, and another union’s staff; an empty edit changes nothing', async () => {
      clock = at('2027-03-01T00:00:00Z');
      const id = await createCampaign({ startsAt: '2027-04-01T00:00:00Z', endsAt: '2027-05-01T00:00:00Z' });
      const past = await patch(id, { endsAt: '2027-02-28T00:00:00Z' });
      expect(past.statusCode).toBe(400);
      expect(past.json().error).toMatchObject({ code: 'benefits.ends_in_past', field: 'endsAt', message: '结束时间不能早于现在' });
      const beforeStart = await patch(id, { endsAt: '2027-03-15T00:00:00Z' });
      expect(beforeStart.json().error).toMatchObject({ code: 'benefits.window_invalid', field: 'endsAt' });
      for (const fixed of [
        { kind: 'voucher' },
        { period: 'once' },
        { eligibleOrgId: orgs.xjk },
        { places: [] },
        { requiresRotatingCode: false },
        { startsAt: '2027-03-02T00:00:00Z' },
      ]) {
        const res = await patch(id, { title: '改名', ...fixed });
        expect(res.statusCode).toBe(400);
        expect(res.json().error.code).toBe('request.invalid');
      }
      // An empty edit changes nothing (and records nothing).
      expect(json(await patch(id, {}))).toMatchObject({ title: '夏送清凉 冰饮', quota: 100 });
      const badQuota = await patch(id, { quota: 0 });
      expect(badQuota.json().error).toMatchObject({ code: 'request.invalid', field: 'quota' });
      const other = await patch(id, { title: '别的工会改名' }, blzAdmin);
      expect(other.statusCode).toBe(404);
      expect(other.json().error.code).toBe('benefits.not_found');
      expect((await close(id, blzAdmin)).statusCode).toBe(404);
      expect((await patch(id, { title: '会员改名' }, demoMember)).statusCode).toBe(403);
      expect((await close(id, demoMember)).statusCode).toBe(403);
      expect((await patch(randomUUID(), { title: '不存在' })).statusCode).toBe(404);
      // The city operator covers every union.
      expect(json(await patch(id, { title: '市总改名' }, operator)).title).toBe('市总改名');
      expect((await drain(id)).title).toBe('市总改名');
    });

    it('closes early: later claims are not open, members no longer see it, closing again changes nothing, edits are refused', async () => {
      const id = await createCampaign({ quota: 50, period: 'once', requiresRotatingCode: false });
      const [a, b] = await memberIds(orgs.xjk!, 2);
      const code = await poster();
      expect((await claim(tokenFor(a!), id, { placeToken: code })).statusCode).toBe(201);
      const closed = await close(id);
      expect(closed.statusCode).toBe(200);
      expect(closed.json()).toMatchObject({ claimed: 1, quota: 50, closedAt: expect.any(String), endsAt: '2030-01-01T00:00:00.000Z' });
      const late = await claim(tokenFor(b!), id, { placeToken: code });
      expect(late.statusCode).toBe(409);
      expect(late.json().error).toMatchObject({ code: 'benefits.not_open', message: '不在领取时间内' });
      expect((await memberList(tokenFor(b!))).map((x) => x.id)).not.toContain(id);
      const scan = json(await t.app.inject({ method: 'POST', url: '/api/v1/benefits/scan', headers: tokenFor(b!), payload: { placeToken: code } }));
      expect(scan.items.map((x: { id: string }) => x.id)).not.toContain(id);
      // Staff still see it, closed.
      const listed = json(await t.app.inject({ method: 'GET', url: '/api/v1/admin/benefits', headers: xjkAdmin })).items.find(
        (x: { id: string }) => x.id === id,
      );
      expect(listed.closedAt).toBe(closed.json().closedAt);
      const again = await close(id);
      expect(again.statusCode).toBe(200);
      expect(again.json().closedAt).toBe(closed.json().closedAt);
      const edit = await patch(id, { quota: 60 });
      expect(edit.statusCode).toBe(409);
      expect(edit.json().error).toMatchObject({ code: 'benefits.closed', message: '该福利活动已结束，不能再修改' });
      expect((await auditOf(id)).map((r) => r.action)).toEqual(['benefit.create', 'benefit.close']);
      await expectConsistent(id, 1);
    });

    it('a second instance with the campaign cached refuses claims once it is closed or its end moved before now', async () => {
      const id = await createCampaign({ quota: 50, period: 'once', requiresRotatingCode: false });
      const shortened = await createCampaign({ quota: 50, period: 'once', requiresRotatingCode: false });
      const [a, b, c] = await memberIds(orgs.xjk!, 3);
      const code = await poster();
      const other = await buildSecondInstance(t, { now: () => clock ?? new Date() });
      const claimThere = (m: string, campaign: string) =>
        other.app.inject({
          method: 'POST',
          url: `/api/v1/benefits/${campaign}/claims`,
          headers: { ...tokenFor(m), 'idempotency-key': randomUUID() },
          payload: { placeToken: code },
        });
      try {
        // The second instance reads (and caches) both campaigns with a claim each.
        expect((await claimThere(a!, id)).statusCode).toBe(201);
        expect((await claimThere(a!, shortened)).statusCode).toBe(201);
        expect((await close(id)).statusCode).toBe(200);
        const refused = await claimThere(b!, id);
        expect(refused.json().error.code).toBe('benefits.not_open');
        // Shortened through the first instance to end in a moment, then that moment passes.
        clock = new Date(Date.now());
        expect((await patch(shortened, { endsAt: new Date(clock.getTime() + 1_000).toISOString() })).statusCode).toBe(200);
        clock = new Date(clock.getTime() + 2_000);
        expect((await claimThere(c!, shortened)).json().error.code).toBe('benefits.not_open');
      } finally {
        await other.close();
      }
      await expectConsistent(id, 1);
      await expectConsistent(shortened, 1);
    });

    it('lowering the quota while members race to claim never gives more than the new quota nor goes below the claimed', async () => {
      const id = await createCampaign({ quota: 200, period: 'once', requiresRotatingCode: false });
      const members = await memberIds(orgs.xjk!, 300);
      const code = await poster();
      const claims = members.map((m) => claim(tokenFor(m), id, { placeToken: code }));
      // Lowerings land while the claims are being written: each either wins (quota set, never below the claimed
      // count at that moment) or is refused with the count it found.
      const lowerings: Awaited<ReturnType<typeof patch>>[] = [];
      for (const quota of [150, 120, 90, 60]) {
        await new Promise((r) => setTimeout(r, 5));
        lowerings.push(await patch(id, { quota }));
      }
      const results = await Promise.all(claims);
      const won = results.filter((r) => r.statusCode === 201).length;
      expect(results.filter((r) => r.statusCode !== 201).every((r) => r.json().error.code === 'benefits.quota_exhausted')).toBe(true);
      // Each lowering either won or was refused with the (non-zero) count it found.
      const refused = lowerings.filter((l) => l.statusCode !== 200);
      expect(refused.map((l) => ({ status: l.statusCode, error: l.json().error }))).toEqual(
        refused.map(() => ({ status: 409, error: expect.objectContaining({ code: 'benefits.quota_below_claimed', claimed: expect.any(Number) }) })),
      );
      expect(refused.map((l) => l.json().error.claimed).filter((claimed) => !(claimed > 0))).toEqual([]);
      const d = await drain(id);
      const lastSet = [200, 150, 120, 90, 60].filter((_, i) => i === 0 || lowerings[i - 1]!.statusCode === 200).at(-1)!;
      expect(d.quota).toBe(lastSet);
      // Every member either got one or was told it ran out: with 300 asking, the campaign drained to its final quota.
      expect(won).toBe(d.quota);
      await expectConsistent(id, won);
      const shards = (
        (await t.database.db.execute(
          sql`select sum(quota)::int as q, bool_and(claimed <= quota) as ok from benefit_campaign_shards where campaign_id = ${id}`,
        )) as unknown as { rows: { q: number; ok: boolean }[] }
      ).rows[0]!;
      expect(shards).toEqual({ q: d.quota, ok: true });
      const tooLow = await patch(id, { quota: 1 });
      expect(tooLow.json().error).toMatchObject({ code: 'benefits.quota_below_claimed', claimed: won, message: `已领取 ${won} 份，总数量不能少于 ${won}` });
    });
  });

  describe('claiming', () => {
    it('claims a drink with the rotating code, and a second claim the same day is refused', async () => {
      const id = await createCampaign();
      const member = demoMember;
      const list = json(await t.app.inject({ method: 'GET', url: '/api/v1/benefits', headers: member }));
      expect(list.items.find((b: { id: string }) => b.id === id)).toMatchObject({ remaining: 100, title: '夏送清凉 冰饮' });
      const scan = json(await t.app.inject({ method: 'POST', url: '/api/v1/benefits/scan', headers: member, payload: { placeToken: await rotating() } }));
      expect(scan.place).toMatchObject({ kind: 'event', id: eventId });
      expect(scan.items.map((b: { id: string }) => b.id)).toContain(id);

      const first = await claim(member, id, { placeToken: await rotating() });
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({ campaignId: id, title: '夏送清凉 冰饮', place: { kind: 'event', id: eventId }, voucher: false });
      const second = await claim(member, id, { placeToken: await rotating() });
      expect(second.statusCode).toBe(409);
      expect(second.json().error).toMatchObject({ code: 'benefits.already_claimed', message: '您本期已领取过该福利' });
      const mine = json(await t.app.inject({ method: 'GET', url: '/api/v1/benefits/claims/mine', headers: member }));
      expect(mine.items.filter((c: { campaignId: string }) => c.campaignId === id)).toHaveLength(1);
      const today = json(await t.app.inject({ method: 'GET', url: `/api/v1/staff/places/event/${eventId}/claims/today`, headers: scanner }));
      expect(today.items[0]).toMatchObject({ title: '夏送清凉 冰饮', memberName: '王*国' });
      await expectConsistent(id, 1);
    });

    it('gives a daily benefit again at midnight Beijing time, and a weekly one again on Monday', async () => {
      const daily = await createCampaign({ period: 'daily' });
      const weekly = await createCampaign({ period: 'weekly' });
      const [a] = await memberIds(orgs.xjk!, 1);
      const member = tokenFor(a!);
      // 2026-07-05 is a Sunday. 15:59:59Z is 23:59:59 in Beijing.
      clock = at('2026-07-05T15:59:59Z');
      const code1 = await rotating();
      expect((await claim(member, daily, { placeToken: code1 })).statusCode).toBe(201);
      expect((await claim(member, weekly, { placeToken: code1 })).statusCode).toBe(201);
      clock = at('2026-07-05T16:00:00Z');
      const code2 = await rotating();
      expect((await claim(member, daily, { placeToken: code2 })).statusCode).toBe(201);
      expect((await claim(member, weekly, { placeToken: code2 })).statusCode).toBe(201);
      clock = at('2026-07-06T10:00:00Z');
      const code3 = await rotating();
      expect((await claim(member, daily, { placeToken: code3 })).json().error.code).toBe('benefits.already_claimed');
      expect((await claim(member, weekly, { placeToken: code3 })).json().error.code).toBe('benefits.already_claimed');
      await expectConsistent(daily, 2);
      await expectConsistent(weekly, 2);
    });

    it('is idempotent: the same key replays, another body with the key is 422, no key is 400', async () => {
      const id = await createCampaign({ period: 'once' });
      const [a] = await memberIds(orgs.xjk!, 1);
      const member = tokenFor(a!);
      const body = { placeToken: await rotating() };
      const missing = await claim(member, id, body, null);
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.code).toBe('benefits.idempotency_key_required');
      const long = await claim(member, id, body, 'k'.repeat(256));
      expect(long.statusCode).toBe(400);
      expect(long.json().error.code).toBe('benefits.idempotency_key_invalid');
      await expectConsistent(id, 0);

      const key = randomUUID();
      const first = await claim(member, id, body, key);
      expect(first.statusCode).toBe(201);
      const again = await claim(member, id, body, key);
      expect(again.statusCode).toBe(201);
      expect(again.json()).toEqual(first.json());
      expect(again.headers['idempotent-replayed']).toBe('true');
      const other = await claim(member, id, { placeToken: await rotating(), lat: 39.9, lng: 116.3 }, key);
      expect(other.statusCode).toBe(422);
      expect(other.json().error.code).toBe('benefits.idempotency_key_reused');
      await expectConsistent(id, 1);
    });

    it('replays a claim made through another instance from the claim row itself', async () => {
      const id = await createCampaign({ period: 'once' });
      const [a] = await memberIds(orgs.xjk!, 1);
      const member = tokenFor(a!);
      const body = { placeToken: await rotating() };
      const key = randomUUID();
      const first = await claim(member, id, body, key);
      // A second instance on the same database has none of the first one's memory.
      const other = await buildSecondInstance(t);
      try {
        // Another body under the key: the claim row holds the first body's hash.
        const changed = await other.app.inject({
          method: 'POST',
          url: `/api/v1/benefits/${id}/claims`,
          headers: { ...member, 'idempotency-key': key },
          payload: { ...body, lat: 39.9, lng: 116.3 },
        });
        expect(changed.statusCode).toBe(422);
        expect(changed.json().error.code).toBe('benefits.idempotency_key_reused');
        const replay = await other.app.inject({
          method: 'POST',
          url: `/api/v1/benefits/${id}/claims`,
          headers: { ...member, 'idempotency-key': key },
          payload: body,
        });
        expect(replay.statusCode).toBe(201);
        expect(replay.json()).toEqual(first.json());
      } finally {
        await other.close();
      }
      await expectConsistent(id, 1);
    });

    it('replays a claim whose answer was lost even after the campaign closed, through another instance', async () => {
      const id = await createCampaign({ quota: 50, period: 'once', requiresRotatingCode: false });
      const [a] = await memberIds(orgs.xjk!, 1);
      const member = tokenFor(a!);
      const body = { placeToken: await poster() };
      const key = randomUUID();
      const first = await claim(member, id, body, key);
      expect(first.statusCode).toBe(201);
      expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/benefits/${id}/close`, headers: xjkAdmin })).statusCode).toBe(200);
      const other = await buildSecondInstance(t);
      try {
        const again = (payload: object) =>
          other.app.inject({ method: 'POST', url: `/api/v1/benefits/${id}/claims`, headers: { ...member, 'idempotency-key': key }, payload });
        const replay = await again(body);
        expect(replay.statusCode).toBe(201);
        expect(replay.json()).toEqual(first.json());
        expect((await again({ ...body, lat: 39.9, lng: 116.3 })).json().error.code).toBe('benefits.idempotency_key_reused');
        // A new key after the close is a new claim: not open. (The replay above also holds once a campaign is sold out.)
        const fresh = await other.app.inject({
          method: 'POST',
          url: `/api/v1/benefits/${id}/claims`,
          headers: { ...member, 'idempotency-key': randomUUID() },
          payload: body,
        });
        expect(fresh.json().error.code).toBe('benefits.not_open');
      } finally {
        await other.close();
      }
      await expectConsistent(id, 1);
    });

    it('replays a lost answer on an instance that has seen the campaign sold out', async () => {
      const id = await createCampaign({ quota: 1, period: 'once', requiresRotatingCode: false });
      const [a, b] = await memberIds(orgs.xjk!, 2);
      const body = { placeToken: await poster() };
      const key = randomUUID();
      const first = await claim(tokenFor(a!), id, body, key);
      expect(first.statusCode).toBe(201);
      const other = await buildSecondInstance(t);
      try {
        const there = (m: string, k: string) =>
          other.app.inject({ method: 'POST', url: `/api/v1/benefits/${id}/claims`, headers: { ...tokenFor(m), 'idempotency-key': k }, payload: body });
        expect((await there(b!, randomUUID())).json().error.code).toBe('benefits.quota_exhausted');
        const replay = await there(a!, key);
        expect(replay.statusCode).toBe(201);
        expect(replay.json()).toEqual(first.json());
        expect((await there(b!, randomUUID())).json().error.code).toBe('benefits.quota_exhausted');
      } finally {
        await other.close();
      }
      await expectConsistent(id, 1);
    });

    it('refuses every bad code, window and member with a code and no count changes', async () => {
      const id = await createCampaign({ quota: 5, startsAt: '2026-07-01T00:00:00Z', endsAt: '2026-07-31T00:00:00Z' });
      const [a] = await memberIds(orgs.xjk!, 1);
      const [outsider] = await memberIds(orgs.blz!, 1);
      const member = tokenFor(a!);
      clock = at('2026-07-10T04:00:00Z');
      const good = await rotating();
      const expectRefused = async (res: Awaited<ReturnType<typeof claim>>, status: number, code: string) => {
        expect({ status: res.statusCode, code: res.json().error?.code }).toEqual({ status, code });
      };
      // Expired: the staffer's code from two minutes ago.
      clock = at('2026-07-10T04:02:00Z');
      await expectRefused(await claim(member, id, { placeToken: good }), 400, 'places.code_expired');
      clock = at('2026-07-10T04:00:10Z');
      // Tampered: one character of the signature changed.
      const tampered = good.slice(0, -2) + (good.at(-2) === 'A' ? 'B' : 'A') + good.at(-1);
      await expectRefused(await claim(member, id, { placeToken: tampered }), 400, 'places.code_invalid');
      await expectRefused(await claim(member, id, { placeToken: 'not-a-code' }), 400, 'places.code_invalid');
      // A poster where the campaign wants the staffer's rotating code; a reprinted poster's old copy.
      const poster1 = json(await t.app.inject({ method: 'POST', url: `/api/v1/admin/places/event/${eventId}/poster`, headers: xjkAdmin })).code;
      await expectRefused(await claim(member, id, { placeToken: poster1 }), 400, 'places.rotating_required');
      const posterCampaign = await createCampaign({ requiresRotatingCode: false, startsAt: '2026-07-01T00:00:00Z' });
      json(await t.app.inject({ method: 'POST', url: `/api/v1/admin/places/event/${eventId}/poster`, headers: xjkAdmin }));
      await expectRefused(await claim(member, posterCampaign, { placeToken: poster1 }), 400, 'places.code_revoked');
      // A place that belongs to another campaign.
      await expectRefused(await claim(member, id, { placeToken: await rotating(otherEventId) }), 400, 'places.not_in_campaign');
      // A voucher-purpose code is no place code.
      await expectRefused(await claim(member, id, { placeToken: good.replace(/^p\./, 'v.') }), 400, 'places.code_invalid');
      // Outside the window.
      clock = at('2026-06-30T12:00:00Z');
      await expectRefused(await claim(member, id, { placeToken: await rotating() }), 409, 'benefits.not_open');
      clock = at('2026-07-31T00:00:01Z');
      await expectRefused(await claim(member, id, { placeToken: await rotating() }), 409, 'benefits.not_open');
      // A member of another union; a non-member.
      clock = at('2026-07-10T04:00:10Z');
      await expectRefused(await claim(tokenFor(outsider!), id, { placeToken: good }), 403, 'benefits.not_eligible');
      await expectRefused(await claim(applicant, id, { placeToken: good }), 404, 'members.not_member');
      // Unknown campaign.
      await expectRefused(await claim(member, randomUUID(), { placeToken: good }), 404, 'benefits.not_found');
      await expectConsistent(id, 0);
      await expectConsistent(posterCampaign, 0);
      // And the good code still works.
      expect((await claim(member, id, { placeToken: good })).statusCode).toBe(201);
      await expectConsistent(id, 1);
    });

    it('gives exactly the quota when 200 members race for 100', async () => {
      const id = await createCampaign({ quota: 100, period: 'once', requiresRotatingCode: false });
      const members = await memberIds(orgs.xjk!, 200);
      const code = await poster();
      const results = await Promise.all(members.map((m) => claim(tokenFor(m), id, { placeToken: code })));
      const statuses = results.map((r) => (r.statusCode === 201 ? 'ok' : r.json().error.code));
      const tally = statuses.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});
      expect(tally).toEqual({ ok: 100, 'benefits.quota_exhausted': 100 });
      await expectConsistent(id, 100);
      const list = json(await t.app.inject({ method: 'GET', url: '/api/v1/benefits', headers: tokenFor(members[0]!) }));
      expect(list.items.find((b: { id: string }) => b.id === id).remaining).toBe(0);
    });

    it('gives exactly the quota when two instances take claims for one campaign', async () => {
      const id = await createCampaign({ quota: 100, period: 'once', requiresRotatingCode: false });
      const members = await memberIds(orgs.xjk!, 200);
      const other = await buildSecondInstance(t);
      try {
        const code = await poster();
        const results = await Promise.all(
          members.map((m, i) =>
            (i % 2 ? other.app : t.app).inject({
              method: 'POST',
              url: `/api/v1/benefits/${id}/claims`,
              headers: { ...tokenFor(m), 'idempotency-key': randomUUID() },
              payload: { placeToken: code },
            }),
          ),
        );
        expect(results.filter((r) => r.statusCode === 201)).toHaveLength(100);
        expect(results.filter((r) => r.statusCode === 409 && r.json().error.code === 'benefits.quota_exhausted')).toHaveLength(100);
      } finally {
        await other.close();
      }
      await expectConsistent(id, 100);
    });

    it('gives one claim when one member sends 50 at once, with 50 keys or with one', async () => {
      const id = await createCampaign({ quota: 100, period: 'once', requiresRotatingCode: false });
      const [a, b] = await memberIds(orgs.xjk!, 2);
      const code = await poster();
      const manyKeys = await Promise.all(Array.from({ length: 50 }, () => claim(tokenFor(a!), id, { placeToken: code })));
      expect(manyKeys.filter((r) => r.statusCode === 201)).toHaveLength(1);
      expect(new Set(manyKeys.filter((r) => r.statusCode !== 201).map((r) => r.json().error.code))).toEqual(new Set(['benefits.already_claimed']));
      const key = randomUUID();
      const oneKey = await Promise.all(Array.from({ length: 50 }, () => claim(tokenFor(b!), id, { placeToken: code }, key)));
      expect(oneKey.every((r) => r.statusCode === 201)).toBe(true);
      expect(new Set(oneKey.map((r) => r.json().id)).size).toBe(1);
      await expectConsistent(id, 2);
    });

    it('checks the distance when the campaign has a limit', async () => {
      // Events have no coordinates: a campaign at an event with a limit is refused (above); here the rule itself.
      const { greatCircleMetres: distanceMeters } = await import('@union/shared');
      expect(Math.round(distanceMeters({ lat: 39.9436, lng: 116.3705 }, { lat: 39.9436, lng: 116.3805 }))).toBeGreaterThan(800);
      expect(Math.round(distanceMeters({ lat: 39.9436, lng: 116.3705 }, { lat: 39.9436, lng: 116.3705 }))).toBe(0);
    });
  });

  describe('the demo campaigns', () => {
    const seeded = async (title: string) =>
      (
        json(await t.app.inject({ method: 'GET', url: '/api/v1/admin/benefits', headers: operator })).items as {
          id: string;
          title: string;
          places: { kind: string; id: string; name: string }[];
        }[]
      ).find((b) => b.title === title)!;

    it('夏送清凉 is claimable at a real 暖心驿站 of its union, with the station’s poster code', async () => {
      const drinks = await seeded('夏送清凉 冰饮一瓶');
      expect(drinks.places.map((p) => p.kind).sort()).toEqual(['event', 'station']);
      const station = drinks.places.find((p) => p.kind === 'station')!;
      const view = json(await t.app.inject({ method: 'GET', url: `/api/v1/stations/${station.id}` }));
      expect(view).toMatchObject({ id: station.id, name: station.name, orgName: '东城区东华门街道总工会' });
      const code = json(await t.app.inject({ method: 'POST', url: `/api/v1/admin/places/station/${station.id}/poster`, headers: operator })).code as string;
      const [member] = await memberIds(orgs.xjk!, 1);
      const res = await claim(tokenFor(member!), drinks.id, { placeToken: code });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ title: '夏送清凉 冰饮一瓶', place: { kind: 'station', id: station.id, name: station.name } });
    });

    it('the 60,000 vouchers are honoured at the 16 freight-route merchants and the demo clerk’s shop', async () => {
      const vouchers = await seeded('留京过年消费券 4×40元');
      const shops = vouchers.places.filter((p) => p.kind === 'merchant').map((p) => p.name);
      const freight = (
        (await t.database.db.execute(sql`select m.name from merchants m join orgs o on o.id = m.org_id where o.code = 'hyhy'`)) as unknown as {
          rows: { name: string }[];
        }
      ).rows.map((r) => r.name);
      expect(freight).toHaveLength(16);
      expect(shops.sort()).toEqual([...freight, '新街口老北京炸酱面'].sort());
      expect(vouchers.places.filter((p) => p.kind === 'event')).toHaveLength(1);
    });
  });

  describe('vouchers', () => {
    const mine = async (headers: Record<string, string>) =>
      json(await t.app.inject({ method: 'GET', url: '/api/v1/vouchers/mine', headers })).items as VoucherItem[];
    const voucherOf = async (headers: Record<string, string>, campaignId: string) => (await mine(headers)).find((v) => v.campaignId === campaignId)!;
    const redeemByStaff = (code: string | null) => t.app.inject({ method: 'POST', url: '/api/v1/staff/vouchers/redeem', headers: scanner, payload: { code } });
    const closeWith = (id: string, vouchers?: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/admin/benefits/${id}/close`,
        headers: xjkAdmin,
        ...(vouchers === undefined ? {} : { payload: { vouchers } }),
      });

    it('a voucher is valid to its own end, which the member sees; past it the voucher is expired and refused', async () => {
      clock = at('2026-07-10T04:00:00Z');
      const week = await createCampaign({ kind: 'voucher', title: '七天有效消费券', period: 'once', voucherValidDays: 7 });
      const toEnd = await createCampaign({ kind: 'voucher', title: '活动期内有效消费券', period: 'once', endsAt: '2026-08-01T00:00:00Z' });
      const gift = await createCampaign({ kind: 'gift', title: '冰饮一瓶', period: 'once' });
      const [a] = await memberIds(orgs.xjk!, 1);
      const member = tokenFor(a!);
      const claimed = await claim(member, week, { placeToken: await rotating() });
      expect(claimed.json()).toMatchObject({ voucher: true, validUntil: '2026-07-17T04:00:00.000Z' });
      expect((await claim(member, toEnd, { placeToken: await rotating() })).json()).toMatchObject({ validUntil: '2026-08-01T00:00:00.000Z' });
      expect((await claim(member, gift, { placeToken: await rotating() })).json()).toMatchObject({ voucher: false, validUntil: null });
      expect(await voucherOf(member, week)).toMatchObject({ status: 'valid', validUntil: '2026-07-17T04:00:00.000Z', code: expect.stringMatching(/^v\./) });
      expect(await drain(week)).toMatchObject({ voucherValidDays: 7, vouchersVoidedAt: null });
      expect(await drain(toEnd)).toMatchObject({ voucherValidDays: null });
      // The member shows the code half a minute before the voucher's end; the staffer scans it a minute later.
      clock = at('2026-07-17T03:59:30Z');
      const { code } = await voucherOf(member, week);
      clock = at('2026-07-17T04:00:30Z');
      const late = await redeemByStaff(code);
      expect(late.statusCode).toBe(409);
      expect(late.json().error).toMatchObject({ code: 'vouchers.expired', message: '该券已过有效期，不能使用' });
      expect(await voucherOf(member, week)).toMatchObject({ status: 'expired', code: null, redeemedAt: null });
      // The other voucher is valid to the campaign's end.
      const other = await voucherOf(member, toEnd);
      expect(other.status).toBe('valid');
      expect((await redeemByStaff(other.code)).statusCode).toBe(200);
      expect(await voucherOf(member, toEnd)).toMatchObject({ status: 'redeemed', code: null, redeemedAt: expect.any(String) });
      expect(await drain(week)).toMatchObject({ claimed: 1, redeemed: 0 });
    });

    it("a voucher without its own end (claimed before vouchers had one, or by an older instance) is valid to its campaign's end", async () => {
      clock = at('2026-07-10T04:00:00Z');
      const campaign = await createCampaign({ kind: 'voucher', title: '旧消费券', period: 'once', endsAt: '2026-08-01T00:00:00Z' });
      const [a] = await memberIds(orgs.xjk!, 1);
      const member = tokenFor(a!);
      const claimed = await claim(member, campaign, { placeToken: await rotating() });
      expect(claimed.statusCode).toBe(201);
      await t.database.db.execute(sql`update benefit_claims set valid_until = null where id = ${claimed.json().id}`);
      expect(await voucherOf(member, campaign)).toMatchObject({ status: 'valid', validUntil: '2026-08-01T00:00:00.000Z' });
      const { code } = await voucherOf(member, campaign);
      expect((await redeemByStaff(code)).statusCode).toBe(200);
      expect(await voucherOf(member, campaign)).toMatchObject({ status: 'redeemed' });
    });

    it('refuses a voucher validity on a benefit that is not a voucher, or out of range, at its field', async () => {
      const post = (over: Record<string, unknown>) =>
        t.app.inject({ method: 'POST', url: '/api/v1/admin/benefits', headers: xjkAdmin, payload: campaignInput(over) });
      const gift = await post({ kind: 'gift', voucherValidDays: 7 });
      expect(gift.statusCode).toBe(400);
      expect(gift.json().error).toMatchObject({ code: 'benefits.validity_not_voucher', field: 'voucherValidDays', message: '只有消费券可以设置券的有效期' });
      for (const days of [0, 367, 1.5]) {
        const res = await post({ kind: 'voucher', voucherValidDays: days });
        expect(res.statusCode).toBe(400);
        expect(res.json().error).toMatchObject({ code: 'request.invalid', field: 'voucherValidDays' });
      }
    });

    it('a former member’s vouchers are void: shown so to them, and refused when scanned', async () => {
      const id = await createCampaign({ kind: 'voucher', title: '会员专享券', period: 'once' });
      const [a] = await memberIds(orgs.xjk!, 1);
      const member = tokenFor(a!);
      expect((await claim(member, id, { placeToken: await rotating() })).statusCode).toBe(201);
      const { code } = await voucherOf(member, id);
      await leave(t.database.db, a!);
      const refused = await redeemByStaff(code);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatchObject({ code: 'vouchers.holder_not_member', message: '券的持有人已不是工会会员，该券已作废' });
      expect(await voucherOf(member, id)).toMatchObject({ status: 'void', code: null, redeemedAt: null });
      expect(await drain(id)).toMatchObject({ claimed: 1, redeemed: 0 });
    });

    it('a member who transferred to another union keeps their vouchers', async () => {
      const id = await createCampaign({ kind: 'voucher', title: '转会保留券', period: 'once' });
      const [a] = await memberIds(orgs.xjk!, 1);
      const member = tokenFor(a!);
      expect((await claim(member, id, { placeToken: await rotating() })).statusCode).toBe(201);
      // A transfer moves the membership itself to the new union (the city operator covers both unions: approved at once).
      const transfer = await t.app.inject({
        method: 'POST',
        url: '/api/v1/members/me/transfer',
        headers: member,
        payload: { orgId: orgs.blz, employer: '京东物流', category: 'courier' },
      });
      expect(transfer.statusCode).toBe(201);
      const approved = await t.app.inject({ method: 'POST', url: `/api/v1/staff/transfers/${transfer.json().id}/approve`, headers: operator });
      expect(approved.json().status).toBe('approved');
      const voucher = await voucherOf(member, id);
      expect(voucher.status).toBe('valid');
      expect((await redeemByStaff(voucher.code)).statusCode).toBe(200);
    });

    it('closing early with 已领的券同时作废 voids the unused vouchers; with 继续有效 they stay redeemable until voided later', async () => {
      const voided = await createCampaign({ kind: 'voucher', title: '作废测试券', period: 'once', requiresRotatingCode: false });
      const kept = await createCampaign({ kind: 'voucher', title: '保留测试券', period: 'once', requiresRotatingCode: false });
      const members = await memberIds(orgs.xjk!, 3);
      const tokens = members.map((m) => tokenFor(m));
      const code = await poster();
      for (const m of tokens) for (const id of [voided, kept]) expect((await claim(m, id, { placeToken: code })).statusCode).toBe(201);
      const codesOf = async (id: string) => Promise.all(tokens.map(async (m) => (await voucherOf(m, id)).code));
      const [va, vb] = await codesOf(voided);
      const [ka, kb, kc] = await codesOf(kept);
      expect((await redeemByStaff(va!)).statusCode).toBe(200);
      expect((await redeemByStaff(ka!)).statusCode).toBe(200);

      expect((await closeWith(voided, 'maybe')).json().error).toMatchObject({ code: 'request.invalid', field: 'vouchers' });
      const closed = await closeWith(voided, 'void');
      expect(closed.statusCode).toBe(200);
      expect(closed.json()).toMatchObject({ closedAt: expect.any(String), vouchersVoidedAt: closed.json().closedAt, claimed: 3, redeemed: 1 });
      const refused = await redeemByStaff(vb!);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatchObject({ code: 'vouchers.void', message: '该券已作废（活动已提前结束），不能使用' });
      expect((await voucherOf(tokens[0]!, voided)).status).toBe('redeemed');
      expect(await voucherOf(tokens[1]!, voided)).toMatchObject({ status: 'void', code: null });

      const keep = await closeWith(kept, 'keep');
      expect(keep.statusCode).toBe(200);
      expect(keep.json()).toMatchObject({ closedAt: expect.any(String), vouchersVoidedAt: null });
      expect((await redeemByStaff(kb!)).statusCode).toBe(200);
      expect((await voucherOf(tokens[2]!, kept)).status).toBe('valid');
      // Later the operator voids what is left of the kept ones; the close itself stays as it was.
      const later = await closeWith(kept, 'void');
      expect(later.json()).toMatchObject({ closedAt: keep.json().closedAt, vouchersVoidedAt: expect.any(String) });
      expect((await redeemByStaff(kc!)).json().error.code).toBe('vouchers.void');
      expect(await drain(kept)).toMatchObject({ claimed: 3, redeemed: 2 });
      const audit = (
        (await t.database.db.execute(sql`select action, detail from audit_log where target_id = ${kept} order by created_at`)) as unknown as {
          rows: { action: string; detail: Record<string, unknown> | null }[];
        }
      ).rows;
      expect(audit.map((r) => r.action)).toEqual(['benefit.create', 'benefit.close', 'benefit.vouchers_void']);
      expect(audit[1]!.detail).toMatchObject({ vouchers: 'keep' });
    });

    it('消息: the member reads their claim, each use of their voucher (what was taken off, uses left) and its void', async () => {
      clock = at('2026-07-10T04:00:00Z');
      const twice = await createCampaign({ kind: 'voucher', title: '通知测试券', period: 'once', voucherValue: 40, voucherUses: 2, voucherValidDays: 7 });
      const voided = await createCampaign({ kind: 'voucher', title: '通知作废券', period: 'once', requiresRotatingCode: false });
      const [a] = await memberIds(orgs.xjk!, 1);
      const member = tokenFor(a!);
      const messages = async () => json(await t.app.inject({ method: 'GET', url: '/api/v1/messages', headers: member }));
      const unread = async () => json(await t.app.inject({ method: 'GET', url: '/api/v1/messages/unread-count', headers: member })).unread as number;
      expect(await messages()).toEqual({ items: [], unread: 0, next: null });

      const claimed = await claim(member, twice, { placeToken: await rotating() });
      expect(claimed.statusCode).toBe(201);
      const claimNotice = (await messages()).items[0];
      expect(claimNotice).toMatchObject({
        id: claimed.json().id,
        kind: 'benefit_claimed',
        heading: '领取成功',
        subject: '通知测试券',
        time: '2026-07-10 12:00',
        place: '夏送清凉·新街口暖心驿站',
        note: '40元 × 2次，有效期至 2026-07-17，在「我的券」出示券码使用',
        readAt: null,
      });
      expect(await unread()).toBe(1);

      // Two uses by the union's scanner: each is a notice saying what was taken off and what is left.
      for (const minute of ['05', '06']) {
        clock = at(`2026-07-11T02:${minute}:00Z`);
        expect((await redeemByStaff((await voucherOf(member, twice)).code)).statusCode).toBe(200);
      }
      const afterUses = await messages();
      expect(afterUses.unread).toBe(3);
      expect(afterUses.items.map((m: { kind: string; note: string; time: string }) => [m.kind, m.time, m.note])).toEqual([
        ['voucher_used', '2026-07-11 10:06', '本次抵扣 40 元，已用完'],
        ['voucher_used', '2026-07-11 10:05', '本次抵扣 40 元，还可用 1 次'],
        ['benefit_claimed', '2026-07-10 12:00', '40元 × 2次，有效期至 2026-07-17，在「我的券」出示券码使用'],
      ]);

      // Reading the claim marks the claim read (once); another member cannot read it.
      const other = tokenFor((await memberIds(orgs.xjk!, 1))[0]!);
      expect((await t.app.inject({ method: 'POST', url: `/api/v1/messages/${claimNotice.id}/read`, headers: other })).statusCode).toBe(404);
      const read = await t.app.inject({ method: 'POST', url: `/api/v1/messages/${claimNotice.id}/read`, headers: member });
      expect(read.statusCode).toBe(200);
      expect(read.json()).toMatchObject({ id: claimNotice.id, kind: 'benefit_claimed', readAt: '2026-07-11T02:06:00.000Z' });
      expect(await unread()).toBe(2);

      // A claimed voucher the union voids when it closes the campaign early: its holder is told.
      clock = at('2026-07-12T04:00:00Z');
      expect((await claim(member, voided, { placeToken: await poster() })).statusCode).toBe(201);
      expect((await closeWith(voided, 'void')).statusCode).toBe(200);
      // (The outbox stamps its rows with the database's clock, not the test's: compare the set, not the order.)
      const afterVoid = (await messages()).items.filter((m: { subject: string }) => m.subject === '通知作废券');
      expect(afterVoid).toHaveLength(2);
      expect(afterVoid).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'voucher_voided', heading: '消费券已作废', note: '活动已提前结束，未使用的券作废', readAt: null }),
          expect.objectContaining({ kind: 'benefit_claimed', heading: '领取成功', readAt: null }),
        ]),
      );
      expect(await unread()).toBe(4);
      const all = await t.app.inject({ method: 'POST', url: '/api/v1/messages/read-all', headers: member });
      expect(all.json()).toEqual({ unread: 0 });
      expect(await unread()).toBe(0);
      expect((await messages()).items.every((m: { readAt: string | null }) => m.readAt !== null)).toBe(true);
    });

    it('closing with void while its vouchers are being scanned: each voucher is redeemed or void, never both, and none after', async () => {
      const id = await createCampaign({ kind: 'voucher', title: '并发作废测试券', period: 'once', requiresRotatingCode: false });
      const members = await memberIds(orgs.xjk!, 30);
      const tokens = members.map((m) => tokenFor(m));
      const code = await poster();
      for (const m of tokens) expect((await claim(m, id, { placeToken: code })).statusCode).toBe(201);
      const codes = await Promise.all(tokens.map(async (m) => (await voucherOf(m, id)).code!));
      // Half the scans are sent before the close and half after it, all at once: they land before, during and after its update.
      const first = codes.slice(0, 15).map((c) => redeemByStaff(c));
      const closing = closeWith(id, 'void');
      const second = codes.slice(15).map((c) => redeemByStaff(c));
      const [closed, ...redeems] = await Promise.all([closing, ...first, ...second]);
      expect(closed!.statusCode).toBe(200);
      const outcomes = redeems.map((r) => (r.statusCode === 200 ? 'ok' : r.json().error.code));
      expect(outcomes.filter((o) => o !== 'ok' && o !== 'vouchers.void')).toEqual([]);
      const ok = outcomes.filter((o) => o === 'ok').length;
      const rows = (await t.database.db.execute(
        sql`select count(*)::int as n from benefit_claims where campaign_id = ${id} and redeemed_at is not null`,
      )) as unknown as { rows: { n: number }[] };
      expect(rows.rows[0]!.n).toBe(ok);
      const statuses = await Promise.all(tokens.map(async (m) => (await voucherOf(m, id)).status));
      expect(statuses.filter((s) => s === 'redeemed')).toHaveLength(ok);
      expect(statuses.filter((s) => s === 'void')).toHaveLength(30 - ok);
      // Once the close has answered, nothing more is redeemed.
      const again = await Promise.all(codes.map((c) => redeemByStaff(c)));
      expect(again.every((r) => r.statusCode === 409)).toBe(true);
      expect(await drain(id)).toMatchObject({ claimed: 30, redeemed: ok });
    });
    it('a voucher claim gives a personal voucher that a staffer redeems once, even when scanned twice at once', async () => {
      const id = await createCampaign({ kind: 'voucher', title: '春节留京消费券 40元', period: 'once' });
      const member = demoMember;
      const res = await claim(member, id, { placeToken: await rotating() });
      expect(res.json()).toMatchObject({ voucher: true });
      const vouchers = json(await t.app.inject({ method: 'GET', url: '/api/v1/vouchers/mine', headers: member }));
      const voucher = vouchers.items.find((v: { campaignId: string }) => v.campaignId === id);
      expect(voucher.code).toMatch(/^v\./);
      // Another union's staffer cannot redeem it; a member cannot reach the route.
      const other = blzAdmin;
      expect(
        json(await t.app.inject({ method: 'POST', url: '/api/v1/staff/vouchers/redeem', headers: other, payload: { code: voucher.code } })).error.code,
      ).toBe('vouchers.not_found');
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/staff/vouchers/redeem', headers: member, payload: { code: voucher.code } })).statusCode).toBe(
        403,
      );
      const both = await Promise.all(
        [0, 1].map(() => t.app.inject({ method: 'POST', url: '/api/v1/staff/vouchers/redeem', headers: scanner, payload: { code: voucher.code } })),
      );
      expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      expect(both.find((r) => r.statusCode === 200)!.json()).toMatchObject({ title: '春节留京消费券 40元', memberName: '王*国' });
      expect(both.find((r) => r.statusCode === 409)!.json().error.code).toBe('vouchers.already_redeemed');
      const after = json(await t.app.inject({ method: 'GET', url: '/api/v1/vouchers/mine', headers: member }));
      expect(after.items.find((v: { campaignId: string }) => v.campaignId === id)).toMatchObject({ code: null, redeemedAt: expect.any(String) });
      const tampered = voucher.code.slice(0, -1) + (voucher.code.endsWith('A') ? 'B' : 'A');
      expect(json(await t.app.inject({ method: 'POST', url: '/api/v1/staff/vouchers/redeem', headers: scanner, payload: { code: tampered } })).error.code).toBe(
        'vouchers.code_invalid',
      );
      const d = await drain(id);
      expect(d).toMatchObject({ claimed: 1, redeemed: 1, usesRedeemed: 1, remaining: 99 });
    });

    it('refuses a staffer who is also a member redeeming their own voucher, changing nothing', async () => {
      const id = await createCampaign({ kind: 'voucher', title: '自用核销测试券', period: 'once' });
      const [member] = await memberIds(orgs.xjk!, 1);
      const self = tokenFor(member!);
      expect((await claim(self, id, { placeToken: await rotating() })).statusCode).toBe(201);
      const code = json(await t.app.inject({ method: 'GET', url: '/api/v1/vouchers/mine', headers: self })).items.find(
        (v: { campaignId: string }) => v.campaignId === id,
      ).code;
      // The member also scans for the union.
      await t.database.db.execute(sql`insert into staff_grants (account_id, org_id, role) values (${member!}, ${orgs.xjk!}, 'scanner')`);
      const own = await t.app.inject({ method: 'POST', url: '/api/v1/staff/vouchers/redeem', headers: self, payload: { code } });
      expect(own.statusCode).toBe(403);
      expect(own.json().error).toMatchObject({ code: 'vouchers.own_voucher', message: '不能核销自己的消费券，请由其他店员或工作人员核销' });
      expect(await drain(id)).toMatchObject({ claimed: 1, redeemed: 0 });
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/staff/vouchers/redeem', headers: scanner, payload: { code } })).statusCode).toBe(200);
    });

    describe('at a 普惠商户 counter', () => {
      let clerk: { authorization: string };
      let noodleShop: string;
      let freightDiner: string;
      const merchantId = async (name: string) =>
        ((await t.database.db.execute(sql`select id from merchants where name = ${name}`)) as unknown as { rows: { id: string }[] }).rows[0]!.id;
      const redeemAtCounter = (headers: Record<string, string>, code: string) =>
        t.app.inject({ method: 'POST', url: '/api/v1/merchant/vouchers/redeem', headers, payload: { code } });
      /** A voucher campaign claimable at one merchant, created by `by`, and one member's voucher code from it. */
      const voucherAt = async (
        merchant: string,
        by: Record<string, string>,
        org: string,
        member: Record<string, string>,
        extra: Record<string, unknown> = {},
      ) => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/admin/benefits',
          headers: by,
          payload: campaignInput({
            orgId: org,
            eligibleOrgId: org,
            kind: 'voucher',
            title: '普惠商户餐费券 20元',
            period: 'once',
            requiresRotatingCode: false,
            places: [{ kind: 'merchant', id: merchant }],
            ...extra,
          }),
        });
        expect(res.statusCode).toBe(201);
        const id = res.json().id as string;
        const code = json(await t.app.inject({ method: 'POST', url: `/api/v1/admin/places/merchant/${merchant}/poster`, headers: by })).code as string;
        expect((await claim(member, id, { placeToken: code })).statusCode).toBe(201);
        const vouchers = json(await t.app.inject({ method: 'GET', url: '/api/v1/vouchers/mine', headers: member }));
        return { id, code: vouchers.items.find((v: { campaignId: string }) => v.campaignId === id).code as string };
      };

      beforeAll(async () => {
        clerk = (await login(t.app, '13800000010')).auth;
        noodleShop = await merchantId('新街口老北京炸酱面');
        freightDiner = await merchantId('马驹桥物流园司机餐厅');
      });

      it('the clerk redeems a voucher of a campaign at its shop once; the second scan is refused', async () => {
        const voucher = await voucherAt(noodleShop, xjkAdmin, orgs.xjk!, demoMember);
        const first = await redeemAtCounter(clerk, voucher.code);
        expect(first.statusCode).toBe(200);
        expect(first.json()).toEqual({
          id: expect.any(String),
          title: '普惠商户餐费券 20元',
          memberName: '王*国',
          redeemedAt: expect.any(String),
          value: null,
          uses: 1,
          usesLeft: 0,
        });
        const again = await redeemAtCounter(clerk, voucher.code);
        expect(again.statusCode).toBe(409);
        expect(again.json().error.code).toBe('vouchers.already_redeemed');
        expect(await drain(voucher.id)).toMatchObject({ claimed: 1, redeemed: 1 });
        const audit = (await t.database.db.execute(sql`select action, detail from audit_log where target_id = ${first.json().id}`)) as unknown as {
          rows: { action: string; detail: unknown }[];
        };
        expect(audit.rows).toEqual([{ action: 'voucher.merchant_redeem', detail: { merchantId: noodleShop, use: 1, uses: 1, value: null } }]);
      });

      it('refuses a voucher of another merchant’s campaign, a staffer-only voucher, and anyone who is not a clerk, changing nothing', async () => {
        const elsewhere = await voucherAt(freightDiner, operator, orgs.bj!, demoMember);
        const refused = await redeemAtCounter(clerk, elsewhere.code);
        expect(refused.statusCode).toBe(403);
        expect(refused.json().error).toMatchObject({ code: 'vouchers.not_for_merchant', message: expect.stringMatching(/[\u4e00-\u9fff]/) });
        // A voucher claimed at a stall event is for the union's staff to redeem, not for a shop.
        const stallCampaign = await createCampaign({ kind: 'voucher', title: '活动现场券', period: 'once', requiresRotatingCode: false });
        expect((await claim(demoMember, stallCampaign, { placeToken: await poster() })).statusCode).toBe(201);
        const stallVoucher = json(await t.app.inject({ method: 'GET', url: '/api/v1/vouchers/mine', headers: demoMember })).items.find(
          (v: { campaignId: string }) => v.campaignId === stallCampaign,
        );
        expect(json(await redeemAtCounter(clerk, stallVoucher.code)).error.code).toBe('vouchers.not_for_merchant');
        // A member, or a union staffer, is not a clerk.
        for (const who of [demoMember, scanner]) {
          const res = await redeemAtCounter(who, elsewhere.code);
          expect(res.statusCode).toBe(403);
          expect(res.json().error.code).toBe('vouchers.not_clerk');
        }
        const tampered = elsewhere.code.slice(0, -1) + (elsewhere.code.endsWith('A') ? 'B' : 'A');
        expect(json(await redeemAtCounter(clerk, tampered)).error.code).toBe('vouchers.code_invalid');
        expect(json(await t.app.inject({ method: 'GET', url: `/api/v1/admin/benefits/${elsewhere.id}`, headers: operator }))).toMatchObject({
          claimed: 1,
          redeemed: 0,
        });
        expect(await drain(stallCampaign)).toMatchObject({ claimed: 1, redeemed: 0 });
      });

      it('refuses at the counter a voucher whose holder has left the union, changing nothing', async () => {
        const [member] = await memberIds(orgs.xjk!, 1);
        const voucher = await voucherAt(noodleShop, xjkAdmin, orgs.xjk!, tokenFor(member!));
        await leave(t.database.db, member!);
        const refused = await redeemAtCounter(clerk, voucher.code);
        expect(refused.statusCode).toBe(409);
        expect(refused.json().error).toMatchObject({ code: 'vouchers.holder_not_member', message: '券的持有人已不是工会会员，该券已作废' });
        expect(await drain(voucher.id)).toMatchObject({ claimed: 1, redeemed: 0 });
      });

      it('a 4×40元 voucher: the wallet shows its value, uses, end and shops; each scan takes one use and says what to discount', async () => {
        const [member] = await memberIds(orgs.xjk!, 1);
        const holder = tokenFor(member!);
        const voucher = await voucherAt(noodleShop, xjkAdmin, orgs.xjk!, holder, { voucherValue: 40, voucherUses: 4, title: '留京消费券 4×40元' });
        const wallet = async () =>
          json(await t.app.inject({ method: 'GET', url: '/api/v1/vouchers/mine', headers: holder })).items.find(
            (v: { campaignId: string }) => v.campaignId === voucher.id,
          );
        expect(await wallet()).toMatchObject({
          status: 'valid',
          value: 40,
          uses: 4,
          usesLeft: 4,
          validUntil: expect.any(String),
          shops: [{ id: noodleShop, name: '新街口老北京炸酱面', lat: expect.any(Number), lng: expect.any(Number) }],
        });
        const lefts: number[] = [];
        const scan = async () => {
          const res = await redeemAtCounter(clerk, (await wallet()).code);
          expect(res.statusCode).toBe(200);
          expect(res.json()).toMatchObject({ value: 40, uses: 4 });
          lefts.push(res.json().usesLeft);
        };
        await scan();
        await scan();
        // Halfway: the figures count two uses (核销次数) and no voucher used up yet.
        expect(await drain(voucher.id)).toMatchObject({ claimed: 1, usesRedeemed: 2, redeemed: 0 });
        await scan();
        await scan();
        expect(lefts).toEqual([3, 2, 1, 0]);
        expect(redeemInstruction({ value: 40, usesLeft: 3 })).toBe('请减免 40 元，本券剩余 3 次');
        // Used up: the wallet says so and shows no code; the last code scanned again is refused.
        expect(await wallet()).toMatchObject({ status: 'redeemed', usesLeft: 0, code: null, redeemedAt: expect.any(String) });
        const fifth = await redeemAtCounter(clerk, voucher.code);
        expect(fifth.statusCode).toBe(409);
        expect(fifth.json().error).toMatchObject({ code: 'vouchers.already_redeemed', message: '该券已用完，不能再核销' });
        const audit = (await t.database.db.execute(
          sql`select detail->>'use' as use from audit_log where target_id = ${(await wallet()).id} and action = 'voucher.merchant_redeem' order by detail->>'use'`,
        )) as unknown as { rows: { use: string }[] };
        expect(audit.rows.map((r) => r.use)).toEqual(['1', '2', '3', '4']);
        expect(await drain(voucher.id)).toMatchObject({ claimed: 1, usesRedeemed: 4, redeemed: 1 });
      });

      it('refuses a value or uses on a campaign that is not a voucher', async () => {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/benefits', headers: xjkAdmin, payload: campaignInput({ voucherUses: 4 }) });
        expect(res.statusCode).toBe(400);
        expect(res.json().error).toMatchObject({ code: 'benefits.voucher_terms_not_voucher', message: '只有消费券可以设置面值和使用次数' });
      });

      onRealPostgres('of 12 parallel scans of a 4-use voucher exactly 4 redeem, and the database holds 4 uses', async () => {
        const [member] = await memberIds(orgs.xjk!, 1);
        const voucher = await voucherAt(noodleShop, xjkAdmin, orgs.xjk!, tokenFor(member!), { voucherValue: 40, voucherUses: 4 });
        const all = await Promise.all(Array.from({ length: 12 }, () => redeemAtCounter(clerk, voucher.code)));
        const ok = all.filter((r) => r.statusCode === 200);
        expect(ok).toHaveLength(4);
        expect(ok.map((r) => r.json().usesLeft).sort()).toEqual([0, 1, 2, 3]);
        expect(new Set(all.filter((r) => r.statusCode !== 200).map((r) => r.json().error.code))).toEqual(new Set(['vouchers.already_redeemed']));
        const rows = (await t.database.db.execute(
          sql`select uses_redeemed as n, redeemed_at is not null as done from benefit_claims where campaign_id = ${voucher.id}`,
        )) as unknown as { rows: { n: number; done: boolean }[] };
        expect(rows.rows).toEqual([{ n: 4, done: true }]);
        // The database itself refuses a fifth use, whatever the code above it does.
        await expect(t.database.db.execute(sql`update benefit_claims set uses_redeemed = 5 where campaign_id = ${voucher.id}`)).rejects.toThrow();
      });

      it('redeems once when the clerk scans the same voucher ten times at once', async () => {
        const [member] = await memberIds(orgs.xjk!, 1);
        const voucher = await voucherAt(noodleShop, xjkAdmin, orgs.xjk!, tokenFor(member!));
        const all = await Promise.all(Array.from({ length: 10 }, () => redeemAtCounter(clerk, voucher.code)));
        expect(all.filter((r) => r.statusCode === 200)).toHaveLength(1);
        expect(new Set(all.filter((r) => r.statusCode !== 200).map((r) => r.json().error.code))).toEqual(new Set(['vouchers.already_redeemed']));
        const rows = (await t.database.db.execute(
          sql`select count(*)::int as n from benefit_claims where campaign_id = ${voucher.id} and redeemed_at is not null`,
        )) as unknown as { rows: { n: number }[] };
        expect(rows.rows[0]!.n).toBe(1);
        expect(await drain(voucher.id)).toMatchObject({ claimed: 1, redeemed: 1 });
      });
    });
  });
});
