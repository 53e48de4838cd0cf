import { maskPhone, STAFF_INVITATION_DAYS, STAFF_ROLE_RANK, type StaffGrant, type StaffInvitation, type StaffInvite } from '@union/shared';
import type { StaffScope } from '../../lib/scope';
import { orgErrors } from '../orgs';
import { accessErrors } from './access.errors';
import * as repo from './access.repository';
import { rankOver, type StaffServiceDeps } from './access.staff-common';

/**
 * Staff roles are offered, not imposed: an admin invites a phone to a union with a role, and the person holds it only
 * once they accept on 我的 (within STAFF_INVITATION_DAYS). Until then nothing of theirs changes, so an admin cannot
 * sign an arbitrary phone out by inviting it and then removing the grant. On acceptance the invitation is checked
 * again as it stands then: still in time, the union still open, the sender still allowed to grant that role there.
 */
export function createStaffInvitations(deps: StaffServiceDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const masked = (enc: string | null) => (enc ? maskPhone(deps.decryptPhone(enc)) : null);
  const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

  const dto = (row: repo.InvitationRow, callerId: string, at: Date): StaffGrant => ({
    id: row.id,
    status: row.expiresAt > at ? 'invited' : 'expired',
    expiresAt: row.expiresAt.toISOString(),
    accountId: row.accountId,
    phone: masked(row.phoneEnc),
    role: row.role,
    orgId: row.orgId,
    orgName: row.orgName,
    grantedAt: row.invitedAt.toISOString(),
    grantedBy: masked(row.invitedByPhoneEnc),
    lastActiveAt: iso(row.lastActiveAt),
    disabled: row.disabledAt !== null,
    self: row.accountId === callerId,
  });

  return {
    /** The invitations of the caller's unions, for the staff list. */
    async listInScope(callerId: string, scope: StaffScope, orgId: string | undefined, limit: number): Promise<StaffGrant[]> {
      const at = now();
      return (await repo.listInvitationsInScope(db, scope, orgId, limit)).map((r) => dto(r, callerId, at));
    },

    /**
     * Invites a phone to a union with a role: only in unions the caller manages (else orgs.not_found), roles no higher
     * than theirs, never themself, never a role the person holds there already. Sending it again renews it.
     */
    async invite(callerId: string, input: StaffInvite): Promise<StaffGrant> {
      const org = await deps.findOrg(db, input.orgId);
      const grants = await repo.listGrants(db, callerId);
      // A union the caller does not manage looks the same as a missing one.
      const rank = org ? rankOver(grants, org.path) : 0;
      if (!org || rank === 0) throw orgErrors.notFound();
      if (org.closedAt) throw orgErrors.closed();
      if (STAFF_ROLE_RANK[input.role] > rank) throw accessErrors.roleTooHigh();
      const at = now();
      const expiresAt = new Date(at.getTime() + STAFF_INVITATION_DAYS * 86_400_000);
      const id = await db.transaction(async (tx) => {
        const account = await deps.accountByPhone(tx, input.phone);
        if (account.id === callerId) throw accessErrors.self();
        await repo.lockOrgGrants(tx, org.id);
        if (await repo.holdsRoleIn(tx, account.id, org.id, input.role)) throw accessErrors.alreadyGranted();
        const invitationId = await repo.upsertInvitation(tx, { accountId: account.id, orgId: org.id, role: input.role, invitedBy: callerId, at, expiresAt });
        await deps.audit.record(tx, {
          actorAccountId: callerId,
          action: 'staff.invite',
          targetType: 'account',
          targetId: account.id,
          orgId: org.id,
          detail: { role: input.role, phone: maskPhone(input.phone), invitationId, expiresAt: expiresAt.toISOString() },
        });
        return invitationId;
      });
      return dto((await repo.findInvitation(db, id))!, callerId, now());
    },

    /** Withdraws an invitation (waiting or lapsed) of a union the caller manages, for a role no higher than theirs. */
    async withdraw(callerId: string, invitationId: string): Promise<void> {
      const row = await repo.findInvitation(db, invitationId);
      const rank = row ? rankOver(await repo.listGrants(db, callerId), row.orgPath) : 0;
      if (!row || rank === 0) throw accessErrors.staffNotFound();
      if (STAFF_ROLE_RANK[row.role] > rank) throw accessErrors.roleTooHigh();
      await db.transaction(async (tx) => {
        if (!(await repo.deleteInvitation(tx, row.id))) throw accessErrors.staffNotFound();
        await deps.audit.record(tx, {
          actorAccountId: callerId,
          action: 'staff.withdraw',
          targetType: 'account',
          targetId: row.accountId,
          orgId: row.orgId,
          detail: { role: row.role, invitationId: row.id },
        });
      });
    },

    /** The roles offered to this person and waiting for their answer. */
    async mine(accountId: string): Promise<StaffInvitation[]> {
      return (await repo.pendingInvitationsOf(db, accountId, now())).map((r) => ({
        id: r.id,
        role: r.role,
        orgName: r.orgName,
        invitedBy: masked(r.invitedByPhoneEnc),
        invitedAt: r.invitedAt.toISOString(),
        expiresAt: r.expiresAt.toISOString(),
      }));
    },

    /**
     * Accepts (the role is granted, from the admin who sent it) or declines an invitation of the caller's. Done under
     * the union's grant lock, so it cannot cross a change of the sender's own role; an invitation that can no longer
     * stand (the union closed, the sender no longer allowed to grant it) is dropped and the person told why.
     */
    async answer(accountId: string, invitationId: string, accept: boolean): Promise<void> {
      const first = await repo.findInvitation(db, invitationId);
      if (!first || first.accountId !== accountId) throw accessErrors.invitationNotFound();
      const outcome = await db.transaction(async (tx) => {
        await repo.lockOrgGrants(tx, first.orgId);
        const row = await repo.findInvitation(tx, invitationId);
        if (!row) return 'gone' as const;
        if (accept && row.expiresAt <= now()) return 'expired' as const;
        const sender = row.invitedBy ? rankOver(await repo.listGrants(tx, row.invitedBy), row.orgPath) : 0;
        const standing = !row.orgClosedAt && sender >= STAFF_ROLE_RANK[row.role];
        await repo.deleteInvitation(tx, row.id);
        const granted = accept && standing ? await repo.insertGrant(tx, { accountId, orgId: row.orgId, role: row.role, grantedBy: row.invitedBy }) : undefined;
        await deps.audit.record(tx, {
          actorAccountId: accountId,
          action: !accept ? 'staff.decline' : standing ? 'staff.accept' : 'staff.withdraw',
          targetType: 'account',
          targetId: accountId,
          orgId: row.orgId,
          detail: { role: row.role, invitationId: row.id, ...(granted ? { grantId: granted.id } : {}), ...(accept && !standing ? { void: true } : {}) },
        });
        if (granted) await deps.notifyGrantsChanged(tx, accountId);
        return !accept || standing ? ('done' as const) : ('void' as const);
      });
      if (outcome === 'gone') throw accessErrors.invitationNotFound();
      if (outcome === 'expired') throw accessErrors.invitationExpired();
      if (outcome === 'void') throw accessErrors.invitationVoid();
      deps.invalidateGrants(accountId);
    },
  };
}
