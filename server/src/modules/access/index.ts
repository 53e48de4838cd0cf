export { staffGrants, staffRole } from './access.table';
export { insertGrant, staffOfNearestUnion } from './access.repository';
export { createAccessService, REVIEW_ROLES, type AccessService } from './access.service';
export { createStaffService, type StaffService } from './access.staff';
export { staffRoutes } from './access.routes';
export type { ScopeFor } from '../../lib/scope';
