import { STAFF_ADMIN_ROLES, STAFF_ROLE_RANK, STAFF_ROLES, type MeResponse, type StaffRole } from '@union/shared';

/** What each role may do, in the words a union office uses, shown when picking one. */
export const ROLE_HELP: Record<StaffRole, string> = {
  scanner: '扫码核验会员、预约签到、核销消费券',
  reviewer: '审核入会申请',
  admin: '管理本工会及下级的设置、服务、福利和工作人员',
  operator: '全市运营，可授予所有角色',
};

/** The roles this staffer may hand out: no higher than their highest admin or operator grant (the server checks per union). */
export function grantableRoles(grants: MeResponse['grants'] | undefined): StaffRole[] {
  const rank = Math.max(0, ...(grants ?? []).filter((g) => STAFF_ADMIN_ROLES.includes(g.role)).map((g) => STAFF_ROLE_RANK[g.role]));
  return STAFF_ROLES.filter((r) => STAFF_ROLE_RANK[r] <= rank).sort((a, b) => STAFF_ROLE_RANK[a] - STAFF_ROLE_RANK[b]);
}
