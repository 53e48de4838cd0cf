import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { StaffGrant } from '@union/shared';
import { bearer, buildSecondInstance, buildTestApp, json, login, signAccessToken, within, type TestApp } from '../../../test/helpers';
import { endsWithin, openStream, ticketFor } from '../../../test/live-stream';

type Auth = Record<string, string>;
const onRealPostgres = process.env.TEST_DATABASE_URL ? it : it.skip;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('staff and roles', () => {
  let t: TestApp;
  let clock: number | null = null;
  let xjk = '';
  let blz = '';
  let xc = '';
  let xsb = '';
  /** Admin of 新街口 (13800000001), admin of 八里庄 (13800000002), the operator of the city. */
  let adminX: Awaited<ReturnType<typeof login>>;
  let adminY: Awaited<ReturnType<typeof login>>;
  let operator: Awaited<ReturnType<typeof login>>;

  const orgId = async (code: string) =>
    ((await t.database.db.execute(sql`select id from orgs where code = ${code}`)) as unknown as { rows: { id: string }[] }).rows[0]!.id;
  const invite = (auth: Auth, body: { phone: string; orgId: string; role: string }, app: FastifyInstance = t.app) =>
    app.inject({ method: 'POST', url: '/api/v1/admin/staff', headers: auth, payload: body });
  const list = async (auth: Auth, query = '') =>
    json(await t.app.inject({ method: 'GET', url: `/api/v1/admin/staff${query}`, headers: auth })).items as StaffGrant[];
  const me = (auth: Auth, app: FastifyInstance = t.app) => app.inject({ method: 'GET', url: '/api/v1/me', headers: auth });
  const invitationsOf = async (auth: Auth) =>
    json(await t.app.inject({ method: 'GET', url: '/api/v1/me/staff-invitations', headers: auth })).items as { id: string; role: string }[];
  const answer = (auth: Auth, id: string, action: 'accept' | 'decline', app: FastifyInstance = t.app) =>
    app.inject({ method: 'POST', url: `/api/v1/me/staff-invitations/${id}/${action}`, headers: auth });
  /** Invites the phone, signs the person in and accepts: the role held, its grant (for the grant routes), and the person. */
  const grantRole = async (auth: Auth, body: { phone: string; orgId: string; role: string }, app: FastifyInstance = t.app) => {
    const invited = await invite(auth, body, app);
    expect(invited.statusCode).toBe(201);
    const person = await login(app, body.phone);
    expect((await answer(person.auth, json(invited).id, 'accept', app)).statusCode).toBe(204);
    const grant = (await list(auth, `?orgId=${body.orgId}`)).find((g) => g.accountId === person.account.id && g.role === body.role && g.status === 'active')!;
    expect(grant).toBeDefined();
    return { grant, person };
  };
  const auditOf = async (accountId: string) =>
    (
      (await t.database.db.execute(
        sql`select action, actor_account_id, org_id, detail from audit_log where target_id = ${accountId} and action like 'staff.%' or target_id = ${accountId} and action like 'account.%' order by created_at`,
      )) as unknown as { rows: { action: string; actor_account_id: string; org_id: string; detail: Record<string, unknown> }[] }
    ).rows;

  beforeAll(async () => {
    // A login again within the test waits out a one-second resend interval instead of a minute.
    t = await buildTestApp({ env: { SMS_RESEND_SECONDS: '1' }, now: () => (clock === null ? new Date() : new Date(clock)) });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    [xjk, blz, xc, xsb] = (await Promise.all(['xjk', 'blz', 'xc', 'xsb'].map(orgId))) as [string, string, string, string];
    adminX = await login(t.app, '13800000001');
    adminY = await login(t.app, '13800000002');
    operator = await login(t.app, '13800000000');
  });
  afterAll(() => t.close());

  it('invites a phone to a union with a role: the person holds nothing until they accept on 我的; then the list shows who granted it; audited', async () => {
    const res = await invite(adminX.auth, { phone: '13700000101', orgId: xjk, role: 'reviewer' });
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ status: 'invited', phone: '137****0101', role: 'reviewer', orgId: xjk, grantedBy: '138****0001', lastActiveAt: null });
    expect(Date.parse(json(res).expiresAt) - Date.parse(json(res).grantedAt)).toBe(7 * 86_400_000);

    const person = await login(t.app, '13700000101');
    const queue = () => t.app.inject({ method: 'GET', url: '/api/v1/staff/applications?status=pending', headers: person.auth });
    // Invited is not yet staff: no role, no queue.
    expect(json(await me(person.auth)).grants).toEqual([]);
    expect((await queue()).statusCode).toBe(403);
    const waiting = json(await t.app.inject({ method: 'GET', url: '/api/v1/me/staff-invitations', headers: person.auth })).items;
    expect(waiting).toEqual([
      {
        id: json(res).id,
        role: 'reviewer',
        orgName: '西城区新街口街道总工会',
        invitedBy: '138****0001',
        invitedAt: expect.any(String),
        expiresAt: expect.any(String),
      },
    ]);
    // Nobody else answers it.
    expect((await answer(adminY.auth, json(res).id, 'accept')).statusCode).toBe(404);

    expect((await answer(person.auth, json(res).id, 'accept')).statusCode).toBe(204);
    expect(json(await me(person.auth)).grants).toEqual([expect.objectContaining({ role: 'reviewer', orgId: xjk })]);
    expect(await invitationsOf(person.auth)).toEqual([]);
    const row = (await list(adminX.auth, `?orgId=${xjk}`)).find((g) => g.phone === '137****0101');
    expect(row).toMatchObject({ status: 'active', role: 'reviewer', grantedBy: '138****0001', self: false, expiresAt: null });
    expect(row!.lastActiveAt).not.toBeNull();
    expect((await queue()).statusCode).toBe(200);

    expect(await auditOf(person.account.id)).toEqual([
      expect.objectContaining({
        action: 'staff.invite',
        actor_account_id: adminX.account.id,
        org_id: xjk,
        detail: expect.objectContaining({ role: 'reviewer', phone: '137****0101' }),
      }),
      expect.objectContaining({
        action: 'staff.accept',
        actor_account_id: person.account.id,
        org_id: xjk,
        detail: expect.objectContaining({ role: 'reviewer' }),
      }),
    ]);
  });

  it('grants only roles no higher than the granter’s, only in unions they manage, never to themself, and never twice', async () => {
    const refused = async (body: { phone: string; orgId: string; role: string }, status: number, code: string) => {
      const res = await invite(adminX.auth, body);
      expect({ status: res.statusCode, code: json(res).error?.code }).toEqual({ status, code });
    };
    await refused({ phone: '13700000102', orgId: xjk, role: 'operator' }, 403, 'staff.role_too_high');
    await refused({ phone: '13700000102', orgId: blz, role: 'scanner' }, 404, 'orgs.not_found');
    // 西城区 is above 新街口: its admin does not manage it.
    await refused({ phone: '13700000102', orgId: xc, role: 'scanner' }, 404, 'orgs.not_found');
    await refused({ phone: '13800000001', orgId: xjk, role: 'scanner' }, 403, 'staff.self');
    // A union below their own is theirs to staff.
    const { person } = await grantRole(adminX.auth, { phone: '13700000102', orgId: xsb, role: 'scanner' });
    await refused({ phone: '13700000102', orgId: xsb, role: 'scanner' }, 409, 'staff.already_granted');
    // The operator may grant anything anywhere.
    expect((await invite(operator.auth, { phone: '13700000103', orgId: blz, role: 'operator' })).statusCode).toBe(201);
    // Nothing was granted by the refused requests.
    expect(json(await me(person.auth)).grants).toEqual([expect.objectContaining({ role: 'scanner', orgId: xsb })]);
  });

  it('changes a role, and the person’s very next request is judged by the new one', async () => {
    const { grant, person } = await grantRole(adminX.auth, { phone: '13700000104', orgId: xjk, role: 'reviewer' });
    const queue = () => t.app.inject({ method: 'GET', url: '/api/v1/staff/applications?status=pending', headers: person.auth });
    expect((await queue()).statusCode).toBe(200);

    const up = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/staff/grants/${grant.id}`, headers: adminX.auth, payload: { role: 'operator' } });
    expect(json(up).error.code).toBe('staff.role_too_high');
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/staff/grants/${grant.id}`, headers: adminX.auth, payload: { role: 'scanner' } });
    expect(res.statusCode).toBe(200);
    expect(json(res).role).toBe('scanner');
    expect(json(await queue()).error.code).toBe('auth.forbidden');
    expect((await auditOf(person.account.id)).map((a) => a.action)).toEqual(['staff.invite', 'staff.accept', 'staff.role_change']);

    // One's own role is changed by someone else.
    const own = (await list(adminX.auth, `?orgId=${xjk}`)).find((g) => g.self && g.role === 'admin');
    const self = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/staff/grants/${own!.id}`, headers: adminX.auth, payload: { role: 'scanner' } });
    expect(json(self).error.code).toBe('staff.self');
  });

  it('removes a grant: on another instance the person’s next request is refused within a second and their live stream ends', async () => {
    const other = await buildSecondInstance(t);
    try {
      await other.app.listen({ port: 0, host: '127.0.0.1' });
      const { grant, person } = await grantRole(adminX.auth, { phone: '13700000105', orgId: xjk, role: 'reviewer' }, other.app);
      const bystander = await login(other.app, '13800000005');
      expect((await me(person.auth, other.app)).statusCode).toBe(200);
      const stream = await openStream(other.app, await ticketFor(other.app, person.auth));
      expect(stream.status).toBe(200);

      const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/staff/grants/${grant.id}`, headers: adminX.auth });
      expect(res.statusCode).toBe(204);
      const refusedAfter = await within(1_000, async () => (await me(person.auth, other.app)).statusCode === 401);
      expect(refusedAfter).toBeGreaterThanOrEqual(0);
      expect(json(await me(person.auth, other.app)).error.code).toBe('auth.session_revoked');
      expect(await endsWithin(stream, 1_000)).toBe(true);
      expect((await me(bystander.auth, other.app)).statusCode).toBe(200);

      // Signed in again, they hold nothing there.
      expect(json(await me(bearer(signAccessToken(t.config, { sub: person.account.id })))).grants).toEqual([]);
      expect((await auditOf(person.account.id)).map((a) => a.action)).toEqual(['staff.invite', 'staff.accept', 'staff.revoke']);
      expect((await list(adminX.auth)).some((g) => g.id === grant.id)).toBe(false);
    } finally {
      await other.close();
    }
  });

  it('refuses the last admin of a union removing themself, and lets them once another admin is there', async () => {
    const { grant, person: sole } = await grantRole(adminX.auth, { phone: '13700000109', orgId: xsb, role: 'admin' });
    const remove = () => t.app.inject({ method: 'DELETE', url: `/api/v1/admin/staff/grants/${grant.id}`, headers: sole.auth });
    const res = await remove();
    expect(res.statusCode).toBe(409);
    expect(json(res).error).toMatchObject({ code: 'staff.last_admin', message: '您是本工会唯一的管理员，不能移除自己；请先授予其他人管理员角色' });
    expect((await me(sole.auth)).statusCode).toBe(200);

    // Invited is not enough: the other admin must have accepted.
    const invited = await invite(sole.auth, { phone: '13700000110', orgId: xsb, role: 'admin' });
    expect(json(await remove()).error.code).toBe('staff.last_admin');
    const other = await login(t.app, '13700000110');
    expect((await answer(other.auth, json(invited).id, 'accept')).statusCode).toBe(204);
    expect((await remove()).statusCode).toBe(204);
    // Their own sessions end too: signed in again, they hold nothing.
    expect((await me(sole.auth)).statusCode).toBe(401);
    expect(json(await me(bearer(signAccessToken(t.config, { sub: sole.account.id })))).grants).toEqual([]);
  });

  it('disables an account: signed out at once, cannot sign in; enabling lets them back; no one disables a person above them', async () => {
    const { person } = await grantRole(adminX.auth, { phone: '13700000107', orgId: xjk, role: 'scanner' });
    const disable = await t.app.inject({ method: 'POST', url: `/api/v1/admin/staff/accounts/${person.account.id}/disable`, headers: adminX.auth });
    expect(json(disable)).toEqual({ accountId: person.account.id, disabled: true, sessionsEnded: 1 });
    expect((await me(person.auth)).statusCode).toBe(401);
    await pause(1_100);
    await expect(login(t.app, '13700000107', '10.9.9.1')).rejects.toThrow(/auth.account_disabled/);
    expect((await list(adminX.auth, `?orgId=${xjk}`)).find((g) => g.accountId === person.account.id)).toMatchObject({ disabled: true });

    const enable = await t.app.inject({ method: 'POST', url: `/api/v1/admin/staff/accounts/${person.account.id}/enable`, headers: adminX.auth });
    expect(json(enable)).toMatchObject({ disabled: false });
    await pause(1_100);
    expect((await login(t.app, '13700000107', '10.9.9.2')).accessToken).toBeTruthy();
    expect((await auditOf(person.account.id)).map((a) => a.action)).toEqual(['staff.invite', 'staff.accept', 'account.disable', 'account.enable']);

    // The operator holds a role above 新街口's admin: out of reach (not found), and no one disables themself.
    const op = await t.app.inject({ method: 'POST', url: `/api/v1/admin/staff/accounts/${operator.account.id}/disable`, headers: adminX.auth });
    expect(op.statusCode).toBe(404);
    const self = await t.app.inject({ method: 'POST', url: `/api/v1/admin/staff/accounts/${adminX.account.id}/disable`, headers: adminX.auth });
    expect(json(self).error.code).toBe('staff.self');
    expect((await me(operator.auth)).statusCode).toBe(200);
  });

  it('does not let an admin sign out or lock out a person by inviting them: nothing is theirs until they accept', async () => {
    // 李秀兰 (13900000003), a member of 新街口, is signed in; 八里庄's admin invites her as a scanner and then withdraws it.
    const member = await login(t.app, '13900000003');
    const invited = json(await invite(adminY.auth, { phone: '13900000003', orgId: blz, role: 'scanner' }));
    // No grant to remove, no account to disable: she is no staff of theirs.
    expect(json(await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/staff/grants/${invited.id}`, headers: adminY.auth })).error.code).toBe(
      'staff.not_found',
    );
    const disable = await t.app.inject({ method: 'POST', url: `/api/v1/admin/staff/accounts/${member.account.id}/disable`, headers: adminY.auth });
    expect(json(disable).error.code).toBe('staff.not_found');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/staff/invitations/${invited.id}`, headers: adminY.auth })).statusCode).toBe(204);
    expect((await me(member.auth)).statusCode).toBe(200);
    expect(await invitationsOf(member.auth)).toEqual([]);
    expect((await answer(member.auth, invited.id, 'accept')).statusCode).toBe(404);

    // 王建国 (13900000002) accepts a role at 八里庄: still, 八里庄's admin cannot disable a member of another union.
    const { person } = await grantRole(adminY.auth, { phone: '13900000002', orgId: blz, role: 'scanner' });
    const refused = await t.app.inject({ method: 'POST', url: `/api/v1/admin/staff/accounts/${person.account.id}/disable`, headers: adminY.auth });
    expect(refused.statusCode).toBe(403);
    expect((await me(person.auth)).statusCode).toBe(200);
  });

  it('declines, lapses after 7 days, and drops an invitation whose sender may no longer grant it', async () => {
    // Declined: no role, and the invitation is gone.
    const declined = json(await invite(adminX.auth, { phone: '13700000131', orgId: xjk, role: 'scanner' }));
    const a = await login(t.app, '13700000131');
    expect((await answer(a.auth, declined.id, 'decline')).statusCode).toBe(204);
    expect(json(await me(a.auth)).grants).toEqual([]);
    expect((await list(adminX.auth, `?orgId=${xjk}`)).some((g) => g.id === declined.id)).toBe(false);

    // Lapsed: listed as expired for the admin, not shown to the person, refused in words; sending it again renews it.
    const lapsing = json(await invite(adminX.auth, { phone: '13700000132', orgId: xjk, role: 'scanner' }));
    const b = await login(t.app, '13700000132');
    clock = Date.now() + 7 * 86_400_000 + 60_000;
    expect(await invitationsOf(b.auth)).toEqual([]);
    expect((await list(adminX.auth, `?orgId=${xjk}`)).find((g) => g.id === lapsing.id)).toMatchObject({ status: 'expired' });
    const late = await answer(b.auth, lapsing.id, 'accept');
    expect({ status: late.statusCode, code: json(late).error.code }).toEqual({ status: 409, code: 'staff.invitation_expired' });
    const again = json(await invite(adminX.auth, { phone: '13700000132', orgId: xjk, role: 'scanner' }));
    expect(again).toMatchObject({ id: lapsing.id, status: 'invited' });
    expect((await answer(b.auth, lapsing.id, 'accept')).statusCode).toBe(204);
    clock = null;

    // The sender lost the right to grant it before the answer: dropped, the person told why, no role.
    const { grant: senderGrant, person: sender } = await grantRole(adminX.auth, { phone: '13700000133', orgId: xsb, role: 'admin' });
    const offered = json(await invite(sender.auth, { phone: '13700000134', orgId: xsb, role: 'reviewer' }));
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/staff/grants/${senderGrant.id}`, headers: adminX.auth })).statusCode).toBe(204);
    const c = await login(t.app, '13700000134');
    const voided = await answer(c.auth, offered.id, 'accept');
    expect({ status: voided.statusCode, code: json(voided).error.code }).toEqual({ status: 409, code: 'staff.invitation_void' });
    expect(json(await me(c.auth)).grants).toEqual([]);
    expect(await invitationsOf(c.auth)).toEqual([]);
  });

  onRealPostgres('keeps an admin when two admins remove each other at the same moment', async () => {
    // The operator makes two more admins of 西城区 (a union no other test uses), who then remove each other at once.
    const [first, second] = await Promise.all(['13700000121', '13700000122'].map((phone) => grantRole(operator.auth, { phone, orgId: xc, role: 'admin' })));
    const [a, b] = [first!.person, second!.person];
    const [grantA, grantB] = [first!.grant.id, second!.grant.id];
    const results = await Promise.all([
      t.app.inject({ method: 'DELETE', url: `/api/v1/admin/staff/grants/${grantB}`, headers: a!.auth }),
      t.app.inject({ method: 'DELETE', url: `/api/v1/admin/staff/grants/${grantA}`, headers: b!.auth }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([204, 404]);
    const admins = (await list(operator.auth, `?orgId=${xc}`)).filter((g) => g.role === 'admin' && ['137****0121', '137****0122'].includes(g.phone ?? ''));
    expect(admins).toHaveLength(1);
  });

  it('shows staff of one union nothing of another’s: not in the list, and not to change, remove or disable', async () => {
    const { grant } = await grantRole(adminX.auth, { phone: '13700000108', orgId: xjk, role: 'reviewer' });
    const pending = json(await invite(adminX.auth, { phone: '13700000135', orgId: xjk, role: 'scanner' }));
    const theirs = await list(adminY.auth);
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.filter((g) => g.orgId !== blz)).toEqual([]);
    expect(json(await t.app.inject({ method: 'GET', url: `/api/v1/admin/staff?orgId=${xjk}`, headers: adminY.auth })).items).toEqual([]);
    for (const [method, url, payload] of [
      ['PATCH', `/api/v1/admin/staff/grants/${grant.id}`, { role: 'scanner' }],
      ['DELETE', `/api/v1/admin/staff/grants/${grant.id}`, undefined],
      ['POST', `/api/v1/admin/staff/accounts/${grant.accountId}/disable`, undefined],
      ['DELETE', `/api/v1/admin/staff/invitations/${pending.id}`, undefined],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: adminY.auth, ...(payload ? { payload } : {}) });
      expect({ url, status: res.statusCode, code: json(res).error.code }).toEqual({ url, status: 404, code: 'staff.not_found' });
    }
    // The operator sees both unions.
    const all = await list(operator.auth);
    expect(all.some((g) => g.orgId === xjk) && all.some((g) => g.orgId === blz)).toBe(true);
    // A reviewer has no staff page at all.
    const reviewer = await login(t.app, '13800000003');
    expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/admin/staff', headers: reviewer.auth })).error.code).toBe('auth.forbidden');
  });
});
