export { auditLog } from './audit.table';
export { recordAudit, auditTrail, type AuditEntry } from './audit.repository';
export { createAuditBatcher, type AuditBatcher } from './audit.batcher';
