import { maskPhone, STAFF_ADMIN_ROLES, STAFF_ROLE_RANK, type StaffGrant, type StaffRole } from '@union/shared';
import type { Database } from '../../db/client';
import { createStaffInvitations } from './access.invitations';
import { rankOver, type StaffServiceDeps } from './access.staff-common';
import { accessErrors } from './access.errors';
import * as repo from './access.repository';

/**
 * A union's staff: invite by phone with a role, change it, remove it, disable an account. A staffer acts only on
 * unions they manage (an admin or operator grant over it), grants only roles no higher than their own there,
 * never to themself; the last admin of a union cannot remove themself. A removed grant or a disabled account ends
 * the person's sessions on every instance in the same transaction as the change and its audit row.
 */
export function createStaffService(deps: StaffServiceDeps) {
  const { db } = deps;
  const masked = (enc: string | null) => (enc ? maskPhone(deps.decryptPhone(enc)) : null);
  const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
  const invitations = createStaffInvitations(deps);
  const dto = (row: repo.StaffRow, callerId: string): StaffGrant => ({
    id: row.id,
    status: 'active',
    expiresAt: null,
    accountId: row.accountId,
    phone: masked(row.phoneEnc),
    role: row.role,
    orgId: row.orgId,
    orgName: row.orgName,
    grantedAt: row.grantedAt.toISOString(),
    grantedBy: masked(row.grantedByPhoneEnc),
    lastActiveAt: iso(row.lastActiveAt),
    disabled: row.disabledAt !== null,
    self: row.accountId === callerId,
  });

  /** The caller's grants, read fresh (a decision about staff does not trust a cache), and the rank they need. */
  async function authorise(callerId: string, orgPath: string, ...roles: StaffRole[]): Promise<void> {
    await authoriseIn(db, callerId, orgPath, ...roles);
  }

  /** The same check inside a transaction, after the union's grants are locked: a grant removed meanwhile counts. */
  async function authoriseIn(tx: Database, callerId: string, orgPath: string, ...roles: StaffRole[]): Promise<void> {
    const rank = rankOver(await repo.listGrants(tx, callerId), orgPath);
    if (rank === 0) throw accessErrors.staffNotFound();
    if (roles.some((r) => STAFF_ROLE_RANK[r] > rank)) throw accessErrors.roleTooHigh();
  }

  /** A grant the caller manages, or not found (another union's staff look the same as missing ones). */
  async function managedGrant(callerId: string, grantId: string) {
    const row = await repo.findStaffGrant(db, grantId);
    if (!row || rankOver(await repo.listGrants(db, callerId), row.orgPath) === 0) throw accessErrors.staffNotFound();
    return row;
  }

  async function afterChange(accountId: string, ended: string[] = []) {
    deps.invalidateGrants(accountId);
    if (ended.length) deps.sessions.sessionsEnded(ended);
  }

  return {
    async list(callerId: string, query: { orgId?: string; limit: number }): Promise<StaffGrant[]> {
      const grants = await repo.listGrants(db, callerId);
      const paths = grants.filter((g) => STAFF_ADMIN_ROLES.includes(g.role)).map((g) => g.orgPath);
      if (paths.length === 0) throw accessErrors.forbidden();
      const scope = { accountId: callerId, paths };
      const rows = await repo.listStaffInScope(db, scope, query.orgId, query.limit);
      const invited = await invitations.listInScope(callerId, scope, query.orgId, query.limit);
      // The roles held first, then the invitations waiting for an answer.
      return [...rows.map((r) => dto(r, callerId)), ...invited].slice(0, query.limit);
    },

    /** Invitations: sent here, accepted by the person on 我的 (access.invitations.ts). */
    invite: invitations.invite,
    withdrawInvitation: invitations.withdraw,
    myInvitations: invitations.mine,
    answerInvitation: invitations.answer,
    /** The periodic clean-up: invitations that lapsed before `before` go. */
    cleanUpInvitations: (before: Date) => repo.deleteLapsedInvitations(db, before),

    async changeRole(callerId: string, grantId: string, role: StaffRole): Promise<StaffGrant> {
      const row = await managedGrant(callerId, grantId);
      if (row.accountId === callerId) throw accessErrors.self();
      await authorise(callerId, row.orgPath, row.role, role);
      if (row.role !== role) {
        await db.transaction(async (tx) => {
          await repo.lockOrgGrants(tx, row.orgId);
          if (await repo.holdsRoleIn(tx, row.accountId, row.orgId, role)) throw accessErrors.alreadyGranted();
          await repo.setGrantRole(tx, row.id, role);
          await deps.audit.record(tx, {
            actorAccountId: callerId,
            action: 'staff.role_change',
            targetType: 'account',
            targetId: row.accountId,
            orgId: row.orgId,
            detail: { grantId: row.id, role: { from: row.role, to: role } },
          });
          await deps.notifyGrantsChanged(tx, row.accountId);
        });
        await afterChange(row.accountId);
      }
      return dto((await repo.findStaffGrant(db, grantId))!, callerId);
    },

    /** Removes the grant and ends every session of the person at once (they sign in again with what they still hold). */
    async revoke(callerId: string, grantId: string): Promise<void> {
      const row = await managedGrant(callerId, grantId);
      await authorise(callerId, row.orgPath, row.role);
      const ended = await db.transaction(async (tx) => {
        await repo.lockOrgGrants(tx, row.orgId);
        // Two admins removing each other at once: the second finds it no longer holds the role, and the union keeps one.
        await authoriseIn(tx, callerId, row.orgPath, row.role);
        if (row.accountId === callerId && row.role === 'admin' && (await repo.countActiveAdmins(tx, row.orgId)) <= 1) throw accessErrors.lastAdmin();
        if (!(await repo.deleteGrant(tx, row.id))) throw accessErrors.staffNotFound();
        await deps.audit.record(tx, {
          actorAccountId: callerId,
          action: 'staff.revoke',
          targetType: 'account',
          targetId: row.accountId,
          orgId: row.orgId,
          detail: { grantId: row.id, role: row.role },
        });
        await deps.notifyGrantsChanged(tx, row.accountId);
        return deps.sessions.endSessionsIn(tx, row.accountId, 'grant_removed');
      });
      await afterChange(row.accountId, ended);
    },

    /**
     * Disables the person's account (no sign-in, every session ended on every instance), or enables it again. Only
     * someone who manages every union the person holds a role in, with a rank at least theirs, may do it.
     */
    async setDisabled(callerId: string, accountId: string, disable: boolean) {
      const theirs = await repo.grantsWithOrgs(db, accountId);
      const mine = await repo.listGrants(db, callerId);
      if (theirs.length === 0 || theirs.every((g) => rankOver(mine, g.orgPath) === 0)) throw accessErrors.staffNotFound();
      if (accountId === callerId) throw accessErrors.self();
      for (const g of theirs) {
        const rank = rankOver(mine, g.orgPath);
        if (rank === 0) throw accessErrors.forbidden();
        if (STAFF_ROLE_RANK[g.role] > rank) throw accessErrors.roleTooHigh();
      }
      // A disabled account cannot sign in at all, member features included: a member of a union the caller does not
      // manage stays out of their reach, even after accepting a role from them.
      const membership = await deps.membershipOf(db, accountId);
      if (membership && rankOver(mine, membership.orgPath) === 0) throw accessErrors.forbidden();
      const orgIds = [...new Set(theirs.map((g) => g.orgId))];
      let ended: string[] = [];
      if (disable) {
        ended = await db.transaction(async (tx) => {
          for (const orgId of orgIds) await repo.lockOrgGrants(tx, orgId);
          const ids = await deps.sessions.endSessionsIn(tx, accountId, 'account_disabled', { disable: true });
          for (const orgId of orgIds)
            await deps.audit.record(tx, { actorAccountId: callerId, action: 'account.disable', targetType: 'account', targetId: accountId, orgId });
          await deps.notifyGrantsChanged(tx, accountId);
          return ids;
        });
      } else {
        await db.transaction(async (tx) => {
          await deps.sessions.enableIn(tx, accountId);
          for (const orgId of orgIds)
            await deps.audit.record(tx, { actorAccountId: callerId, action: 'account.enable', targetType: 'account', targetId: accountId, orgId });
        });
      }
      await afterChange(accountId, ended);
      return { accountId, disabled: (await repo.accountDisabledAt(db, accountId)) !== null, sessionsEnded: ended.length };
    },
  };
}

export type StaffService = ReturnType<typeof createStaffService>;
