import { auditExportUrl, type AuditFilter } from '../../../api/staff-admin';
import { downloadCsv } from '../download-csv';

/** Downloads the filtered audit log as CSV (see downloadCsv: on the mini-program it says to use a computer). */
export function exportAuditCsv(filter: AuditFilter): Promise<void> {
  return downloadCsv(auditExportUrl(filter), 'audit.csv', '操作记录');
}
