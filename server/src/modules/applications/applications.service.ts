import type { FastifyBaseLogger } from 'fastify';
import { ageOn, maskIdNumber, maskPhone, type Application, type StaffApplication } from '@union/shared';
import type { RealNameProvider } from '../../adapters/realname/realname.adapter';
import type { Database } from '../../db/client';
import type { FieldCrypto } from '../../lib/crypto';
import { isAppError, isUniqueViolation, pgConstraint } from '../../lib/errors';
import { recordAudit } from '../audit/audit.repository';
import { findAccount } from '../auth/auth.repository';
import type { EventsService } from '../events/events.service';
import { publishLive } from '../live/live.hub';
import { memberErrors } from '../members/members.errors';
import { currentMembershipByPerson } from '../members/members.repository';
import type { MembersService } from '../members/members.service';
import { findFallbackUnion, findOrgById, isJoinable } from '../orgs/orgs.repository';
import { covers, loadScope, REVIEW_ROLES, type StaffScope } from '../orgs/orgs.scope';
import type { OrgRow } from '../orgs/orgs.table';
import { applicationErrors } from './applications.errors';
import * as repo from './applications.repository';
import type { ApplicationRow } from './applications.table';

/** The form after validation by the shared schema (normalised ID, name, text). */
export interface ApplicationForm {
  name: string;
  idNumber: string;
  employer: string;
  category: ApplicationRow['category'];
  workDistrict: string;
  orgId?: string;
  eventCode?: string;
  consentVersion: string;
  transfer?: boolean;
}

export interface ApplicationsServiceDeps {
  db: Database;
  crypto: FieldCrypto;
  realName: RealNameProvider;
  events: EventsService;
  members: MembersService;
  log: FastifyBaseLogger;
  now?: () => Date;
}

type View = NonNullable<Awaited<ReturnType<typeof repo.findView>>>;

export function createApplicationsService(deps: ApplicationsServiceDeps) {
  const { db, crypto, members } = deps;
  const now = deps.now ?? (() => new Date());
  const idHashOf = (idNumber: string) => crypto.blindIndex('id', idNumber);

  function toDto(v: View): Application {
    const a = v.app;
    return {
      id: a.id,
      kind: a.kind,
      status: a.status,
      orgId: a.orgId,
      orgName: v.orgName,
      eventId: a.eventId,
      eventTitle: v.eventTitle,
      name: a.name,
      idNumber: maskIdNumber(crypto.decrypt(a.idEnc)),
      gender: a.gender,
      birthDate: a.birthDate,
      employer: a.employer,
      category: a.category,
      workDistrict: a.workDistrict,
      rejectReason: a.rejectReason,
      memberNo: v.memberNo,
      submittedAt: a.submittedAt.toISOString(),
      decidedAt: a.decidedAt?.toISOString() ?? null,
    };
  }

  function toStaffDto(v: View): StaffApplication {
    const a = v.app;
    const warnings: StaffApplication['warnings'] = [];
    if (a.status === 'pending' && v.currentOrgName && v.currentOrgId !== a.orgId) {
      warnings.push(
        a.kind === 'transfer'
          ? { code: 'transfer_request', message: `已是${v.currentOrgName}会员，申请转入本工会` }
          : { code: 'already_member', message: `已是${v.currentOrgName}会员，应办理转会` },
      );
    }
    if (a.realName === 'unavailable') warnings.push({ code: 'realname_unverified', message: '实名核验未完成，请现场核对身份证' });
    if (a.resubmitCount > 0) warnings.push({ code: 'resubmitted', message: `驳回后第${a.resubmitCount}次重新提交` });
    return {
      ...toDto(v),
      age: ageOn(a.birthDate, now()),
      phone: maskPhone(crypto.decrypt(a.phoneEnc)),
      warnings,
      realName: a.realName,
      decidedBy: a.decidedBy,
    };
  }

  async function resolveOrg(form: ApplicationForm, eventOrgId: string | undefined): Promise<OrgRow> {
    const chosen = eventOrgId ?? form.orgId;
    if (chosen) {
      const org = await findOrgById(db, chosen);
      if (!org) throw applicationErrors.orgNotFound();
      if (!isJoinable(org)) throw applicationErrors.orgNotJoinable();
      return org;
    }
    const fallback = await findFallbackUnion(db, form.workDistrict, form.category);
    if (!fallback) throw applicationErrors.noUnion();
    return fallback;
  }

  /** Checks and routing shared by a first submission and a resubmission; nothing is written. */
  async function prepare(accountId: string, form: ApplicationForm) {
    const account = await findAccount(db, accountId);
    if (!account?.phoneEnc) throw applicationErrors.phoneRequired();
    const phone = crypto.decrypt(account.phoneEnc);
    const event = form.eventCode ? await deps.events.byCode(form.eventCode) : undefined;
    const org = await resolveOrg(form, event?.orgId);
    const idHash = idHashOf(form.idNumber);

    const current = await currentMembershipByPerson(db, idHash);
    let kind: ApplicationRow['kind'] = 'join';
    if (current) {
      if (!form.transfer || current.orgId === org.id) throw memberErrors.alreadyMember(current.orgName, current.orgId !== org.id);
      kind = 'transfer';
    }

    const check = await deps.realName.verify({ name: form.name, idNumber: form.idNumber, phone });
    if (check.outcome === 'failed') {
      deps.log.info({ provider: deps.realName.name, reason: check.reason }, 'real-name check failed');
      throw applicationErrors.realNameFailed();
    }
    const birth = form.idNumber.slice(6, 14);
    return {
      org,
      event,
      values: {
        accountId,
        kind,
        orgId: org.id,
        eventId: event?.id ?? null,
        name: form.name,
        idEnc: crypto.encrypt(form.idNumber),
        idHash,
        phoneEnc: account.phoneEnc,
        phoneHash: account.phoneHash!,
        gender: Number(form.idNumber[16]) % 2 === 1 ? ('male' as const) : ('female' as const),
        birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
        employer: form.employer,
        category: form.category,
        workDistrict: form.workDistrict,
        consentVersion: form.consentVersion,
        consentAt: now(),
        realName: check.outcome,
        realNameReason: check.outcome === 'unavailable' ? check.reason : null,
      },
    };
  }

  async function approveInTx(tx: Database, app: ApplicationRow, org: Pick<OrgRow, 'id' | 'regionCode'>, actorAccountId: string | null, at: Date, memberNo?: string) {
    await members.createFromApplication(tx, app, org, actorAccountId, at, memberNo ? { regionCode: org.regionCode, memberNo } : undefined);
    await recordAudit(tx, {
      actorAccountId,
      action: actorAccountId ? 'application.approve' : 'application.auto_approve',
      targetType: 'application',
      targetId: app.id,
      orgId: org.id,
    });
  }

  /**
   * Turns the database's invariants into answers a person understands. Runs after the
   * transaction has rolled back (a PGlite transaction holds the only connection).
   */
  async function translateConstraint(error: unknown, idHash: string): Promise<never> {
    if (isUniqueViolation(error)) {
      const constraint = pgConstraint(error);
      if (constraint === 'applications_one_pending_per_person') throw applicationErrors.duplicate();
      if (constraint === 'memberships_one_current_per_person') {
        const current = await currentMembershipByPerson(db, idHash);
        throw memberErrors.alreadyMember(current?.orgName ?? '其他工会', true);
      }
    }
    throw error;
  }

  const live = (tx: Database, app: ApplicationRow, orgPaths: string[]) =>
    publishLive(tx, { type: 'application', applicationId: app.id, status: app.status, accountId: app.accountId, orgPaths });

  async function staffView(accountId: string, id: string): Promise<{ scope: StaffScope; view: View }> {
    const scope = await loadScope(db, accountId, REVIEW_ROLES);
    const view = await repo.findView(db, id);
    // Another union's application is indistinguishable from a missing one.
    if (!view || !covers(scope, view.orgPath)) throw applicationErrors.notFound();
    return { scope, view };
  }

  async function viewOrThrow(id: string) {
    const view = await repo.findView(db, id);
    if (!view) throw applicationErrors.notFound();
    return view;
  }

  return {
    async submit(accountId: string, form: ApplicationForm): Promise<Application> {
      const { org, event, values } = await prepare(accountId, form);
      const at = now();
      const auto = org.autoApprove && values.realName === 'passed' && values.kind === 'join';
      const memberNo = auto ? await members.allocateMemberNo(org.regionCode, at) : undefined;
      const app = await db
        .transaction(async (tx) => {
          let app = await repo.insertApplication(tx, { ...values, submittedAt: at });
          if (auto) {
            app = (await repo.decide(tx, app.id, { status: 'approved', decidedAt: at }))!;
            await approveInTx(tx, app, org, null, at, memberNo);
          }
          await recordAudit(tx, { actorAccountId: accountId, action: 'application.submit', targetType: 'application', targetId: app.id, orgId: org.id, detail: { consentVersion: app.consentVersion, kind: app.kind } });
          await live(tx, app, [org.path]);
          return app;
        })
        .catch((error: unknown) => translateConstraint(error, values.idHash));
      // Built from what the transaction wrote rather than read back: one round trip fewer on the hot path.
      return toDto({
        app,
        orgName: org.name,
        orgPath: org.path,
        orgRegionCode: org.regionCode,
        eventTitle: event?.title ?? null,
        memberNo: memberNo ?? null,
        currentOrgId: null,
        currentOrgName: null,
      });
    },

    async mine(accountId: string): Promise<Application[]> {
      return (await repo.listViewsByAccount(db, accountId)).map(toDto);
    },

    /** Correct a rejected application and send it again. */
    async resubmit(accountId: string, id: string, form: ApplicationForm): Promise<Application> {
      const existing = await repo.findView(db, id);
      if (!existing || existing.app.accountId !== accountId) throw applicationErrors.notFound();
      if (existing.app.status !== 'rejected') throw applicationErrors.notEditable();
      const { org, values } = await prepare(accountId, form);
      const at = now();
      await db
        .transaction(async (tx) => {
          const app = await repo.updateApplication(tx, id, 'rejected', {
            ...values,
            status: 'pending',
            resubmitCount: existing.app.resubmitCount + 1,
            submittedAt: at,
            rejectReason: null,
            decidedAt: null,
            decidedBy: null,
          });
          if (!app) throw applicationErrors.notEditable();
          await recordAudit(tx, { actorAccountId: accountId, action: 'application.resubmit', targetType: 'application', targetId: id, orgId: org.id });
          await live(tx, app, [org.path, existing.orgPath]);
        })
        .catch((error: unknown) => translateConstraint(error, values.idHash));
      return toDto(await viewOrThrow(id));
    },

    async withdraw(accountId: string, id: string): Promise<Application> {
      const existing = await repo.findView(db, id);
      if (!existing || existing.app.accountId !== accountId) throw applicationErrors.notFound();
      await db.transaction(async (tx) => {
        const app = await repo.updateApplication(tx, id, 'pending', { status: 'withdrawn', decidedAt: now() });
        if (!app) throw applicationErrors.notEditable();
        await recordAudit(tx, { actorAccountId: accountId, action: 'application.withdraw', targetType: 'application', targetId: id, orgId: app.orgId });
        await live(tx, app, [existing.orgPath]);
      });
      return toDto(await viewOrThrow(id));
    },

    async queue(accountId: string, params: { status: ApplicationRow['status']; orgId?: string; limit: number }) {
      const scope = await loadScope(db, accountId, REVIEW_ROLES);
      const { items, total } = await repo.listQueue(db, scope, params);
      return { items: items.map(toStaffDto), total };
    },

    async staffGet(accountId: string, id: string): Promise<StaffApplication> {
      return toStaffDto((await staffView(accountId, id)).view);
    },

    async approve(accountId: string, id: string): Promise<StaffApplication> {
      const { view } = await staffView(accountId, id);
      if (view.app.status !== 'pending') throw applicationErrors.alreadyDecided(view.app.status);
      const at = now();
      const org = { id: view.app.orgId, regionCode: view.orgRegionCode };
      const memberNo = await members.allocateMemberNo(org.regionCode, at);
      const approved = await db
        .transaction(async (tx) => {
          const app = await repo.decide(tx, id, { status: 'approved', decidedBy: accountId, decidedAt: at });
          if (!app) throw applicationErrors.alreadyDecided(view.app.status);
          // Reassigned between our read and the decision: use the union it now belongs to.
          const decidedOrg = app.orgId === org.id ? org : (await findOrgById(tx, app.orgId))!;
          await approveInTx(tx, app, decidedOrg, accountId, at, memberNo);
          await live(tx, app, [view.orgPath]);
          return { app, moved: decidedOrg !== org };
        })
        .catch((error: unknown) => translateConstraint(error, view.app.idHash));
      if (approved.moved) return toStaffDto(await viewOrThrow(id));
      return toStaffDto({ ...view, app: approved.app, memberNo });
    },

    async reject(accountId: string, id: string, reason: string): Promise<StaffApplication> {
      const { view } = await staffView(accountId, id);
      const rejected = await db.transaction(async (tx) => {
        const app = await repo.decide(tx, id, { status: 'rejected', decidedBy: accountId, decidedAt: now(), rejectReason: reason });
        if (!app) throw applicationErrors.alreadyDecided(view.app.status);
        await recordAudit(tx, { actorAccountId: accountId, action: 'application.reject', targetType: 'application', targetId: id, orgId: app.orgId, detail: { reason } });
        await live(tx, app, [view.orgPath]);
        return app;
      });
      return toStaffDto(await (rejected.orgId === view.app.orgId ? { ...view, app: rejected } : viewOrThrow(id)));
    },

    /** Hands a pending application to another union (wrong district, belongs to an industry union…). */
    async reassign(accountId: string, id: string, targetOrgId: string, reason: string): Promise<StaffApplication> {
      const { view } = await staffView(accountId, id);
      const target = await findOrgById(db, targetOrgId);
      if (!target) throw applicationErrors.orgNotFound();
      if (!isJoinable(target)) throw applicationErrors.orgNotJoinable();
      await db.transaction(async (tx) => {
        const app = await repo.updateApplication(tx, id, 'pending', { orgId: target.id });
        if (!app) throw applicationErrors.alreadyDecided(view.app.status);
        await recordAudit(tx, { actorAccountId: accountId, action: 'application.reassign', targetType: 'application', targetId: id, orgId: view.app.orgId, detail: { from: view.app.orgId, to: target.id, reason } });
        await live(tx, app, [view.orgPath, target.path]);
      });
      const after = await viewOrThrow(id);
      return toStaffDto(after);
    },

    /** Shows a staffer the full ID or phone number, with the reason recorded. */
    async reveal(accountId: string, id: string, field: 'idNumber' | 'phone', reason: string) {
      const { view } = await staffView(accountId, id);
      await recordAudit(db, { actorAccountId: accountId, action: 'application.reveal', targetType: 'application', targetId: id, orgId: view.app.orgId, detail: { field, reason } });
      return { field, value: crypto.decrypt(field === 'idNumber' ? view.app.idEnc : view.app.phoneEnc) };
    },

    /** Which accounts' and unions' live events a subscriber may see. */
    async liveScope(accountId: string): Promise<StaffScope | null> {
      try {
        return await loadScope(db, accountId, REVIEW_ROLES);
      } catch (error) {
        // Not staff: only their own applications. A database failure must not pass for that.
        if (isAppError(error) && error.statusCode === 403) return null;
        throw error;
      }
    },
  };
}

export type ApplicationsService = ReturnType<typeof createApplicationsService>;
