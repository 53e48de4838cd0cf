import Taro from '@tarojs/taro';
import { auditExportUrl, type AuditFilter } from '../../../api/staff-admin';
import { downloadFile } from '../../../lib/files';

/**
 * Downloads the filtered audit log as CSV. H5: saved as a file (lib/files downloadFile); the mini-program cannot save
 * a CSV, so it says to export on a computer.
 */
export async function exportAuditCsv(filter: AuditFilter): Promise<void> {
  if (process.env.TARO_ENV !== 'h5') {
    await Taro.showModal({ title: '导出操作记录', content: '请在电脑浏览器打开本页导出（CSV，Excel 可直接打开）。', showCancel: false });
    return;
  }
  await downloadFile(auditExportUrl(filter), 'audit.csv');
}
