import {
  STAFF_ADMIN_ROLES,
  TRANSFER_OBJECTION_DAYS,
  WORKER_CATEGORIES,
  maskName,
  maskPhone,
  type LeaveInput,
  type MembershipEvent,
  type MyMembership,
  type NotificationKind,
  type ProfileInput,
  type RetainInput,
  type SmsResponse,
  type StaffMember,
  type StaffMemberDetail,
  type StaffMemberQuery,
  type StaffRole,
  type StaffTransfer,
  type StaffTransferQuery,
  type Transfer,
  type WorkerCategory,
} from '@union/shared';
import type { Database } from '../../db/client';
import type { FieldCrypto } from '../../lib/crypto';
import { inServiceTz } from '../../lib/dates';
import { isUniqueViolation, pgConstraint } from '../../lib/errors';
import { covers, type ScopeFor, type StaffScope } from '../../lib/scope';
import type { AuditPort } from '../audit';
import { memberErrors } from './members.errors';
import * as repo from './members.lifecycle.repository';
import type { MembershipRow, TransferRow } from './members.table';

/** Staff who see their unions' members and decide transfers: the review roles. */
export const MEMBER_STAFF_ROLES: readonly StaffRole[] = ['reviewer', 'admin', 'operator'];

export interface MembershipLifecycleDeps {
  db: Database;
  crypto: FieldCrypto;
  scopeFor: ScopeFor;
  audit: AuditPort;
  now?: () => Date;
  /** The union a member asks to move to: open and taking members (orgs' requireJoinable). */
  requireJoinable: (db: Database, orgId: string) => Promise<{ id: string; name: string; path: string }>;
  /** The outbox, in the caller's transaction. */
  enqueue: (db: Database, n: { accountId: string; kind: NotificationKind; data: Record<string, string>; dedupeKey: string }) => Promise<void>;
  /** Who is told when a member of the union at `orgPath` asks to move away (its reviewers and admins, or the nearest above). */
  staffToTell: (db: Database, orgPath: string) => Promise<string[]>;
  /** Cancels the account's bookings ahead in the caller's transaction (a member leaving); how many. */
  cancelBookingsAhead: (db: Database, accountId: string, at: Date) => Promise<number>;
  /** The login code flow, for a new phone: send a code to it, then check and use it up. */
  sms: { send(phone: string, ip: string): Promise<SmsResponse>; verify(phone: string, code: string): Promise<void> };
  /** The account signing in with the phone now, and moving the account to a new phone (auth's repository). */
  accountByPhoneHash: (db: Database, phoneHash: string) => Promise<{ id: string } | undefined>;
  setAccountPhone: (db: Database, accountId: string, phoneHash: string, phoneEnc: string) => Promise<void>;
}

export interface TransferRequest {
  orgId: string;
  employer: string;
  category: WorkerCategory;
}

const day = (d: Date) => inServiceTz(d).format('YYYY-MM-DD');
const minute = (d: Date) => inServiceTz(d).format('YYYY-MM-DD HH:mm');
const categoryName = (c: WorkerCategory | null) => (c ? WORKER_CATEGORIES[c] : '未填写');

/**
 * A member's whole membership after joining (docs/capabilities/membership.md). Every change locks the membership row
 * first and then (for a transfer) the transfer row, in that order on every path, so two changes of one membership
 * queue instead of deadlocking; each is a guarded update, its history rows, its audit row and its notices in one
 * transaction.
 */
// eslint-disable-next-line max-lines-per-function -- a service factory: its methods share the module's deps in one closure, and each method is short
export function createMembershipLifecycle(deps: MembershipLifecycleDeps) {
  const { db, crypto } = deps;
  const now = deps.now ?? (() => new Date());
  /** Masked as every phone is; a row whose phone cannot be read (keys rotated away) says so rather than failing. */
  const maskedPhone = (enc: string) => {
    try {
      return maskPhone(crypto.decrypt(enc));
    } catch {
      return '未登记';
    }
  };

  function eventDto(e: Awaited<ReturnType<typeof repo.historyOf>>[number]): MembershipEvent {
    return {
      id: e.id,
      kind: e.kind,
      orgName: e.orgName,
      at: e.at.toISOString(),
      note: e.note,
      by: e.actorAccountId === null ? 'system' : e.actorAccountId === e.accountId ? 'member' : 'staff',
    };
  }

  function transferDto(v: repo.TransferView): Transfer {
    const t = v.transfer;
    return {
      id: t.id,
      status: t.status,
      fromOrgId: t.fromOrgId,
      fromOrgName: v.fromOrgName,
      toOrgId: t.toOrgId,
      toOrgName: v.toOrgName,
      employer: t.employer,
      category: t.category,
      requestedAt: t.requestedAt.toISOString(),
      objectionUntil: t.objectionUntil.toISOString(),
      releasedAt: t.releasedAt?.toISOString() ?? null,
      decidedAt: t.decidedAt?.toISOString() ?? null,
      reason: t.reason,
    };
  }

  /** Settled for the new union: the old union agreed, its window is over, or the decider covers the old union too. */
  const settled = (t: TransferRow, at: Date, coversOld: boolean) => coversOld || t.releasedAt !== null || t.objectionUntil < at;

  function staffTransferDto(v: repo.TransferView, scope: StaffScope, direction: 'in' | 'out', at: Date): StaffTransfer {
    const t = v.transfer;
    const pending = t.status === 'pending';
    const coversOld = covers(scope, v.fromOrgPath);
    const own = t.accountId === scope.accountId;
    return {
      ...transferDto(v),
      membershipId: t.membershipId,
      memberName: v.memberName,
      phone: maskedPhone(v.phoneEnc),
      memberNo: v.memberNo,
      direction,
      canApprove: pending && !own && covers(scope, v.toOrgPath) && settled(t, at, coversOld),
      canObject: pending && !own && coversOld && t.releasedAt === null && t.objectionUntil >= at,
    };
  }

  function staffMemberDto(m: repo.MembershipView): StaffMember {
    return {
      id: m.id,
      memberNo: m.memberNo,
      name: m.name,
      phone: maskedPhone(m.phoneEnc),
      orgId: m.orgId,
      orgName: m.orgName,
      status: m.status,
      joinedAt: m.joinedAt.toISOString(),
      endedAt: m.endedAt?.toISOString() ?? null,
      employer: m.employer,
      category: m.category,
      retainedUntil: m.retainedUntil?.toISOString() ?? null,
    };
  }

  async function myMembership(accountId: string): Promise<MyMembership> {
    const m = await repo.latestOfAccount(db, accountId);
    if (!m) throw memberErrors.notMember();
    const [pending, history] = await Promise.all([repo.pendingTransferOf(db, m.id), repo.historyOf(db, { personIdHash: m.personIdHash })]);
    return {
      id: m.id,
      memberNo: m.memberNo,
      name: m.name,
      orgId: m.orgId,
      orgName: m.orgName,
      status: m.status,
      joinedAt: m.joinedAt.toISOString(),
      employer: m.employer,
      category: m.category,
      phone: maskedPhone(m.phoneEnc),
      retainedUntil: m.retainedUntil?.toISOString() ?? null,
      transfer: pending ? transferDto(pending) : null,
      history: history.map(eventDto),
    };
  }

  /** The member's current membership, locked; refused when there is none or a transfer waits (unless allowed). */
  async function lockMine(tx: Database, accountId: string, options: { duringTransfer?: boolean } = {}) {
    const m = await repo.lockCurrentOfAccount(tx, accountId);
    if (!m) throw memberErrors.notMember();
    if (m.status === 'transferring' && !options.duringTransfer) throw memberErrors.transferPending();
    return m;
  }

  /** Every membership change is also an audit row on the member's union. */
  const audit = (tx: Database, actor: string, action: string, m: { id: string; orgId: string }, detail?: Record<string, unknown>) =>
    deps.audit.record(tx, { actorAccountId: actor, action, targetType: 'membership', targetId: m.id, orgId: m.orgId, detail });

  /**
   * Ends a membership (the member's own 退会, or their union's after a talk): status left, the member code stops
   * working at once (scans read the status), bookings ahead are cancelled and their places passed on, unused vouchers
   * are void for good (they belong to this membership), and the member is told what they lost.
   */
  async function endMembership(tx: Database, m: repo.MembershipView, actor: string, reason: string, at: Date) {
    const ended = await repo.changeMembership(tx, m.id, ['active', 'retained'], { status: 'left', endedAt: at, retainedUntil: null });
    if (!ended) throw memberErrors.transferPending();
    await repo.insertEvents(tx, [{ membershipId: m.id, kind: 'leave', orgId: m.orgId, actorAccountId: actor, note: reason, at }]);
    const bookings = await deps.cancelBookingsAhead(tx, m.accountId, at);
    await deps.enqueue(tx, {
      accountId: m.accountId,
      kind: 'membership_left',
      data: {
        title: `已退出${m.orgName}`,
        time: minute(at),
        place: m.orgName,
        note: `会员码已停用${bookings ? `，已取消${bookings}个预约` : ''}，未使用的券和会员福利不再可用`,
        reason,
      },
      dedupeKey: `membership_left:${m.id}`,
    });
    await audit(tx, actor, 'membership.leave', m, { reason, bookingsCancelled: bookings, by: actor === m.accountId ? 'member' : 'staff' });
    return bookings;
  }

  /** Gives the membership back its status from before the request (a transfer that was not made). */
  async function restore(tx: Database, t: TransferRow) {
    await repo.changeMembership(tx, t.membershipId, ['transferring'], { status: t.fromStatus });
  }

  /** Tells the member a transfer was not made, and why. */
  const declined = (tx: Database, v: repo.TransferView, note: string, reason: string, at: Date) =>
    deps.enqueue(tx, {
      accountId: v.transfer.accountId,
      kind: 'transfer_declined',
      data: { title: `转会到${v.toOrgName}未办成`, time: minute(at), place: v.fromOrgName, note, reason },
      dedupeKey: `transfer_declined:${v.transfer.id}`,
    });

  /** A transfer the staffer may act on from `side`; another union's looks like none, one's own is refused. */
  async function staffTransfer(accountId: string, id: string, side: 'in' | 'out') {
    const scope = await deps.scopeFor(accountId, MEMBER_STAFF_ROLES);
    const v = await repo.findTransfer(db, id);
    if (!v || !covers(scope, side === 'in' ? v.toOrgPath : v.fromOrgPath)) throw memberErrors.transferNotFound();
    if (v.transfer.accountId === accountId) throw memberErrors.ownTransfer();
    return { scope, v };
  }

  /** One member of the staffer's unions with the history of the membership and its transfers. */
  async function staffMemberDetail(accountId: string, id: string, roles: readonly StaffRole[] = MEMBER_STAFF_ROLES) {
    const scope = await deps.scopeFor(accountId, roles);
    const m = await repo.findMembership(db, id);
    if (!m || !covers(scope, m.orgPath)) throw memberErrors.notFound();
    return m;
  }

  async function detailDto(m: repo.MembershipView): Promise<StaffMemberDetail> {
    const [history, transfers] = await Promise.all([repo.historyOf(db, { membershipId: m.id }), repo.transfersOf(db, m.id)]);
    return { ...staffMemberDto(m), history: history.map(eventDto), transfers: transfers.map(transferDto) };
  }

  /** Why a guarded transfer change did nothing, read after the fact. */
  async function whyNot(id: string, side: 'in' | 'out', at: Date): Promise<never> {
    const v = await repo.findTransfer(db, id);
    if (!v) throw memberErrors.transferNotFound();
    if (v.transfer.status !== 'pending') throw memberErrors.transferDecided(v.transfer.status);
    if (side === 'in') throw memberErrors.objectionOpen(v.transfer.objectionUntil);
    if (v.transfer.releasedAt || v.transfer.objectionUntil < at) throw memberErrors.objectionClosed();
    throw memberErrors.transferDecided(v.transfer.status);
  }

  return {
    /** 我的 → 我的会籍: the newest membership (a former member's too), a transfer in progress, the whole history. */
    mine: myMembership,

    /** 转会: asks to move to another union; the old union is told and may object within TRANSFER_OBJECTION_DAYS. */
    async requestTransfer(accountId: string, input: TransferRequest): Promise<Transfer> {
      const target = await deps.requireJoinable(db, input.orgId);
      const at = now();
      const objectionUntil = new Date(at.getTime() + TRANSFER_OBJECTION_DAYS * 86_400_000);
      const id = await db
        .transaction(async (tx) => {
          const m = await lockMine(tx, accountId);
          if (m.orgId === target.id) throw memberErrors.sameUnion();
          await repo.changeMembership(tx, m.id, ['active', 'retained'], { status: 'transferring' });
          const t = await repo.insertTransfer(tx, {
            membershipId: m.id,
            accountId,
            fromOrgId: m.orgId,
            toOrgId: target.id,
            fromStatus: m.status,
            employer: input.employer,
            category: input.category,
            requestedAt: at,
            objectionUntil,
          });
          for (const staffId of await deps.staffToTell(tx, m.orgPath)) {
            await deps.enqueue(tx, {
              accountId: staffId,
              kind: 'transfer_requested',
              data: {
                title: `${maskName(m.name)}申请转会到${target.name}`,
                time: minute(at),
                place: m.orgName,
                note: `如有异议，请在${minute(objectionUntil)}前在「转会办理 → 转出」中提出`,
                expires: minute(objectionUntil),
              },
              dedupeKey: `transfer_requested:${t.id}:${staffId}`,
            });
          }
          await audit(tx, accountId, 'membership.transfer_request', m, { transferId: t.id, to: target.id });
          return t.id;
        })
        .catch((error: unknown) => {
          // Under the row lock a second request sees `transferring`; the index stands behind it all the same.
          if (isUniqueViolation(error) && pgConstraint(error) === 'membership_transfers_one_pending') throw memberErrors.transferPending();
          throw error;
        });
      return transferDto((await repo.findTransfer(db, id))!);
    },

    /** Withdraws the transfer request that waits; the membership is as it was before. */
    async cancelTransfer(accountId: string): Promise<MyMembership> {
      const at = now();
      await db.transaction(async (tx) => {
        const m = await lockMine(tx, accountId, { duringTransfer: true });
        const pending = await repo.pendingTransferOf(tx, m.id);
        if (!pending) throw memberErrors.transferNotFound();
        const t = await repo.changePendingTransfer(tx, pending.transfer.id, { status: 'cancelled', decidedAt: at, decidedBy: accountId });
        if (!t) throw memberErrors.transferDecided('decided');
        await restore(tx, t);
        await audit(tx, accountId, 'membership.transfer_cancel', m, { transferId: t.id });
      });
      return myMembership(accountId);
    },

    /** 退会 with a reason. */
    async leave(accountId: string, input: LeaveInput): Promise<MyMembership> {
      await db.transaction(async (tx) => endMembership(tx, await lockMine(tx, accountId), accountId, input.reason, now()));
      return myMembership(accountId);
    },

    /** 保留会籍 for a few months while out of work; asked again while kept, it extends from now. */
    async retain(accountId: string, input: RetainInput): Promise<MyMembership> {
      const at = now();
      const until = inServiceTz(at).add(input.months, 'month').endOf('day').toDate();
      await db.transaction(async (tx) => {
        const m = await lockMine(tx, accountId);
        await repo.changeMembership(tx, m.id, ['active', 'retained'], { status: 'retained', retainedUntil: until });
        const note = `${input.reason}，保留至${day(until)}`;
        await repo.insertEvents(tx, [{ membershipId: m.id, kind: 'retain', orgId: m.orgId, actorAccountId: accountId, note, at }]);
        await deps.enqueue(tx, {
          accountId,
          kind: 'membership_retained',
          data: { title: `在${m.orgName}保留会籍`, time: minute(at), place: m.orgName, note: `保留至${day(until)}，期间会员卡、预约和券照常使用` },
          dedupeKey: `membership_retained:${m.id}:${at.getTime()}`,
        });
        await audit(tx, accountId, 'membership.retain', m, { reason: input.reason, months: input.months, until: until.toISOString() });
      });
      return myMembership(accountId);
    },

    /** Back to 正常 from 保留会籍 (a new job in the same union). */
    async resume(accountId: string): Promise<MyMembership> {
      const at = now();
      await db.transaction(async (tx) => {
        const m = await lockMine(tx, accountId);
        if (!(await repo.changeMembership(tx, m.id, ['retained'], { status: 'active', retainedUntil: null }))) throw memberErrors.notRetained();
        await repo.insertEvents(tx, [{ membershipId: m.id, kind: 'resume', orgId: m.orgId, actorAccountId: accountId, at }]);
        await audit(tx, accountId, 'membership.resume', m);
      });
      return myMembership(accountId);
    },

    /** Employer and worker category; each field that changes is a history row (from → to). */
    async changeProfile(accountId: string, input: ProfileInput): Promise<MyMembership> {
      const at = now();
      await db.transaction(async (tx) => {
        const m = await lockMine(tx, accountId);
        const changes: { field: 'employer' | 'category'; label: string; from: string; to: string }[] = [];
        if (input.employer !== undefined && input.employer !== m.employer)
          changes.push({ field: 'employer', label: '工作单位', from: m.employer ?? '未填写', to: input.employer });
        if (input.category !== undefined && input.category !== m.category)
          changes.push({ field: 'category', label: '职业类别', from: categoryName(m.category), to: categoryName(input.category) });
        if (changes.length === 0) return;
        const values: Partial<MembershipRow> = {};
        if (changes.some((c) => c.field === 'employer')) values.employer = input.employer;
        if (changes.some((c) => c.field === 'category')) values.category = input.category;
        await repo.changeMembership(tx, m.id, ['active', 'retained'], values);
        await repo.insertEvents(
          tx,
          changes.map((c) => ({
            membershipId: m.id,
            kind: 'profile' as const,
            orgId: m.orgId,
            actorAccountId: accountId,
            note: `${c.label}：${c.from} → ${c.to}`,
            detail: { field: c.field, from: c.from, to: c.to },
            at,
          })),
        );
        await audit(tx, accountId, 'membership.profile', m, { fields: changes.map((c) => c.field) });
      });
      return myMembership(accountId);
    },

    /** Sends a code to the new phone, through the login code flow and its limits. */
    async phoneCode(accountId: string, phone: string, ip: string): Promise<SmsResponse> {
      const m = await repo.latestOfAccount(db, accountId);
      if (!m || m.status === 'left') throw memberErrors.notMember();
      if (crypto.decrypt(m.phoneEnc) === phone) throw memberErrors.phoneSame();
      return deps.sms.send(phone, ip);
    },

    /**
     * The new phone, proven by the code sent to it: the account signs in with it from now on and the membership
     * records it (encrypted); the history shows both numbers masked.
     */
    async changePhone(accountId: string, phone: string, code: string): Promise<MyMembership> {
      // The code first: whether a number belongs to another account is told only to whoever holds that phone.
      await deps.sms.verify(phone, code);
      const phoneHash = crypto.blindIndex('phone', phone);
      const other = await deps.accountByPhoneHash(db, phoneHash);
      if (other && other.id !== accountId) throw memberErrors.phoneTaken();
      const at = now();
      await db
        .transaction(async (tx) => {
          const m = await lockMine(tx, accountId, { duringTransfer: true });
          const before = crypto.decrypt(m.phoneEnc);
          if (before === phone) throw memberErrors.phoneSame();
          const phoneEnc = crypto.encrypt(phone);
          await deps.setAccountPhone(tx, accountId, phoneHash, phoneEnc);
          await repo.changeMembership(tx, m.id, ['active', 'retained', 'transferring'], { phoneEnc });
          const [from, to] = [maskPhone(before), maskPhone(phone)];
          await repo.insertEvents(tx, [
            {
              membershipId: m.id,
              kind: 'profile',
              orgId: m.orgId,
              actorAccountId: accountId,
              note: `手机号：${from} → ${to}（已短信验证）`,
              detail: { field: 'phone', from, to },
              at,
            },
          ]);
          await audit(tx, accountId, 'membership.phone', m, { from, to });
        })
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) throw memberErrors.phoneTaken();
          throw error;
        });
      return myMembership(accountId);
    },

    // ---- staff ----------------------------------------------------------------------------

    async staffTransfers(accountId: string, q: StaffTransferQuery) {
      const scope = await deps.scopeFor(accountId, MEMBER_STAFF_ROLES);
      const at = now();
      const rows = await repo.listTransfers(db, scope, q.direction, q.status, q.limit);
      return { items: rows.map((v) => staffTransferDto(v, scope, q.direction, at)) };
    },

    /**
     * The new union takes the member in: the membership itself moves (same row, member number, card and vouchers),
     * with 转出 and 转入 in its history. Only once the old union agreed or its window is over, unless the approver
     * covers the old union as well (their approval is the old union's word too).
     */
    async approveTransfer(accountId: string, id: string): Promise<StaffTransfer> {
      const { scope, v } = await staffTransfer(accountId, id, 'in');
      const at = now();
      const coversOld = covers(scope, v.fromOrgPath);
      await deps.requireJoinable(db, v.transfer.toOrgId);
      const done = await db.transaction(async (tx) => {
        const m = await repo.lockCurrentOfAccount(tx, v.transfer.accountId);
        if (!m || m.id !== v.transfer.membershipId) return false;
        const t = await repo.changePendingTransfer(
          tx,
          id,
          { status: 'approved', decidedAt: at, decidedBy: accountId },
          coversOld ? undefined : repo.objectionSettled(at),
        );
        if (!t) return false;
        const moved = await repo.changeMembership(tx, m.id, ['transferring'], {
          orgId: t.toOrgId,
          status: 'active',
          retainedUntil: null,
          employer: t.employer,
          category: t.category,
        });
        if (!moved) throw memberErrors.transferDecided('moved');
        const detail = { transferId: t.id };
        await repo.insertEvents(tx, [
          { membershipId: m.id, kind: 'transfer_out', orgId: m.orgId, actorAccountId: accountId, note: `转入${v.toOrgName}`, detail, at },
          { membershipId: m.id, kind: 'transfer_in', orgId: t.toOrgId, actorAccountId: accountId, note: `自${m.orgName}转入，会员编号不变`, detail, at },
        ]);
        await deps.enqueue(tx, {
          accountId: t.accountId,
          kind: 'transfer_approved',
          data: { title: `已转入${v.toOrgName}`, time: minute(at), place: v.toOrgName, note: `会员编号${m.memberNo}不变，会员卡、预约和券照常使用` },
          dedupeKey: `transfer_approved:${t.id}`,
        });
        await audit(tx, accountId, 'membership.transfer_approve', { id: m.id, orgId: t.toOrgId }, { transferId: t.id, from: m.orgId, to: t.toOrgId });
        return true;
      });
      if (!done) return whyNot(id, 'in', at);
      return staffTransferDto((await repo.findTransfer(db, id))!, scope, 'in', at);
    },

    /** The new union refuses, with a reason; the membership is as it was. */
    async rejectTransfer(accountId: string, id: string, reason: string): Promise<StaffTransfer> {
      const { scope, v } = await staffTransfer(accountId, id, 'in');
      const at = now();
      const done = await db.transaction(async (tx) => {
        await repo.lockCurrentOfAccount(tx, v.transfer.accountId);
        const t = await repo.changePendingTransfer(tx, id, { status: 'rejected', decidedAt: at, decidedBy: accountId, reason });
        if (!t) return false;
        await restore(tx, t);
        await declined(tx, v, `${v.toOrgName}未同意转入`, reason, at);
        await audit(tx, accountId, 'membership.transfer_reject', { id: t.membershipId, orgId: t.toOrgId }, { transferId: t.id, reason });
        return true;
      });
      if (!done) return whyNot(id, 'in', at);
      return staffTransferDto((await repo.findTransfer(db, id))!, scope, 'in', at);
    },

    /** The old union objects within its window, with a reason: the request ends and the member is told why. */
    async objectTransfer(accountId: string, id: string, reason: string): Promise<StaffTransfer> {
      const { scope, v } = await staffTransfer(accountId, id, 'out');
      const at = now();
      const done = await db.transaction(async (tx) => {
        await repo.lockCurrentOfAccount(tx, v.transfer.accountId);
        const t = await repo.changePendingTransfer(tx, id, { status: 'objected', decidedAt: at, decidedBy: accountId, reason }, repo.objectionOpenAt(at));
        if (!t) return false;
        await restore(tx, t);
        await declined(tx, v, `${v.fromOrgName}对转出提出异议`, reason, at);
        await audit(tx, accountId, 'membership.transfer_object', { id: t.membershipId, orgId: t.fromOrgId }, { transferId: t.id, reason });
        return true;
      });
      if (!done) return whyNot(id, 'out', at);
      return staffTransferDto((await repo.findTransfer(db, id))!, scope, 'out', at);
    },

    /** The old union agrees (无异议) before its window ends: the new union may decide at once. */
    async releaseTransfer(accountId: string, id: string): Promise<StaffTransfer> {
      const { scope } = await staffTransfer(accountId, id, 'out');
      const at = now();
      const done = await db.transaction(async (tx) => {
        const t = await repo.changePendingTransfer(tx, id, { releasedAt: at, releasedBy: accountId }, repo.objectionOpenAt(at));
        if (!t) return false;
        await audit(tx, accountId, 'membership.transfer_release', { id: t.membershipId, orgId: t.fromOrgId }, { transferId: t.id });
        return true;
      });
      if (!done) return whyNot(id, 'out', at);
      return staffTransferDto((await repo.findTransfer(db, id))!, scope, 'out', at);
    },

    async staffMembers(accountId: string, q: StaffMemberQuery) {
      const scope = await deps.scopeFor(accountId, MEMBER_STAFF_ROLES);
      return { items: (await repo.listMembers(db, scope, q, now())).map(staffMemberDto) };
    },

    /** One member of the staffer's unions with the history of the membership and its transfers. */
    async staffMember(accountId: string, id: string): Promise<StaffMemberDetail> {
      return detailDto(await staffMemberDetail(accountId, id));
    },

    /** The union ends a membership after a talk (DOMAIN: six months without dues or activity), with the reason. */
    async staffLeave(accountId: string, id: string, reason: string): Promise<StaffMemberDetail> {
      const found = await staffMemberDetail(accountId, id, STAFF_ADMIN_ROLES);
      if (found.accountId === accountId) throw memberErrors.ownMembership();
      await db.transaction(async (tx) => {
        const m = await repo.lockCurrentOfAccount(tx, found.accountId);
        if (!m || m.id !== id) throw memberErrors.notMember();
        if (m.status === 'transferring') throw memberErrors.transferPending();
        await endMembership(tx, m, accountId, reason, now());
      });
      return detailDto((await repo.findMembership(db, id))!);
    },
  };
}

export type MembershipLifecycle = ReturnType<typeof createMembershipLifecycle>;
