import { auditExportUrl, type AuditFilter } from '../../../api/staff-admin';
import { downloadCsv } from '../../../lib/csv-download';

/** Downloads the filtered audit log as CSV (see lib/csv-download). */
export async function exportAuditCsv(filter: AuditFilter): Promise<void> {
  await downloadCsv(auditExportUrl(filter), '操作记录', 'audit.csv');
}
