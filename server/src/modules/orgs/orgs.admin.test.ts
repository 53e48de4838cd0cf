import { sql } from 'drizzle-orm';
import iconv from 'iconv-lite';
import readExcelFile from 'read-excel-file/node';
import writeExcelFile from 'write-excel-file/node';
import { PRIVACY_NOTICE_VERSION, type OrgDetail } from '@union/shared';
import { buildTestApp, createMember, createMembers, json, login, testIdNumber, type TestApp } from '../../../test/helpers';
import { sampleTest } from '../../../test/learning-fixtures';

type Auth = Record<string, string>;
const onRealPostgres = process.env.TEST_DATABASE_URL ? it : it.skip;

describe('the union tree', () => {
  let t: TestApp;
  let ids: Record<string, string> = {};
  /** Admin of 新街口 (13800000001), admin of 八里庄 (13800000002), the city operator. */
  let adminX: Auth;
  let adminY: Auth;
  let operator: Auth;

  const rows = async <T>(query: ReturnType<typeof sql>) => ((await t.database.db.execute(query)) as unknown as { rows: T[] }).rows;
  const send = (auth: Auth, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: auth, ...(payload ? { payload } : {}) });
  const idOf = async (code: string) => (await rows<{ id: string }>(sql`select id from orgs where code = ${code}`))[0]!.id;
  const tree = async (auth: Auth) => json(await send(auth, 'GET', '/admin/orgs')).items as OrgDetail[];
  const publicNames = async () => (json(await t.app.inject({ method: 'GET', url: '/api/v1/orgs?limit=100' })).items as { name: string }[]).map((o) => o.name);
  const create = (auth: Auth, parent: string, code: string, extra: object = {}) =>
    send(auth, 'POST', '/admin/orgs', { parentId: ids[parent] ?? parent, code, name: `${code}楼宇联合会`, kind: 'park', regionCode: '110102', ...extra });

  beforeAll(async () => {
    t = await buildTestApp();
    ids = Object.fromEntries((await rows<{ code: string; id: string }>(sql`select code, id from orgs`)).map((r) => [r.code, r.id]));
    adminX = (await login(t.app, '13800000001')).auth;
    adminY = (await login(t.app, '13800000002')).auth;
    operator = (await login(t.app, '13800000000')).auth;
  });
  afterAll(() => t.close());

  it('creates a union under one the admin manages, with every field; it takes joins at once, and the write is audited', async () => {
    const res = await create(adminX, 'xjk', 'xjkpark1', {
      name: '新街口金融街楼宇工会联合会',
      address: '西城区金融大街1号',
      lat: 39.915,
      lng: 116.358,
      contactPhone: '010-66001234',
      officeHours: '1-5 09:00-17:30',
      autoApprove: true,
    });
    expect(res.statusCode).toBe(201);
    const org = json(res);
    expect(org).toMatchObject({
      kind: 'park',
      path: 'bj.xc.xjk.xjkpark1',
      parentId: ids.xjk,
      officeHours: '1-5 09:00-17:30',
      autoApprove: true,
      takesJoins: true,
      closedAt: null,
    });
    expect((await tree(adminX)).map((o) => o.code)).toContain('xjkpark1');
    expect(await publicNames()).toContain('新街口金融街楼宇工会联合会');
    const [audit] = await rows<{ action: string; org_id: string }>(sql`select action, org_id from audit_log where target_id = ${org.id}`);
    expect(audit).toEqual({ action: 'org.create', org_id: org.id });
  });

  it('refuses a union outside the admin’s subtree, a code in use and a bad field, in words', async () => {
    const outside = await create(adminX, 'blz', 'xjkpark2');
    expect(json(outside).error).toMatchObject({ code: 'orgs.not_found', field: 'parentId' });
    const above = await create(adminX, 'xc', 'xjkpark3');
    expect(json(above).error.code).toBe('orgs.not_found');
    const taken = await create(adminX, 'xjk', 'blz');
    expect(json(taken).error).toMatchObject({ code: 'orgs.code_taken', message: '该工会代码已被使用，请换一个' });
    const bad = await create(adminX, 'xjk', 'xjkpark4', { regionCode: '1101', officeHours: '周一到周五' });
    expect(bad.statusCode).toBe(400);
    expect((await rows(sql`select id from orgs where code in ('xjkpark2', 'xjkpark3', 'xjkpark4')`)).length).toBe(0);
  });

  onRealPostgres('answers 409 code_taken, not a 500, when the same code is committed elsewhere while a create is inserting it', async () => {
    let pending: ReturnType<typeof create> | undefined;
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into orgs (code, name, kind, region_code, path, parent_id)
        values ('xjkheld', '别处建的工会', 'park', '110105', 'bj.cy.blz.xjkheld', ${ids.blz})`);
      pending = create(adminX, 'xjk', 'xjkheld');
      // The create has passed its code check and waits on the unique index for this transaction to end.
      for (let i = 0; i < 500; i++) {
        const waiting = await rows(sql`select pid from pg_stat_activity where wait_event_type = 'Lock' and query like 'insert into "orgs"%'`);
        if (waiting.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
    const res = await pending!;
    expect(res.statusCode).toBe(409);
    expect(json(res).error).toMatchObject({ code: 'orgs.code_taken', field: 'code' });
    expect(await rows(sql`select name from orgs where code = 'xjkheld'`)).toEqual([{ name: '别处建的工会' }]);
  });

  it('edits a union: a paused union leaves the list workers pick from, and the change is audited field by field', async () => {
    const org = json(await create(adminX, 'xjk', 'xjkpark5'));
    const res = await send(adminX, 'PATCH', `/admin/orgs/${org.id}`, { takesJoins: false, contactPhone: '010-66009999', name: '新街口德胜园区工会联合会' });
    expect(json(res)).toMatchObject({ takesJoins: false, contactPhone: '010-66009999', name: '新街口德胜园区工会联合会' });
    expect(await publicNames()).not.toContain('新街口德胜园区工会联合会');
    const [audit] = await rows<{ detail: Record<string, unknown> }>(sql`select detail from audit_log where target_id = ${org.id} and action = 'org.update'`);
    expect(audit!.detail).toEqual({
      takesJoins: { from: true, to: false },
      contactPhone: { from: null, to: '010-66009999' },
      name: { from: 'xjkpark5楼宇联合会', to: '新街口德胜园区工会联合会' },
    });
    expect((await send(adminY, 'PATCH', `/admin/orgs/${org.id}`, { takesJoins: true })).statusCode).toBe(404);
  });

  it('moves a union with everything below it to another parent in the subtree; never below itself, never out of the subtree', async () => {
    const a = json(await create(operator, 'xc', 'xcmovea', { kind: 'street' }));
    const b = json(await create(operator, 'xc', 'xcmoveb', { kind: 'street' }));
    const child = json(await create(operator, a.id, 'xcmovec'));
    const moved = await send(operator, 'POST', `/admin/orgs/${a.id}/move`, { parentId: b.id });
    expect(json(moved)).toMatchObject({ parentId: b.id, path: 'bj.xc.xcmoveb.xcmovea' });
    const [c] = await rows<{ path: string }>(sql`select path from orgs where id = ${child.id}`);
    expect(c!.path).toBe('bj.xc.xcmoveb.xcmovea.xcmovec');

    const cycle = await send(operator, 'POST', `/admin/orgs/${b.id}/move`, { parentId: child.id });
    expect(json(cycle).error).toMatchObject({ code: 'orgs.cycle', message: '不能把工会移到它自己或它的下级工会之下' });
    expect(json(await send(operator, 'POST', `/admin/orgs/${b.id}/move`, { parentId: b.id })).error.code).toBe('orgs.cycle');
    // 新街口's admin cannot take a union of theirs out to 八里庄, nor bring one of 西城区's in.
    const mine = json(await create(adminX, 'xjk', 'xjkmove1'));
    expect(json(await send(adminX, 'POST', `/admin/orgs/${mine.id}/move`, { parentId: ids.blz })).error).toMatchObject({
      code: 'orgs.not_found',
      field: 'parentId',
    });
    expect(json(await send(adminX, 'POST', `/admin/orgs/${a.id}/move`, { parentId: ids.xjk })).error.code).toBe('orgs.not_found');
    expect((await rows<{ path: string }>(sql`select path from orgs where id = ${mine.id}`))[0]!.path).toBe('bj.xc.xjk.xjkmove1');
  });

  it('moves a union’s tests, courses and benefit campaigns with it: the new parent’s staff see them, the old one’s no longer, its members still do', async () => {
    const moving = json(await create(adminX, 'xjk', 'xjklearn', { kind: 'community' }));
    const member = await createMember(t, moving.id);
    const { testId } = await sampleTest(t, adminX, moving.id);
    const course = await send(adminX, 'POST', '/staff/learning/courses', {
      orgId: moving.id,
      title: '搬家的课程',
      lessons: [{ title: '第一课', kind: 'text', body: '工会是职工自愿结合的群众组织。' }],
    });
    expect(course.statusCode).toBe(201);
    const courseId = json(course).id as string;
    const [campaign] = await rows<{ id: string }>(sql`insert into benefit_campaigns
      (org_id, title, kind, quota, period, starts_at, ends_at, eligible_org_id, eligible_path, requires_rotating_code, created_by)
      values (${moving.id}, '搬家的福利', 'gift', 10, 'once', now(), now() + interval '7 days', ${moving.id}, ${moving.path}, false, ${member.accountId})
      returning id`);
    const listed = async (auth: Auth, url: string) => (json(await send(auth, 'GET', url)).items as { id: string }[]).map((i) => i.id);

    expect(json(await send(operator, 'POST', `/admin/orgs/${moving.id}/move`, { parentId: ids.blz }))).toMatchObject({ path: 'bj.cy.blz.xjklearn' });
    expect(await listed(adminX, '/staff/learning/tests')).not.toContain(testId);
    expect(await listed(adminX, '/staff/learning/courses')).not.toContain(courseId);
    expect(await listed(adminY, '/staff/learning/tests')).toContain(testId);
    expect(await listed(adminY, '/staff/learning/courses')).toContain(courseId);
    expect(await listed(member.auth, '/learning/tests')).toContain(testId);
    expect(await listed(member.auth, '/learning/courses')).toContain(courseId);
    expect(await rows(sql`select eligible_path from benefit_campaigns where id = ${campaign!.id}`)).toEqual([{ eligible_path: 'bj.cy.blz.xjklearn' }]);
  });

  onRealPostgres('never makes a cycle when two admins move two unions under each other at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const a = json(await create(operator, 'xc', `race${round}a`, { kind: 'street' }));
      const b = json(await create(operator, 'xc', `race${round}b`, { kind: 'street' }));
      const results = await Promise.all([
        send(operator, 'POST', `/admin/orgs/${a.id}/move`, { parentId: b.id }),
        send(operator, 'POST', `/admin/orgs/${b.id}/move`, { parentId: a.id }),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 400]);
      const both = await rows<{ path: string }>(sql`select path from orgs where id in (${a.id}, ${b.id}) order by length(path)`);
      expect(both[1]!.path.startsWith(`${both[0]!.path}.`)).toBe(true);
    }
  });

  onRealPostgres('never makes a cycle when two moves cross: X under a union below Y, and Y under a union below X, at once', async () => {
    for (let round = 0; round < 5; round++) {
      const x = json(await create(operator, 'xc', `cross${round}x`, { kind: 'street' }));
      const y = json(await create(operator, 'xc', `cross${round}y`, { kind: 'street' }));
      const belowY = json(await create(operator, y.id, `cross${round}z`));
      const belowX = json(await create(operator, x.id, `cross${round}w`));
      const results = await Promise.all([
        send(operator, 'POST', `/admin/orgs/${x.id}/move`, { parentId: belowY.id }),
        send(operator, 'POST', `/admin/orgs/${y.id}/move`, { parentId: belowX.id }),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 400]);
      // Every path is its parent's path and its own code: the tree is a tree.
      const four = await rows<{ path: string; code: string; parent_path: string }>(
        sql`select o.path, o.code, p.path as parent_path from orgs o join orgs p on p.id = o.parent_id where o.id in (${x.id}, ${y.id}, ${belowX.id}, ${belowY.id})`,
      );
      expect(four.filter((o) => o.path !== `${o.parent_path}.${o.code}`)).toEqual([]);
    }
  });

  it('closes a union: with members or pending applications it asks where they go, then moves them all in one transaction', async () => {
    const closing = json(await create(adminX, 'xjk', 'xjkclose', { kind: 'community' }));
    const members = await createMembers(t, closing.id, 2);
    const applicant = await login(t.app, '13900000401');
    const submitted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: applicant.auth,
      payload: {
        name: '周末',
        idNumber: testIdNumber(401),
        employer: '闪送',
        category: 'courier',
        workDistrict: '110102',
        orgId: closing.id,
        consentVersion: PRIVACY_NOTICE_VERSION,
      },
    });
    expect(submitted.statusCode).toBe(201);

    const asks = await send(adminX, 'POST', `/admin/orgs/${closing.id}/close`, {});
    expect(json(asks).error).toMatchObject({ code: 'orgs.close_needs_target', field: 'moveTo', members: 2, applications: 1 });
    // Out of the subtree, or a union that takes no members, is no place for them.
    expect(json(await send(adminX, 'POST', `/admin/orgs/${closing.id}/close`, { moveTo: ids.blz })).error.code).toBe('orgs.not_found');
    expect(json(await send(adminX, 'POST', `/admin/orgs/${closing.id}/close`, { moveTo: closing.id })).error.code).toBe('orgs.not_joinable');

    const res = await send(adminX, 'POST', `/admin/orgs/${closing.id}/close`, { moveTo: ids.xjk });
    expect(json(res)).toMatchObject({ membersMoved: 2, applicationsMoved: 1, org: { takesJoins: false } });
    expect(json(res).org.closedAt).not.toBeNull();
    const now = await rows<{ org_id: string; member_no: string }>(
      sql`select org_id, member_no from memberships where id in (${members[0]!.membershipId}, ${members[1]!.membershipId})`,
    );
    expect(now.map((m) => m.org_id)).toEqual([ids.xjk, ids.xjk]);
    expect(now.map((m) => m.member_no).sort()).toEqual(members.map((m) => m.memberNo).sort());
    const history = await rows<{ kind: string }>(sql`select kind from membership_events where membership_id = ${members[0]!.membershipId} order by kind`);
    expect(history.map((h) => h.kind)).toEqual(['transfer_in', 'transfer_out']);
    const [app] = await rows<{ org_id: string; status: string }>(sql`select org_id, status from applications where id = ${json(submitted).id}`);
    expect(app).toEqual({ org_id: ids.xjk, status: 'pending' });
    expect(json(await send(adminX, 'POST', `/admin/orgs/${closing.id}/close`, {})).error.code).toBe('orgs.closed');
    // Nobody is invited to, or applies to, a closed union.
    const invite = await send(adminX, 'POST', '/admin/staff', { phone: '13700000402', orgId: closing.id, role: 'scanner' });
    expect(json(invite).error.code).toBe('orgs.closed');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/orgs?limit=100' })).json().items.map((o: { id: string }) => o.id)).not.toContain(closing.id);
    const [audit] = await rows<{ detail: Record<string, unknown> }>(sql`select detail from audit_log where target_id = ${closing.id} and action = 'org.close'`);
    expect(audit!.detail).toEqual({ moveTo: ids.xjk, membersMoved: 2, applicationsMoved: 1 });
  });

  it('refuses to close a union with open unions below it', async () => {
    const parent = json(await create(adminX, 'xjk', 'xjkparent'));
    await create(adminX, parent.id, 'xjkkid');
    expect(json(await send(adminX, 'POST', `/admin/orgs/${parent.id}/close`, {})).error.code).toBe('orgs.has_children');
  });

  it('imports a tree from CSV: a dry run reports every bad row without writing, then all rows in one go, parents first', async () => {
    const importCsv = (csv: string, dryRun?: boolean) => send(adminX, 'POST', '/admin/orgs/import', { csv, ...(dryRun ? { dryRun } : {}) });
    const bad = [
      '代码,上级代码,名称,类型,区划代码,地址',
      'impa,xjk,新街口A楼宇联合会,楼宇联合会,110102,西城区A大厦',
      'impb,impa,新街口B企业工会,企业,110102,',
      'impc,nowhere,C工会,企业,110102,',
      'impb,xjk,重复的B,企业,110102,',
      'impd,impe,D工会,企业,110102,',
      'impe,impd,E工会,企业,110102,',
      'impf,xjk,F工会,火星,1101,',
      'impg,blz,G工会,企业,110105,',
    ].join('\n');
    const report = json(await importCsv(bad, true));
    expect(report).toMatchObject({ total: 8, created: 0, dryRun: true });
    expect(report.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`)).toEqual([
      '4:parent',
      '5:code',
      '6:parent',
      '7:parent',
      '8:kind',
      '8:region',
      '9:parent',
    ]);
    // Not a dry run either: with a bad row nothing is written.
    expect(json(await importCsv(bad)).created).toBe(0);
    expect(await rows(sql`select id from orgs where code like 'imp%'`)).toEqual([]);

    const good = ['code,parent,name,kind,region', 'impb,impa,新街口B企业工会,enterprise,110102', 'impa,xjk,新街口A楼宇联合会,park,110102'].join('\n');
    expect(json(await importCsv(good))).toEqual({ total: 2, created: 2, dryRun: false, readAs: 'utf-8', errors: [] });
    const made = await rows<{ code: string; path: string }>(sql`select code, path from orgs where code like 'imp%' order by code`);
    expect(made).toEqual([
      { code: 'impa', path: 'bj.xc.xjk.impa' },
      { code: 'impb', path: 'bj.xc.xjk.impa.impb' },
    ]);
    expect(json(await importCsv('not,a\n"broken')).error.code).toBe('orgs.import_unreadable');
  });

  it('keeps the tree at most 12 levels deep: an import reports each row past it, a create or a move there is refused in words', async () => {
    const importCsv = (csv: string, dryRun?: boolean) => send(adminX, 'POST', '/admin/orgs/import', { csv, ...(dryRun ? { dryRun } : {}) });
    // A chain of 12 below 新街口 (level 3): levels 4 to 15.
    const chain = (n: number) => [
      'code,parent,name,kind,region',
      ...Array.from({ length: n }, (_, i) => `deep${i},${i ? `deep${i - 1}` : 'xjk'},第${i}层工会,enterprise,110102`),
    ];
    const report = json(await importCsv(chain(12).join('\n'), true));
    expect(report.errors).toEqual(
      [13, 14, 15].map((level) => ({ row: level - 2, column: 'parent', message: `层级太深：这一行是第${level}级，工会最多分12级` })),
    );
    expect(json(await importCsv(chain(12).join('\n'))).created).toBe(0);
    expect(await rows(sql`select id from orgs where code like 'deep%'`)).toEqual([]);
    // A chain as long as a file may be is checked without running out of stack or memory.
    const long = json(await importCsv(chain(20_000).join('\n'), true));
    expect(long.errors.length).toBe(20_000 - 9);

    // Levels 4 to 12 are fine; nothing goes below level 12, by create or by move.
    expect(json(await importCsv(chain(9).join('\n'))).created).toBe(9);
    const tooDeep = await create(adminX, await idOf('deep8'), 'deep9');
    expect(tooDeep.statusCode).toBe(400);
    expect(json(tooDeep).error).toMatchObject({ code: 'orgs.too_deep', field: 'parentId', message: '工会最多分12级，放到这里会超出，请选更上一级的工会' });
    const pair = json(await create(adminX, 'xjk', 'deeppair'));
    await create(adminX, pair.id, 'deeppairkid');
    expect(json(await send(adminX, 'POST', `/admin/orgs/${pair.id}/move`, { parentId: await idOf('deep7') })).error.code).toBe('orgs.too_deep');
    expect(json(await send(adminX, 'POST', `/admin/orgs/${pair.id}/move`, { parentId: await idOf('deep6') }))).toMatchObject({
      path: 'bj.xc.xjk.deep0.deep1.deep2.deep3.deep4.deep5.deep6.deeppair',
    });
  }, 60_000);

  it('imports an Excel file: bad rows by their sheet row and column, numbers typed as numbers read as the digits', async () => {
    const upload = (bytes: Buffer, dryRun?: boolean) =>
      send(adminX, 'POST', '/admin/orgs/import', { file: bytes.toString('base64'), fileName: '新街口.xlsx', ...(dryRun ? { dryRun } : {}) });
    const sheet = [
      ['代码', '上级代码', '名称', '类型', '区划代码', '地址', '办公电话', '办公时间'],
      ['xlsa', 'xjk', '新街口Excel楼宇联合会', '楼宇/园区联合会', 110102, '西城区A大厦', '010-66001234', '1-5 09:00-17:30'],
      ['xlsb', 'xlsa', '新街口Excel企业工会', '企业', 110102, null, null, null],
      ['xlsc', 'nowhere', 'C工会', '企业', 110102, null, null, '周一到周五'],
      [null, null, null, null, null, null, null, null],
      ['XLS D', 'xjk', 'D', '火星', 1101, null, null, null],
    ];
    const report = json(await upload(await writeExcelFile(sheet).toBuffer(), true));
    expect(report).toMatchObject({ total: 4, created: 0, dryRun: true, readAs: 'xlsx' });
    // Row numbers are the sheet's: the empty row 5 is skipped but still counted.
    expect(report.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`)).toEqual([
      '4:hours',
      '4:parent',
      '6:code',
      '6:kind',
      '6:region',
      '6:name',
    ]);
    expect(report.errors[0].message).toBe('办公时间格式应为 1-5 09:00-17:30');
    expect(await rows(sql`select id from orgs where code like 'xls%'`)).toEqual([]);

    const done = json(await upload(await writeExcelFile(sheet.slice(0, 3)).toBuffer()));
    expect(done).toEqual({ total: 2, created: 2, dryRun: false, readAs: 'xlsx', errors: [] });
    expect(await rows(sql`select code, path, region_code, contact_phone, office_hours from orgs where code like 'xls%' order by code`)).toEqual([
      { code: 'xlsa', path: 'bj.xc.xjk.xlsa', region_code: '110102', contact_phone: '010-66001234', office_hours: '1-5 09:00-17:30' },
      { code: 'xlsb', path: 'bj.xc.xjk.xlsa.xlsb', region_code: '110102', contact_phone: null, office_hours: null },
    ]);
    const [audit] = await rows<{ detail: Record<string, unknown> }>(
      sql`select detail from audit_log where action = 'org.import' order by created_at desc limit 1`,
    );
    expect(audit!.detail).toMatchObject({ created: 2, readAs: 'xlsx', fileName: '新街口.xlsx' });

    // Not a spreadsheet after all (a zip's first bytes, then rubbish), and not base64 at all.
    const broken = await upload(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('rubbish'.repeat(20))]), true);
    expect({ status: broken.statusCode, code: json(broken).error.code }).toEqual({ status: 400, code: 'orgs.import_unreadable' });
    const notBase64 = await send(adminX, 'POST', '/admin/orgs/import', { file: '%%%', dryRun: true });
    expect(notBase64.statusCode).toBe(400);
    const both = await send(adminX, 'POST', '/admin/orgs/import', { file: 'YQ==', csv: 'a', dryRun: true });
    expect(json(both).error.message).toBe('请上传一个 .xlsx 或 CSV 文件');
  });

  it('reads a CSV saved by Excel on a Chinese Windows (GBK) as GBK, and UTF-8 with or without a BOM as UTF-8', async () => {
    const csv = [
      '代码,上级代码,名称,类型,区划代码',
      'gbka,xjk,新街口德胜园区工会联合会,楼宇联合会,110102',
      'gbkb,gbka,德胜科技园快递企业工会,企业,110102',
    ].join('\r\n');
    const upload = (bytes: Buffer, dryRun = true) => send(adminX, 'POST', '/admin/orgs/import', { file: bytes.toString('base64'), dryRun });
    expect(json(await upload(Buffer.from(csv, 'utf8')))).toMatchObject({ total: 2, readAs: 'utf-8', errors: [] });
    expect(json(await upload(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')])))).toMatchObject({ readAs: 'utf-8', errors: [] });
    const gbk = iconv.encode(csv, 'gbk');
    expect(gbk.equals(Buffer.from(csv, 'utf8'))).toBe(false);
    expect(json(await upload(gbk, false))).toMatchObject({ total: 2, created: 2, readAs: 'gbk', errors: [] });
    expect(await rows(sql`select name from orgs where code like 'gbk%' order by code`)).toEqual([
      { name: '新街口德胜园区工会联合会' },
      { name: '德胜科技园快递企业工会' },
    ]);
  });

  it('gives a template to fill in (.xlsx with a help sheet) that imports as it is', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/admin/orgs/import/template', headers: adminX });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toContain('.xlsx');
    const sheets = await readExcelFile(res.rawPayload);
    expect(sheets.map((s) => s.sheet)).toEqual(['工会组织', '填写说明']);
    expect(sheets[0]!.data[0]).toEqual(['代码', '上级代码', '名称', '类型', '区划代码', '地址', '办公电话', '办公时间']);
    // Its example hangs from the admin's own union, so the template as downloaded passes a dry run.
    expect(sheets[0]!.data[1]![1]).toBe('xjk');
    const check = json(await send(adminX, 'POST', '/admin/orgs/import', { file: res.rawPayload.toString('base64'), dryRun: true }));
    expect(check).toMatchObject({ total: 2, readAs: 'xlsx', errors: [] });
    // A scanner (13800000005; the reviewer signs in in the last test, and a second SMS within the minute is refused).
    const scanner = (await login(t.app, '13800000005')).auth;
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/orgs/import/template', headers: scanner })).statusCode).toBe(403);
  });

  it('imports a city-sized Excel file of 20,000 unions in one go', async () => {
    const sheet: (string | number)[][] = [['代码', '上级代码', '名称', '类型', '区划代码', '地址', '办公电话', '办公时间']];
    for (let d = 0; d < 20; d++) {
      sheet.push([`xbulkd${d}`, 'xjk', `Excel街道${d}`, '街道', 110102, `西城区第${d}街`, '010-66001234', '1-5 09:00-17:30']);
      for (let e = 0; e < 999; e++) sheet.push([`xbulk${d}e${e}`, `xbulkd${d}`, `Excel企业${d}-${e}`, '企业', 110102, `西城区第${d}街${e}号`, '', '']);
    }
    const bytes = await writeExcelFile(sheet).toBuffer();
    const started = Date.now();
    const dry = json(await send(operator, 'POST', '/admin/orgs/import', { file: bytes.toString('base64'), dryRun: true }));
    const dryMs = Date.now() - started;
    expect(dry).toMatchObject({ total: 20_000, created: 0, errors: [] });
    const res = await send(operator, 'POST', '/admin/orgs/import', { file: bytes.toString('base64') });
    console.log(`org import (.xlsx, ${Math.round(bytes.length / 1024)} KB): 20,000 rows, dry run ${dryMs} ms, import ${Date.now() - started - dryMs} ms`);
    expect(json(res)).toMatchObject({ total: 20_000, created: 20_000, readAs: 'xlsx', errors: [] });
    const [n] = await rows<{ n: number }>(sql`select count(*)::int as n from orgs where path like 'bj.xc.xjk.xbulkd%'`);
    expect(n!.n).toBe(20_000);
  }, 180_000);

  it('imports a city-sized file of 20,000 unions in one go', async () => {
    const lines = ['code,parent,name,kind,region'];
    for (let d = 0; d < 20; d++) {
      lines.push(`bulkd${d},xjk,批量街道${d},street,110102`);
      for (let e = 0; e < 999; e++) lines.push(`bulk${d}e${e},bulkd${d},批量企业${d}-${e},enterprise,110102`);
    }
    const started = Date.now();
    const res = await send(operator, 'POST', '/admin/orgs/import', { csv: lines.join('\n') });
    console.log(`org import: 20,000 rows in ${Date.now() - started} ms`);
    expect(json(res)).toMatchObject({ total: 20_000, created: 20_000, errors: [] });
    const [n] = await rows<{ n: number }>(sql`select count(*)::int as n from orgs where path like 'bj.xc.xjk.bulkd%'`);
    expect(n!.n).toBe(20_000);
  }, 120_000);

  it('shows staff of one union nothing of another’s tree', async () => {
    const theirs = await tree(adminY);
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.filter((o) => !o.path.startsWith('bj.cy.blz'))).toEqual([]);
    const reviewer = (await login(t.app, '13800000003')).auth;
    expect((await send(reviewer, 'GET', '/admin/orgs')).statusCode).toBe(403);
  });
});
