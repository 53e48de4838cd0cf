export { auditLog } from './audit.table';
export { recordAudit, auditTrail, type AuditEntry, type AuditPort } from './audit.repository';
export { createAuditBatcher, type AuditBatcher } from './audit.batcher';
