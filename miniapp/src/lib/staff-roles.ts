import type { RoleGrant } from '@union/shared';

/** 工会设置 (自动审核) can be changed with an admin grant for that union or an operator grant. */
export function canManageOrgs(grants: readonly Pick<RoleGrant, 'role'>[] | undefined): boolean {
  return (grants ?? []).some((g) => g.role === 'admin' || g.role === 'operator');
}

/** Services and their slots are set up by the owning union's admins and by operators (the server's SERVICE_ADMIN_ROLES). */
export function canManageServices(grants: readonly Pick<RoleGrant, 'role'>[] | undefined): boolean {
  return (grants ?? []).some((g) => g.role === 'admin' || g.role === 'operator');
}
