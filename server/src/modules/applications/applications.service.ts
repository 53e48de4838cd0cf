import type { FastifyBaseLogger } from 'fastify';
import {
  ageOn,
  checkIdNumber,
  maskIdNumber,
  maskPhone,
  orgContact,
  type Application,
  type RoutePreviewQuery,
  type RoutePreviewResponse,
  type StaffApplication,
  type StaffRole,
} from '@union/shared';
import type { RealNameProvider } from '../../adapters/realname/realname.adapter';
import type { Database } from '../../db/client';
import type { FieldCrypto } from '../../lib/crypto';
import { AppError, isUniqueViolation, pgConstraint } from '../../lib/errors';
import { covers, type StaffScope } from '../../lib/scope';
import { inServiceTz } from '../../lib/dates';
import type { AccessService } from '../access';
import type { recordAudit } from '../audit';
import type { EventsService } from '../events';
import type { OrgRow, requireJoinable, resolveJoinable } from '../orgs';
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
}

/** A change the live stream tells subscribers about (published when the transaction commits). */
export interface ApplicationChange {
  type: 'application';
  applicationId: string;
  status: ApplicationRow['status'];
  accountId: string;
  /** Union paths the change is visible under (old and new union on a reassignment). */
  orgPaths: string[];
}

/**
 * What this module needs of the members module, which builds on applications and so cannot be
 * imported from here: admission inside the deciding transaction, and facts for views.
 */
export interface MembersPort {
  admit(
    tx: Database,
    input: {
      admission: {
        applicationId: string;
        personIdHash: string;
        accountId: string;
        name: string;
        gender: ApplicationRow['gender'];
        idEnc: string;
        phoneEnc: string;
        employer: string;
        category: ApplicationRow['category'];
      };
      orgId: string;
      actorAccountId: string | null;
      at: Date;
    },
  ): Promise<{ memberNo: string }>;
  currentMembershipOfPerson(db: Database, personIdHash: string): Promise<{ orgId: string; orgName: string } | undefined>;
  membershipFacts(
    db: Database,
    applicationIds: string[],
    personIdHashes: string[],
  ): Promise<{ memberNoByApplication: Map<string, string>; currentByPerson: Map<string, { orgId: string; orgName: string }> }>;
}

/**
 * The narrow port to the notifications outbox: the decision and its notice commit together.
 * Declared here so that applications do not depend on the notifications module.
 */
export interface DecisionNotices {
  enqueue(
    tx: Database,
    n: { accountId: string; kind: 'application_approved' | 'application_rejected'; data: Record<string, string>; dedupeKey: string },
  ): Promise<void>;
}

export interface ApplicationsServiceDeps {
  db: Database;
  crypto: FieldCrypto;
  realName: RealNameProvider;
  log: FastifyBaseLogger;
  now?: () => Date;
  findAccount: (db: Database, id: string) => Promise<{ phoneEnc: string | null; phoneHash: string | null } | undefined>;
  events: Pick<EventsService, 'byCode'>;
  orgs: { resolveJoinable: typeof resolveJoinable; requireJoinable: typeof requireJoinable };
  members: MembersPort;
  access: Pick<AccessService, 'scopeFor'>;
  audit: { record: typeof recordAudit };
  bus: { publish(db: Database, event: ApplicationChange): Promise<void> };
  notices?: DecisionNotices;
}

export const REVIEW_ROLES: readonly StaffRole[] = ['reviewer', 'admin', 'operator'];

interface View extends repo.BaseView {
  memberNo: string | null;
  current: { orgId: string; orgName: string } | null;
}

// eslint-disable-next-line max-lines-per-function -- a service factory: its methods share the module's deps, caches and writer in one closure, and each method is short
export function createApplicationsService(deps: ApplicationsServiceDeps) {
  const { db, crypto, members } = deps;
  const now = deps.now ?? (() => new Date());
  const idHashOf = (idNumber: string) => crypto.blindIndex('id', idNumber);

  /** Adds the member numbers and current memberships that views show, in two queries for a whole page. */
  async function enrich(rows: repo.BaseView[]): Promise<View[]> {
    const facts = await members.membershipFacts(
      db,
      rows.filter((r) => r.app.status === 'approved').map((r) => r.app.id),
      rows.filter((r) => r.app.status === 'pending').map((r) => r.app.idHash),
    );
    return rows.map((r) => ({
      ...r,
      memberNo: facts.memberNoByApplication.get(r.app.id) ?? null,
      current: r.app.status === 'pending' ? (facts.currentByPerson.get(r.app.idHash) ?? null) : null,
    }));
  }

  function toDto(v: View): Application {
    const a = v.app;
    return {
      id: a.id,
      kind: a.kind,
      status: a.status,
      orgId: a.orgId,
      orgName: v.orgName,
      orgContact: orgContact(v.orgContactPhone, v.orgOfficeHours),
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

  /** A reviewer's view: the age and never the birth date (see staffApplicationSchema). */
  function toStaffDto(v: View): StaffApplication {
    const a = v.app;
    const warnings: StaffApplication['warnings'] = [];
    if (a.status === 'pending' && v.current && v.current.orgId !== a.orgId) {
      warnings.push(
        a.kind === 'transfer'
          ? { code: 'transfer_request', message: `已是${v.current.orgName}会员，申请转入本工会` }
          : { code: 'already_member', message: `已是${v.current.orgName}会员，应办理转会` },
      );
    }
    if (a.realName === 'unavailable') warnings.push({ code: 'realname_unverified', message: '实名核验未完成，请现场核对身份证' });
    if (a.resubmitCount > 0) warnings.push({ code: 'resubmitted', message: `驳回后第${a.resubmitCount}次重新提交` });
    const { birthDate: _birthDate, ...rest } = toDto(v);
    return {
      ...rest,
      age: ageOn(a.birthDate, now()),
      phone: maskPhone(crypto.decrypt(a.phoneEnc)),
      warnings,
      realName: a.realName,
      decidedBy: a.decidedBy,
    };
  }

  /** Checks and routing shared by a first submission and a resubmission; nothing is written. */
  async function prepare(accountId: string, form: ApplicationForm) {
    const account = await deps.findAccount(db, accountId);
    if (!account?.phoneEnc || !account.phoneHash) throw applicationErrors.phoneRequired();
    const phone = crypto.decrypt(account.phoneEnc);
    const event = form.eventCode ? await deps.events.byCode(form.eventCode) : undefined;
    const org = await deps.orgs.resolveJoinable(db, event?.orgId ?? form.orgId, form.workDistrict, form.category);
    if (!org) throw applicationErrors.noUnion();
    const id = checkIdNumber(form.idNumber);
    if (!id.ok) throw applicationErrors.realNameFailed();

    // The real-name check comes first: only the person the ID belongs to may learn where they are a member.
    const check = await deps.realName.verify({ name: form.name, idNumber: id.idNumber, phone });
    if (check.outcome === 'failed') {
      deps.log.info({ provider: deps.realName.name, reason: check.reason }, 'real-name check failed');
      throw applicationErrors.realNameFailed();
    }
    const idHash = idHashOf(id.idNumber);
    // A member moves by a transfer of the membership (我的 → 会籍 → 转会), never by a second application.
    const current = await members.currentMembershipOfPerson(db, idHash);
    if (current) throw applicationErrors.alreadyMember(check.outcome === 'passed' ? current.orgName : null, current.orgId !== org.id);
    return {
      org,
      event,
      verified: check.outcome === 'passed',
      values: {
        accountId,
        kind: 'join' as const,
        orgId: org.id,
        eventId: event?.id ?? null,
        name: form.name,
        idEnc: crypto.encrypt(id.idNumber),
        idHash,
        phoneEnc: account.phoneEnc,
        phoneHash: account.phoneHash,
        phoneLast4: phone.slice(-4),
        gender: id.gender,
        birthDate: id.birthDate,
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

  const admissionOf = (app: ApplicationRow) => ({
    applicationId: app.id,
    personIdHash: app.idHash,
    accountId: app.accountId,
    name: app.name,
    gender: app.gender,
    idEnc: app.idEnc,
    phoneEnc: app.phoneEnc,
    employer: app.employer,
    category: app.category,
  });

  /**
   * Turns the database's invariants into answers a person understands. Runs after the
   * transaction has rolled back (a PGlite transaction holds the only connection).
   */
  async function translateConstraint(error: unknown, idHash: string, verified: boolean): Promise<never> {
    if (isUniqueViolation(error)) {
      const constraint = pgConstraint(error);
      if (constraint === 'applications_one_pending_per_person' || constraint === 'applications_one_pending_per_account') throw applicationErrors.duplicate();
      if (constraint === 'memberships_one_current_per_person') {
        const current = await members.currentMembershipOfPerson(db, idHash);
        throw applicationErrors.alreadyMember(verified ? (current?.orgName ?? '其他工会') : null, true);
      }
    }
    throw error;
  }

  const publish = (tx: Database, app: ApplicationRow, orgPaths: string[]) =>
    deps.bus.publish(tx, { type: 'application', applicationId: app.id, status: app.status, accountId: app.accountId, orgPaths });

  /** Tells the applicant about a decision, in the deciding transaction (one notice per decision). */
  const notice = (tx: Database, app: ApplicationRow, orgName: string, at: Date) =>
    deps.notices?.enqueue(tx, {
      accountId: app.accountId,
      kind: app.status === 'approved' ? 'application_approved' : 'application_rejected',
      data: {
        title: `入会申请${app.status === 'approved' ? '已通过' : '未通过'}`,
        time: inServiceTz(at).format('YYYY-MM-DD HH:mm'),
        place: orgName,
        note: app.status === 'approved' ? '已通过' : '未通过',
        ...(app.rejectReason ? { reason: app.rejectReason } : {}),
      },
      dedupeKey: `application_${app.status}:${app.id}:${at.getTime()}`,
    });

  async function staffView(accountId: string, id: string): Promise<{ scope: StaffScope; view: View }> {
    const scope = await deps.access.scopeFor(accountId, REVIEW_ROLES);
    const view = await repo.findView(db, id);
    // Another union's application is indistinguishable from a missing one.
    if (!view || !covers(scope, view.orgPath)) throw applicationErrors.notFound();
    return { scope, view: (await enrich([view]))[0]! };
  }

  async function viewOrThrow(id: string): Promise<View> {
    const view = await repo.findView(db, id);
    if (!view) throw applicationErrors.notFound();
    return (await enrich([view]))[0]!;
  }

  /** Why a guarded decision changed nothing, read after the fact. */
  async function whyNotDecided(accountId: string, id: string, scope: StaffScope): Promise<never> {
    const now = await repo.findView(db, id);
    if (!now || !covers(scope, now.orgPath)) throw applicationErrors.notFound();
    if (now.app.status !== 'pending') throw applicationErrors.alreadyDecided(now.app.status);
    if (now.app.accountId === accountId) throw applicationErrors.ownApplication();
    throw applicationErrors.alreadyDecided(now.app.status);
  }

  return {
    async submit(accountId: string, form: ApplicationForm): Promise<Application> {
      const { org, event, values, verified } = await prepare(accountId, form);
      const at = now();
      const auto = org.autoApprove && values.realName === 'passed';
      const { app, memberNo } = await db
        .transaction(async (tx) => {
          const app = await repo.insertApplication(tx, { ...values, status: auto ? 'approved' : 'pending', decidedAt: auto ? at : null, submittedAt: at });
          await deps.audit.record(tx, {
            actorAccountId: accountId,
            action: 'application.submit',
            targetType: 'application',
            targetId: app.id,
            orgId: org.id,
            detail: { consentVersion: app.consentVersion, kind: app.kind },
          });
          await publish(tx, app, [org.path]);
          if (!auto) return { app, memberNo: null };
          await deps.audit.record(tx, { actorAccountId: null, action: 'application.auto_approve', targetType: 'application', targetId: app.id, orgId: org.id });
          await notice(tx, app, org.name, at);
          return { app, memberNo: (await members.admit(tx, { admission: admissionOf(app), orgId: org.id, actorAccountId: null, at })).memberNo };
        })
        .catch((error: unknown) => translateConstraint(error, values.idHash, verified));
      // Built from what the transaction wrote rather than read back: one round trip fewer on the hot path.
      return toDto({
        app,
        orgName: org.name,
        orgPath: org.path,
        orgContactPhone: org.contactPhone,
        orgOfficeHours: org.officeHours,
        eventTitle: event?.title ?? null,
        memberNo,
        current: null,
      });
    },

    /**
     * The union an application with these answers would go to, by the same routing a submission
     * uses; null when none takes the worker in (or the event or union named is not usable).
     */
    async routePreview(q: RoutePreviewQuery): Promise<RoutePreviewResponse> {
      // Not found or not joinable: no union to name. Anything else (the database) is a real failure.
      const none = (error: unknown) => {
        if (error instanceof AppError) return undefined;
        throw error;
      };
      const event = q.eventCode ? await deps.events.byCode(q.eventCode).catch(none) : undefined;
      // A submission with a stall code that does not exist is refused; so nothing is named for it.
      if (q.eventCode && !event) return { org: null };
      const org = await deps.orgs.resolveJoinable(db, event?.orgId ?? q.orgId, q.district, q.category).catch(none);
      return { org: org ? { id: org.id, name: org.name, contact: orgContact(org.contactPhone, org.officeHours) } : null };
    },

    async mine(accountId: string): Promise<Application[]> {
      return (await enrich(await repo.listViewsByAccount(db, accountId))).map(toDto);
    },

    /** Correct a rejected application and send it again. */
    async resubmit(accountId: string, id: string, form: ApplicationForm): Promise<Application> {
      const existing = await repo.findView(db, id);
      if (!existing || existing.app.accountId !== accountId) throw applicationErrors.notFound();
      if (existing.app.status !== 'rejected') throw applicationErrors.notEditable();
      const { org, values, verified } = await prepare(accountId, form);
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
          await deps.audit.record(tx, { actorAccountId: accountId, action: 'application.resubmit', targetType: 'application', targetId: id, orgId: org.id });
          await publish(tx, app, [org.path, existing.orgPath]);
        })
        .catch((error: unknown) => translateConstraint(error, values.idHash, verified));
      return toDto(await viewOrThrow(id));
    },

    async withdraw(accountId: string, id: string): Promise<Application> {
      const existing = await repo.findView(db, id);
      if (!existing || existing.app.accountId !== accountId) throw applicationErrors.notFound();
      await db.transaction(async (tx) => {
        const app = await repo.updateApplication(tx, id, 'pending', { status: 'withdrawn', decidedAt: now() });
        if (!app) throw applicationErrors.notEditable();
        await deps.audit.record(tx, { actorAccountId: accountId, action: 'application.withdraw', targetType: 'application', targetId: id, orgId: app.orgId });
        await publish(tx, app, [existing.orgPath]);
      });
      return toDto(await viewOrThrow(id));
    },

    async queue(accountId: string, params: repo.QueueParams) {
      const scope = await deps.access.scopeFor(accountId, REVIEW_ROLES);
      const { items, total } = await repo.listQueue(db, scope, params);
      return { items: (await enrich(items)).map(toStaffDto), total };
    },

    async staffGet(accountId: string, id: string): Promise<StaffApplication> {
      return toStaffDto((await staffView(accountId, id)).view);
    },

    /**
     * One tap: the decision, the member number (for the region of the union that decides, read in
     * the same transaction) and the membership commit together; a racing second decision changes nothing.
     */
    async approve(accountId: string, id: string): Promise<StaffApplication> {
      const { scope, view } = await staffView(accountId, id);
      const at = now();
      const approved = await db
        .transaction(async (tx) => {
          const app = await repo.decide(tx, id, scope, { status: 'approved', decidedBy: accountId, decidedAt: at });
          if (!app) return undefined;
          await deps.audit.record(tx, {
            actorAccountId: accountId,
            action: 'application.approve',
            targetType: 'application',
            targetId: app.id,
            orgId: app.orgId,
          });
          await publish(tx, app, [view.orgPath]);
          await notice(tx, app, view.orgName, at);
          // Last before commit: the region's number counter stays locked for as short a time as possible.
          const { memberNo } = await members.admit(tx, { admission: admissionOf(app), orgId: app.orgId, actorAccountId: accountId, at });
          return { app, memberNo };
        })
        .catch((error: unknown) => translateConstraint(error, view.app.idHash, true));
      if (!approved) return whyNotDecided(accountId, id, scope);
      if (approved.app.orgId !== view.app.orgId) return toStaffDto(await viewOrThrow(id));
      return toStaffDto({ ...view, app: approved.app, memberNo: approved.memberNo, current: null });
    },

    async reject(accountId: string, id: string, reason: string): Promise<StaffApplication> {
      const { scope, view } = await staffView(accountId, id);
      const rejected = await db.transaction(async (tx) => {
        const decidedAt = now();
        const app = await repo.decide(tx, id, scope, { status: 'rejected', decidedBy: accountId, decidedAt, rejectReason: reason });
        if (!app) return undefined;
        await notice(tx, app, view.orgName, decidedAt);
        await deps.audit.record(tx, {
          actorAccountId: accountId,
          action: 'application.reject',
          targetType: 'application',
          targetId: id,
          orgId: app.orgId,
          detail: { reason },
        });
        await publish(tx, app, [view.orgPath]);
        return app;
      });
      if (!rejected) return whyNotDecided(accountId, id, scope);
      return toStaffDto(rejected.orgId === view.app.orgId ? { ...view, app: rejected, current: null } : await viewOrThrow(id));
    },

    /** Hands a pending application to another union (wrong district, belongs to an industry union…). */
    async reassign(accountId: string, id: string, targetOrgId: string, reason: string): Promise<StaffApplication> {
      const { scope, view } = await staffView(accountId, id);
      const target: OrgRow = await deps.orgs.requireJoinable(db, targetOrgId);
      const moved = await db.transaction(async (tx) => {
        const app = await repo.reassign(tx, id, scope, target.id);
        if (!app) return undefined;
        await deps.audit.record(tx, {
          actorAccountId: accountId,
          action: 'application.reassign',
          targetType: 'application',
          targetId: id,
          orgId: view.app.orgId,
          detail: { from: view.app.orgId, to: target.id, reason },
        });
        await publish(tx, app, [view.orgPath, target.path]);
        return app;
      });
      if (!moved) return whyNotDecided(accountId, id, scope);
      return toStaffDto(await viewOrThrow(id));
    },

    /** Shows a staffer the full ID or phone number, with the reason recorded. */
    async reveal(accountId: string, id: string, field: 'idNumber' | 'phone', reason: string) {
      const { view } = await staffView(accountId, id);
      await deps.audit.record(db, {
        actorAccountId: accountId,
        action: 'application.reveal',
        targetType: 'application',
        targetId: id,
        orgId: view.app.orgId,
        detail: { field, reason },
      });
      return { field, value: crypto.decrypt(field === 'idNumber' ? view.app.idEnc : view.app.phoneEnc) };
    },

    /** How many applications came in through each stall event. */
    countByEvent: (eventIds: string[]) => repo.countByEvent(db, eventIds),
  };
}

export type ApplicationsService = ReturnType<typeof createApplicationsService>;
