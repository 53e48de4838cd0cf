export { memberships, currentMemberships, membershipEvents, membershipTransfers, memberNoCounters, serviceCards, type MembershipRow } from './members.table';
export { membershipHistory, insertServiceCard, moveMembershipsToOrg, countCurrentMembers } from './members.repository';
export {
  admit,
  createMembersService,
  currentMembershipOfPerson,
  membershipFacts,
  memberStanding,
  serviceCardSyncJob,
  type Admission,
  type MemberStanding,
  type MembersService,
} from './members.service';
export { createMemberCodes, isValidMembership, MEMBER_CODE, type MemberCodes, type ScannedMember } from './members.codes';
export { createStaffScan, SCAN_ROLES, type StaffScan } from './members.scan';
export { membersRoutes } from './members.routes';
export { memberErrors } from './members.errors';
export { createMembershipLifecycle, MEMBER_STAFF_ROLES, type MembershipLifecycle } from './members.lifecycle';
export { membershipRoutes, membershipStaffRoutes } from './members.lifecycle.routes';
