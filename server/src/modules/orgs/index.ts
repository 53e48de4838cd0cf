export { orgs, orgKind, type OrgRow } from './orgs.table';
export { findOrgById, insertOrg, countOrgs, isJoinable, type OrgLookup } from './orgs.repository';
export { createOrgsService, resolveJoinable, requireJoinable, type OrgsService } from './orgs.service';
export { orgsPublicRoutes, orgDto } from './orgs.public-routes';
export { orgsStaffRoutes } from './orgs.staff-routes';
export { orgErrors } from './orgs.errors';
