export { orgs, orgKind, type OrgRow } from './orgs.table';
export { findOrgById, insertOrg, countOrgs, isJoinable, type OrgLookup } from './orgs.repository';
export { createOrgsService, resolveJoinable, requireJoinable, type OrgsService } from './orgs.service';
export { createOrgAdmin, type OrgAdmin, type OrgPeoplePort } from './orgs.admin';
export { orgsPublicRoutes, orgDto } from './orgs.public-routes';
export { orgsStaffRoutes } from './orgs.staff-routes';
export { orgsAdminRoutes } from './orgs.admin-routes';
export { orgErrors } from './orgs.errors';
