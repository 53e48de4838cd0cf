import { auditExportUrl, type AuditFilter } from '../../../api/staff-admin';
import { downloadFile } from '../../../lib/files';

/** Downloads the filtered audit log as CSV (lib/files downloadFile: on the mini-program it says to use a computer). */
export async function exportAuditCsv(filter: AuditFilter): Promise<void> {
  await downloadFile(auditExportUrl(filter), 'audit.csv');
}
