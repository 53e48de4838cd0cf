import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { TRANSFER_OBJECTION_DAYS } from '@union/shared';
import { bearer, buildTestApp, createMember, createMembers, json, login, signAccessToken, type TestApp, type TestMember } from '../../../test/helpers';
import { serviceWithSlot } from '../../../test/booking-fixtures';
import { insertGrant } from '../access';
import { auditTrail } from '../audit';
import { notificationsOf } from '../notifications';

/**
 * A member's whole membership through HTTP: 转会 (the new union decides, the old one may object within its window),
 * 保留会籍, 退会 and what it takes away, profile and phone changes, the history, and who of the staff sees what. On
 * PGlite, and on PostgreSQL (TEST_DATABASE_URL), where the race tests run for real.
 */

const onRealPostgres = process.env.TEST_DATABASE_URL ? it : it.skip;
type Auth = Record<string, string>;

let t: TestApp;
let clock: Date | null = null;
let orgs: Record<string, string>;
let xjk: Auth; // 新街口 reviewer + admin (the old union in most tests)
let xjkAccount: string;
let kdhy: Auth; // 快递行业工会联合会 reviewer + admin (the new union)
let blz: Auth; // 八里庄 reviewer + admin: another union, sees none of it
let xc: Auth; // 西城区 reviewer: covers 新街口 and every union below 西城区
let operator: Auth;
let applicant: Auth; // 13900000001: signed in, never a member

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, headers: Auth, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const rows = async <T>(query: ReturnType<typeof sql>) => ((await t.database.db.execute(query)) as unknown as { rows: T[] }).rows;
const membershipOf = async (m: TestMember) => json(await call('GET', '/members/me/membership', m.auth));
const transferTo = (m: TestMember, org: string, over: Record<string, unknown> = {}) =>
  call('POST', '/members/me/transfer', m.auth, { orgId: orgs[org], employer: '京东物流', category: 'courier', ...over });
const kinds = async (accountId: string) => (await notificationsOf(t.database.db, accountId)).map((n) => n.kind);

beforeAll(async () => {
  t = await buildTestApp({ now: () => clock ?? new Date() });
  const staff = await login(t.app, '13800000001');
  xjk = staff.auth;
  xjkAccount = staff.account.id;
  kdhy = (await login(t.app, '13800000004')).auth;
  blz = (await login(t.app, '13800000002')).auth;
  xc = (await login(t.app, '13800000006')).auth;
  operator = (await login(t.app, '13800000000')).auth;
  applicant = (await login(t.app, '13900000001')).auth;
  orgs = Object.fromEntries((await rows<{ code: string; id: string }>(sql`select code, id from orgs`)).map((r) => [r.code, r.id]));
});
afterAll(() => t.close());
afterEach(() => {
  clock = null;
});

describe('转会', () => {
  it('moves the membership itself once the old union agreed and the new union approves: same number, history, notices, audit', async () => {
    const m = await createMember(t, 'xjk');
    const asked = await transferTo(m, 'kdhy', { employer: '顺丰速运' });
    expect(asked.statusCode).toBe(201);
    const transfer = asked.json();
    expect(transfer).toMatchObject({ status: 'pending', fromOrgName: '西城区新街口街道总工会', toOrgName: '北京市快递行业工会联合会', releasedAt: null });
    expect(new Date(transfer.objectionUntil).getTime() - new Date(transfer.requestedAt).getTime()).toBe(TRANSFER_OBJECTION_DAYS * 86_400_000);
    expect(await membershipOf(m)).toMatchObject({ status: 'transferring', orgName: '西城区新街口街道总工会', transfer: { id: transfer.id } });

    // The old union is told (its reviewers and admins: the message centre of 13800000001).
    const told = (await notificationsOf(t.database.db, xjkAccount)).filter((n) => n.kind === 'transfer_requested');
    expect(told.at(-1)!.data).toMatchObject({ title: '李*试申请转会到北京市快递行业工会联合会', place: '西城区新街口街道总工会' });

    // The new union sees it in its list but may not decide while the old union's window is open.
    const incoming = json(await call('GET', '/staff/transfers?direction=in', kdhy)).items.find((i: { id: string }) => i.id === transfer.id);
    expect(incoming).toMatchObject({ direction: 'in', canApprove: false, canObject: false, memberNo: m.memberNo, phone: '未登记' });
    const early = await call('POST', `/staff/transfers/${transfer.id}/approve`, kdhy);
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'transfers.objection_open', until: transfer.objectionUntil });

    // The old union agrees (无异议); then the new union approves.
    const outgoing = json(await call('GET', '/staff/transfers?direction=out', xjk)).items.find((i: { id: string }) => i.id === transfer.id);
    expect(outgoing).toMatchObject({ direction: 'out', canObject: true, canApprove: false });
    expect(json(await call('POST', `/staff/transfers/${transfer.id}/release`, xjk)).releasedAt).not.toBeNull();
    const approved = await call('POST', `/staff/transfers/${transfer.id}/approve`, kdhy);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', canApprove: false });

    const after = await membershipOf(m);
    expect(after).toMatchObject({
      id: m.membershipId,
      memberNo: m.memberNo,
      status: 'active',
      orgName: '北京市快递行业工会联合会',
      employer: '顺丰速运',
      category: 'courier',
      transfer: null,
    });
    expect(after.history.map((e: { kind: string; orgName: string; by: string }) => [e.kind, e.orgName, e.by])).toEqual([
      ['transfer_out', '西城区新街口街道总工会', 'staff'],
      ['transfer_in', '北京市快递行业工会联合会', 'staff'],
    ]);
    expect(await kinds(m.accountId)).toEqual(['transfer_approved']);
    expect((await auditTrail(t.database.db, 'membership', m.membershipId)).map((a) => a.action)).toEqual([
      'membership.transfer_request',
      'membership.transfer_release',
      'membership.transfer_approve',
    ]);
    // One membership throughout: the same row, still the person's only one.
    expect(await rows(sql`select id from memberships where account_id = ${m.accountId}`)).toHaveLength(1);

    // The old union's staff no longer see the member; the new union's do, with the history.
    expect((await call('GET', `/staff/members/${m.membershipId}`, xjk)).statusCode).toBe(404);
    const detail = json(await call('GET', `/staff/members/${m.membershipId}`, kdhy));
    expect(detail).toMatchObject({ orgName: '北京市快递行业工会联合会', status: 'active', transfers: [{ id: transfer.id, status: 'approved' }] });
    expect(detail.history).toHaveLength(2);
  });

  it('lets the new union approve without waiting once the window is over, or when the approver covers the old union too', async () => {
    const [a, b] = await createMembers(t, 'xjk', 2);
    const ta = json(await transferTo(a!, 'kdhy'));
    clock = new Date(Date.now() + TRANSFER_OBJECTION_DAYS * 86_400_000 + 60_000);
    expect(json(await call('GET', '/staff/transfers', kdhy)).items.find((i: { id: string }) => i.id === ta.id).canApprove).toBe(true);
    // Too late to object.
    const late = await call('POST', `/staff/transfers/${ta.id}/object`, xjk, { reason: '会费未缴清' });
    expect(late.json().error.code).toBe('transfers.objection_closed');
    expect((await call('POST', `/staff/transfers/${ta.id}/approve`, kdhy)).statusCode).toBe(200);
    clock = null;

    // 西城区's reviewer covers 新街口 and 顺丰西城分部: their approval is the old union's word too.
    const tb = json(await transferTo(b!, 'sfxc'));
    expect((await call('POST', `/staff/transfers/${tb.id}/approve`, xc)).json()).toMatchObject({ status: 'approved' });
    expect(await membershipOf(b!)).toMatchObject({ orgName: '顺丰速运北京西城分部工会', memberNo: b!.memberNo });
  });

  it('ends on an objection of the old union within its window, with the reason told to the member', async () => {
    const m = await createMember(t, 'xjk');
    const tr = json(await transferTo(m, 'kdhy'));
    const noReason = await call('POST', `/staff/transfers/${tr.id}/object`, xjk, { reason: '' });
    expect(noReason.json().error).toMatchObject({ code: 'request.invalid', field: 'reason' });
    const objected = await call('POST', `/staff/transfers/${tr.id}/object`, xjk, { reason: '工会互助金手续未办完，请先到工会办理' });
    expect(objected.json()).toMatchObject({ status: 'objected', reason: '工会互助金手续未办完，请先到工会办理' });
    expect(await membershipOf(m)).toMatchObject({ status: 'active', orgName: '西城区新街口街道总工会', transfer: null });
    const [notice] = (await notificationsOf(t.database.db, m.accountId)).filter((n) => n.kind === 'transfer_declined');
    expect(notice!.data).toMatchObject({ note: '西城区新街口街道总工会对转出提出异议', reason: '工会互助金手续未办完，请先到工会办理' });
    const approve = await call('POST', `/staff/transfers/${tr.id}/approve`, kdhy);
    expect(approve.json().error).toMatchObject({ code: 'transfers.already_decided', status: 'objected' });
    // The member may ask again later.
    expect((await transferTo(m, 'kdhy')).statusCode).toBe(201);
  });

  it('is refused by the new union with a reason, and a kept membership stays kept', async () => {
    const m = await createMember(t, 'xjk');
    await call('POST', '/members/me/retain', m.auth, { reason: '失业或待业', months: 3 });
    const tr = json(await transferTo(m, 'kdhy'));
    expect(await membershipOf(m)).toMatchObject({ status: 'transferring', retainedUntil: expect.any(String) });
    const rejected = await call('POST', `/staff/transfers/${tr.id}/reject`, kdhy, { reason: '本会只接收快递从业人员' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', reason: '本会只接收快递从业人员' });
    expect(await membershipOf(m)).toMatchObject({ status: 'retained', orgName: '西城区新街口街道总工会' });
    expect((await notificationsOf(t.database.db, m.accountId)).map((n) => n.kind)).toEqual(['membership_retained', 'transfer_declined']);
  });

  it('can be withdrawn by the member while it waits', async () => {
    const m = await createMember(t, 'xjk');
    const tr = json(await transferTo(m, 'kdhy'));
    const cancelled = await call('POST', '/members/me/transfer/cancel', m.auth);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'active', transfer: null });
    expect((await call('POST', '/members/me/transfer/cancel', m.auth)).json().error.code).toBe('transfers.not_found');
    expect((await call('POST', `/staff/transfers/${tr.id}/approve`, operator)).json().error).toMatchObject({
      code: 'transfers.already_decided',
      status: 'cancelled',
    });
  });

  it('refuses a second request, the own union, a union that takes no members, a non-member and a staffer deciding their own', async () => {
    const m = await createMember(t, 'xjk');
    expect((await transferTo(m, 'xjk')).json().error.code).toBe('transfers.same_union');
    expect((await transferTo(m, 'bj')).json().error.code).toBe('orgs.not_joinable');
    expect((await transferTo(m, 'kdhy')).statusCode).toBe(201);
    const again = await transferTo(m, 'blz');
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'members.transfer_pending', message: '您有一份转会申请正在办理，请等待结果或先撤回申请' });
    // Leaving or keeping the membership waits for the transfer too.
    expect((await call('POST', '/members/me/leave', m.auth, { reason: '个人原因' })).json().error.code).toBe('members.transfer_pending');
    expect((await call('POST', '/members/me/retain', m.auth, { reason: '退休', months: 12 })).json().error.code).toBe('members.transfer_pending');
    expect((await call('POST', '/members/me/transfer', applicant, { orgId: orgs.kdhy, employer: '美团', category: 'rider' })).statusCode).toBe(404);

    // A reviewer of 快递行业 who is a member of 新街口 and asks to move there: someone else must approve.
    const staffMember = await createMember(t, 'xjk');
    await insertGrant(t.database.db, { accountId: staffMember.accountId, orgId: orgs.kdhy!, role: 'reviewer' });
    const own = json(await transferTo(staffMember, 'kdhy'));
    await call('POST', `/staff/transfers/${own.id}/release`, xjk);
    expect((await call('POST', `/staff/transfers/${own.id}/approve`, staffMember.auth)).json().error.code).toBe('transfers.own');
  });

  it("shows each union's staff only their side: another union's staff find nothing on any transfer or member route", async () => {
    const m = await createMember(t, 'xjk');
    const tr = json(await transferTo(m, 'kdhy'));
    for (const [method, url, body] of [
      ['POST', `/staff/transfers/${tr.id}/approve`, undefined],
      ['POST', `/staff/transfers/${tr.id}/reject`, { reason: '不符合条件' }],
      ['POST', `/staff/transfers/${tr.id}/object`, { reason: '不符合条件' }],
      ['POST', `/staff/transfers/${tr.id}/release`, undefined],
      ['GET', `/staff/members/${m.membershipId}`, undefined],
      ['POST', `/staff/members/${m.membershipId}/leave`, { reason: '谈话后本人同意退会' }],
    ] as const) {
      const res = await call(method, url, blz, body);
      expect([url, res.statusCode]).toEqual([url, 404]);
    }
    // The new union cannot act as the old one, nor the old one as the new one.
    expect((await call('POST', `/staff/transfers/${tr.id}/object`, kdhy, { reason: '不符合条件' })).statusCode).toBe(404);
    expect((await call('POST', `/staff/transfers/${tr.id}/approve`, xjk)).statusCode).toBe(404);
    const ids = (url: string, who: Auth) => call('GET', url, who).then((r) => json(r).items.map((i: { id: string }) => i.id) as string[]);
    expect(await ids('/staff/transfers?direction=in', blz)).not.toContain(tr.id);
    expect(await ids('/staff/transfers?direction=out', blz)).not.toContain(tr.id);
    expect(await ids('/staff/transfers?direction=out', kdhy)).not.toContain(tr.id);
    expect(await ids('/staff/members', blz)).not.toContain(m.membershipId);
    const blzMembers = json(await call('GET', '/staff/members?status=current&limit=200', blz)).items as { orgName: string }[];
    expect(blzMembers.every((i) => i.orgName === '朝阳区八里庄街道总工会')).toBe(true);
    expect(await ids('/staff/members', xjk)).toContain(m.membershipId);
    // A member is not staff.
    expect((await call('GET', '/staff/transfers', m.auth)).statusCode).toBe(403);
  });
});

describe('退会 and 保留会籍', () => {
  it('ends the membership: the code stops working, bookings ahead are cancelled and their place passed on, vouchers void, the member told', async () => {
    const [m, waiting] = await createMembers(t, 'xjk', 2);
    const { slotId } = await serviceWithSlot(t.app, xjk, orgs.xjk!, { capacity: 1 });
    expect((await call('POST', '/bookings', m!.auth, { slotId })).json().status).toBe('booked');
    expect((await call('POST', '/bookings', waiting!.auth, { slotId })).json().status).toBe('waitlisted');
    const code = json(await call('POST', '/members/me/code', m!.auth)).code as string;
    const scanner = (await login(t.app, '13800000005')).auth;
    expect(json(await call('POST', '/staff/scan', scanner, { token: code })).valid).toBe(true);
    // A voucher claimed with this membership (written as the claim path writes it).
    const campaign = randomUUID();
    const place = randomUUID();
    await t.database.db.execute(sql`
      insert into benefit_campaigns (id, org_id, title, kind, quota, period, starts_at, ends_at, eligible_org_id, eligible_path, requires_rotating_code, created_by)
      select ${campaign}, id, '留京过年消费券', 'voucher', 10, 'once', now() - interval '1 day', now() + interval '30 days', id, path, false, ${xjkAccount}
      from orgs where code = 'xjk'`);
    await t.database.db.execute(
      sql`insert into benefit_campaign_places (campaign_id, kind, place_id, name) values (${campaign}, 'event', ${place}, '新街口暖心驿站')`,
    );
    await t.database.db.execute(sql`
      insert into benefit_claims (id, campaign_id, account_id, membership_id, period_key, place_kind, place_id, idempotency_key, request_hash, claimed_at, valid_until)
      values (${randomUUID()}, ${campaign}, ${m!.accountId}, ${m!.membershipId}, 'once', 'event', ${place}, 'k', 'h', now(), now() + interval '30 days')`);
    expect(json(await call('GET', '/vouchers/mine', m!.auth)).items[0].status).toBe('valid');

    const noReason = await call('POST', '/members/me/leave', m!.auth, { reason: ' ' });
    expect(noReason.json().error).toMatchObject({ code: 'request.invalid', field: 'reason' });
    const left = await call('POST', '/members/me/leave', m!.auth, { reason: '离开本市' });
    expect(left.statusCode).toBe(200);
    expect(left.json()).toMatchObject({ status: 'left', history: [{ kind: 'leave', note: '离开本市', by: 'member' }] });

    expect((await call('POST', '/members/me/code', m!.auth)).json().error.code).toBe('members.not_member');
    expect((await call('GET', '/members/me/card', m!.auth)).statusCode).toBe(404);
    // The code already on someone's screen: not a valid member any more (scans cache a row for at most 5 s).
    await new Promise((r) => setTimeout(r, t.config.scanCacheMs + 50));
    expect(json(await call('POST', '/staff/scan', scanner, { token: code }))).toMatchObject({ valid: false, status: 'left' });
    expect(json(await call('GET', '/bookings/mine', m!.auth)).items[0].status).toBe('cancelled');
    // The place passed on to the first waiting (directly or as an offer, as the service is set up).
    expect(['booked', 'offered']).toContain(json(await call('GET', '/bookings/mine', waiting!.auth)).items[0].status);
    expect(json(await call('GET', '/vouchers/mine', m!.auth)).items[0].status).toBe('void');
    const [notice] = (await notificationsOf(t.database.db, m!.accountId)).filter((n) => n.kind === 'membership_left');
    expect(notice!.data).toMatchObject({ note: '会员码已停用，已取消1个预约，未使用的券和会员福利不再可用', reason: '离开本市' });
    expect((await call('POST', '/members/me/leave', m!.auth, { reason: '离开本市' })).json().error.code).toBe('members.not_member');
    // The former member still reads their history; staff of the union list them as 已退会.
    expect(await membershipOf(m!)).toMatchObject({ status: 'left' });
    const leftList = json(await call('GET', '/staff/members?status=left', xjk)).items.map((i: { id: string }) => i.id);
    expect(leftList).toContain(m!.membershipId);
  });

  it('keeps the membership for a set time, extends it, resumes it; past the time staff find it and end it after a talk', async () => {
    const m = await createMember(t, 'xjk');
    expect((await call('POST', '/members/me/retain', m.auth, { reason: '失业或待业', months: 5 })).json().error.field).toBe('months');
    const kept = json(await call('POST', '/members/me/retain', m.auth, { reason: '失业或待业', months: 6 }));
    expect(kept.status).toBe('retained');
    const days = (new Date(kept.retainedUntil).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(180);
    expect(days).toBeLessThan(186);
    // A kept member is a member: the code works and the card shows 保留会籍.
    expect((await call('POST', '/members/me/code', m.auth)).statusCode).toBe(200);
    expect(json(await call('GET', '/members/me/card', m.auth)).status).toBe('retained');
    expect((await call('POST', '/members/me/resume', m.auth)).json().status).toBe('active');
    expect((await call('POST', '/members/me/resume', m.auth)).json().error.code).toBe('members.not_retained');

    await call('POST', '/members/me/retain', m.auth, { reason: '单位关闭或破产', months: 3 });
    const expired = () => call('GET', '/staff/members?status=expired', xjk).then((r) => json(r).items.map((i: { id: string }) => i.id) as string[]);
    expect(await expired()).not.toContain(m.membershipId);
    clock = new Date(Date.now() + 100 * 86_400_000);
    expect(await expired()).toContain(m.membershipId);
    // Ending a membership is an admin's: the reviewer-only 西城区 staffer may not.
    expect((await call('POST', `/staff/members/${m.membershipId}/leave`, xc, { reason: '保留期满，谈话后办理退会' })).statusCode).toBe(403);
    const ended = json(await call('POST', `/staff/members/${m.membershipId}/leave`, xjk, { reason: '保留期满，谈话后办理退会' }));
    expect(ended.status).toBe('left');
    expect(ended.history.map((e: { kind: string; by: string }) => `${e.kind}:${e.by}`)).toEqual([
      'retain:member',
      'resume:member',
      'retain:member',
      'leave:staff',
    ]);
    expect(ended.history[0].note).toMatch(/^失业或待业，保留至\d{4}-\d{2}-\d{2}$/);
    expect((await auditTrail(t.database.db, 'membership', m.membershipId)).at(-1)).toMatchObject({ action: 'membership.leave', actorAccountId: xjkAccount });
  });
});

describe('profile and phone', () => {
  it('records each change of employer and category in the history, and nothing when nothing changes', async () => {
    const m = await createMember(t, 'xjk');
    expect((await call('PATCH', '/members/me/profile', m.auth, {})).statusCode).toBe(400);
    const changed = json(await call('PATCH', '/members/me/profile', m.auth, { employer: '美团', category: 'rider' }));
    expect(changed).toMatchObject({ employer: '美团', category: 'rider' });
    expect(changed.history.map((e: { note: string }) => e.note)).toEqual(['工作单位：未填写 → 美团', '职业类别：未填写 → 外卖配送员']);
    const same = json(await call('PATCH', '/members/me/profile', m.auth, { employer: '美团' }));
    expect(same.history).toHaveLength(2);
    json(await call('PATCH', '/members/me/profile', m.auth, { employer: '饿了么' }));
    expect((await membershipOf(m)).history.at(-1)).toMatchObject({ kind: 'profile', note: '工作单位：美团 → 饿了么', by: 'member' });
  });

  it('changes the phone only with the code sent to the new one; the account signs in with it, stored encrypted, masked everywhere', async () => {
    const me = await login(t.app, '13900000003'); // 李秀兰, member of 新街口
    expect((await call('POST', '/members/me/phone/code', me.auth, { phone: '13900000003' })).json().error.code).toBe('members.phone_same');
    expect((await call('POST', '/members/me/phone/code', me.auth, { phone: '1390000' })).json().error.field).toBe('phone');
    const sent = json(await call('POST', '/members/me/phone/code', me.auth, { phone: '13700001111' }));
    expect(sent.devCode).toMatch(/^\d{6}$/);
    const wrong = await call('POST', '/members/me/phone', me.auth, { phone: '13700001111', code: sent.devCode === '000000' ? '111111' : '000000' });
    expect(wrong.json().error.code).toBe('auth.code_invalid');
    // Another account's number: a guessed code learns nothing about it; only whoever holds that phone is told it is taken.
    expect((await call('POST', '/members/me/phone', me.auth, { phone: '13800000001', code: '123456' })).json().error.code).toBe('auth.code_expired');
    clock = new Date(Date.now() + 65_000); // past the resend interval of a login code to that phone
    const held = json(await call('POST', '/members/me/phone/code', me.auth, { phone: '13800000001' }));
    expect((await call('POST', '/members/me/phone', me.auth, { phone: '13800000001', code: held.devCode })).json().error.code).toBe('members.phone_taken');
    const changed = await call('POST', '/members/me/phone', me.auth, { phone: '13700001111', code: sent.devCode });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ phone: '137****1111', name: '李秀兰' });
    expect(changed.json().history.at(-1)).toMatchObject({ kind: 'profile', note: '手机号：139****0003 → 137****1111（已短信验证）' });
    // The code is used up.
    expect((await call('POST', '/members/me/phone', me.auth, { phone: '13700001111', code: sent.devCode })).json().error.code).toBe('auth.code_expired');
    expect(json(await call('GET', '/me', me.auth)).account.phone).toBe('137****1111');
    clock = new Date(Date.now() + 120_000); // past the resend interval of the code sent for the change
    const again = await login(t.app, '13700001111');
    expect(again.account.id).toBe(me.account.id);
    expect(json(await call('GET', '/me', again.auth)).membership).toMatchObject({ name: '李秀兰' });
    const stored = await rows<{ phone_enc: string }>(sql`select phone_enc from memberships where account_id = ${me.account.id}`);
    expect(stored[0]!.phone_enc).not.toContain('1111');
    expect(t.logs()).not.toContain('13700001111');
    // The staff of the union see it masked.
    const listed = json(await call('GET', `/staff/members?q=${encodeURIComponent('李秀兰')}`, xjk)).items;
    expect(listed).toEqual([expect.objectContaining({ name: '李秀兰', phone: '137****1111' })]);
  });
});

describe('the history', () => {
  it('is append-only in the database', async () => {
    const m = await createMember(t, 'xjk');
    await call('POST', '/members/me/retain', m.auth, { reason: '退休', months: 12 });
    await expect(t.database.db.execute(sql`update membership_events set note = 'x' where membership_id = ${m.membershipId}`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from membership_events where membership_id = ${m.membershipId}`)).rejects.toThrow();
    expect((await membershipOf(m)).history).toHaveLength(1);
  });

  it('is the member’s from the join on, and a non-member has none', async () => {
    const demo = await login(t.app, '13900000002');
    const mine = json(await call('GET', '/members/me/membership', demo.auth));
    expect(mine).toMatchObject({ name: '王建国', status: 'active', employer: expect.any(String), category: expect.any(String), phone: '139****0002' });
    expect(mine.history.map((e: { kind: string; by: string }) => `${e.kind}:${e.by}`)).toEqual(['join:system']);
    expect((await call('GET', '/members/me/membership', applicant)).json().error.code).toBe('members.not_member');
  });
});

describe('races (PostgreSQL)', () => {
  onRealPostgres('lets one of many simultaneous transfer requests of a member through', async () => {
    const m = await createMember(t, 'xjk');
    const targets = ['kdhy', 'blz', 'wyps', 'hyhy', 'zgc', 'dhm'];
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => transferTo(m, targets[i % targets.length]!)));
    expect(answers.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(answers.filter((r) => r.statusCode === 409).map((r) => r.json().error.code)).toEqual(Array(23).fill('members.transfer_pending'));
    expect(await rows(sql`select id from membership_transfers where membership_id = ${m.membershipId} and status = 'pending'`)).toHaveLength(1);
  });

  onRealPostgres('approves a transfer once when many approve it at the same moment', async () => {
    const m = await createMember(t, 'xjk');
    const tr = json(await transferTo(m, 'kdhy'));
    await call('POST', `/staff/transfers/${tr.id}/release`, xjk);
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => call('POST', `/staff/transfers/${tr.id}/approve`, i % 2 ? kdhy : operator)));
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(answers.filter((r) => r.statusCode !== 200).map((r) => r.json().error.code)).toEqual(Array(15).fill('transfers.already_decided'));
    expect(await rows(sql`select kind from membership_events where membership_id = ${m.membershipId} and kind = 'transfer_in'`)).toHaveLength(1);
    expect(await kinds(m.accountId)).toEqual(['transfer_approved']);
  });

  onRealPostgres('keeps every membership whole when approvals race withdrawals, objections, refusals and leaving', async () => {
    const members = await createMembers(t, 'xjk', 12);
    const transfers = await Promise.all(members.map(async (m) => json(await transferTo(m, 'kdhy')).id as string));
    await Promise.all(transfers.filter((_, i) => i % 3 !== 2).map((id) => call('POST', `/staff/transfers/${id}/release`, xjk)));
    const rivals = (i: number, id: string, m: TestMember) =>
      [
        () => call('POST', '/members/me/transfer/cancel', m.auth),
        () => call('POST', `/staff/transfers/${id}/reject`, kdhy, { reason: '材料不全' }),
        () => call('POST', `/staff/transfers/${id}/object`, xjk, { reason: '会费未缴清' }),
        () => call('POST', '/members/me/leave', m.auth, { reason: '个人原因' }),
      ][i % 4]!();
    const answers = await Promise.all(
      members.flatMap((m, i) => [
        call('POST', `/staff/transfers/${transfers[i]}/approve`, operator),
        rivals(i, transfers[i]!, m),
        rivals(i + 1, transfers[i]!, m),
      ]),
    );
    expect(answers.filter((r) => r.statusCode >= 500).map((r) => r.body)).toEqual([]);
    for (const [i, m] of members.entries()) {
      const [tr] = await rows<{ status: string }>(sql`select status from membership_transfers where id = ${transfers[i]}`);
      const [ms] = await rows<{ status: string; org_id: string }>(sql`select status, org_id from memberships where id = ${m.membershipId}`);
      const events = (await rows<{ kind: string }>(sql`select kind from membership_events where membership_id = ${m.membershipId} order by at`)).map(
        (e) => e.kind,
      );
      if (tr!.status === 'approved') {
        expect([ms!.org_id, events.slice(0, 2)]).toEqual([orgs.kdhy, ['transfer_out', 'transfer_in']]);
      } else {
        expect(['cancelled', 'rejected', 'objected']).toContain(tr!.status);
        expect(ms!.org_id).toBe(orgs.xjk);
        expect(events).not.toContain('transfer_in');
      }
      expect(ms!.status).not.toBe('transferring');
    }
    expect(
      await rows(sql`select 1 from memberships m where m.status = 'transferring' and not exists (
      select 1 from membership_transfers t where t.membership_id = m.id and t.status = 'pending')`),
    ).toEqual([]);
  });
});

describe('a token of someone who never joined', () => {
  it('finds no membership to change on any member route', async () => {
    const nobody = bearer(signAccessToken(t.config, { sub: randomUUID() }));
    for (const [method, url, body] of [
      ['POST', '/members/me/transfer', { orgId: orgs.kdhy, employer: '美团', category: 'rider' }],
      ['POST', '/members/me/transfer/cancel', undefined],
      ['POST', '/members/me/leave', { reason: '个人原因' }],
      ['POST', '/members/me/retain', { reason: '退休', months: 3 }],
      ['POST', '/members/me/resume', undefined],
      ['PATCH', '/members/me/profile', { employer: '美团' }],
      ['GET', '/members/me/membership', undefined],
    ] as const) {
      const res = await call(method, url, nobody, body);
      expect([url, res.json().error?.code]).toEqual([url, 'members.not_member']);
    }
  });
});
