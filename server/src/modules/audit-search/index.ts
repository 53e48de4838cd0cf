export { createAuditSearch, type AuditSearch } from './audit-search.service';
export { auditRoutes } from './audit-search.routes';
