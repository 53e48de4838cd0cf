export { auditLog } from './audit.table';
export { recordAudit, auditTrail, type AuditEntry } from './audit.repository';
