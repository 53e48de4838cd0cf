import type { RoleGrant } from '@union/shared';

/** 工会设置 (自动审核) can be changed with an admin grant for that union or an operator grant. */
export function canManageOrgs(grants: readonly Pick<RoleGrant, 'role'>[] | undefined): boolean {
  return (grants ?? []).some((g) => g.role === 'admin' || g.role === 'operator');
}

/** Services and their slots are set up by the owning union's admins and by operators (the server's SERVICE_ADMIN_ROLES). */
export function canManageServices(grants: readonly Pick<RoleGrant, 'role'>[] | undefined): boolean {
  return (grants ?? []).some((g) => g.role === 'admin' || g.role === 'operator');
}

/** Transfers and the member register are the reviewers', admins' and operators' (the server's MEMBER_STAFF_ROLES). */
export function canHandleMembers(grants: readonly Pick<RoleGrant, 'role'>[] | undefined): boolean {
  return (grants ?? []).some((g) => g.role === 'reviewer' || g.role === 'admin' || g.role === 'operator');
}
