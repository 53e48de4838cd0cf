import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { ORG_IMPORT_COLUMN_LABELS, ORG_IMPORT_MAX_BYTES, type OrgImportReport } from '@union/shared';
import { ApiError } from '../../../api/errors';
import { importOrgTree, ORG_IMPORT_TEMPLATE_URL } from '../../../api/staff-admin';
import ActionButton from '../../../components/ActionButton';
import { pageGate } from '../../../components/PageGate';
import Screen from '../../../components/Screen';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { STAFF_ORG_IMPORT_PAGE, STAFF_TREE_PAGE } from '../../../lib/navigation';
import ImportFlow, { type ImportCheck } from '../import-flow';

const READ_AS: Record<OrgImportReport['readAs'], string> = { xlsx: 'Excel 表格', 'utf-8': 'CSV（UTF-8 编码）', gbk: 'CSV（GBK 编码）' };

function checkOf(report: OrgImportReport): ImportCheck {
  return {
    total: report.total,
    problems: report.errors.map((e) => ({ row: e.row, column: e.column ? ORG_IMPORT_COLUMN_LABELS[e.column] : '整行', message: e.message })),
    summary:
      report.errors.length === 0 && report.total > 0
        ? `已按${READ_AS[report.readAs]}读取，检查通过，可以导入。`
        : `已按${READ_AS[report.readAs]}读取。有错误时一个工会也不会导入。`,
    importLabel: report.errors.length === 0 && report.total > 0 ? `导入 ${report.total} 个工会` : null,
  };
}

/** Back to 工会组织 (which reloads when shown), or there when the page was opened on its own. */
function backToTree() {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.redirectTo({ url: STAFF_TREE_PAGE });
}

/**
 * 导入组织树: a city's union tree from the office's Excel file (or a CSV in UTF-8 or GBK). The dry run lists every
 * bad row; the import writes all the rows or none.
 */
export default function StaffOrgImportPage() {
  // Only to know the person is signed in (the gate); the page itself loads nothing.
  const page = useAuthedRequest(async () => true, STAFF_ORG_IMPORT_PAGE);
  const gate = pageGate({
    signedIn: page.signedIn,
    signedOut: { title: '登录后导入组织树', description: '使用工会管理员的手机号登录。', returnTo: STAFF_ORG_IMPORT_PAGE },
  });
  if (gate) return gate;

  return (
    <Screen className="staff-org-import">
      <View className="section">
        <View className="card muted staff-org-import__intro">
          每行一个工会：代码、上级代码、名称、类型、区划代码，可加地址、办公电话、办公时间。上级代码可以是表中的另一行，也可以是您管理的工会。先检查，全部无误才能导入；有一行有误，就一个也不导入。一次最多
          20000 行。
        </View>
        <ImportFlow
          extensions={['xlsx', 'csv']}
          formats="支持 Excel（.xlsx，读第一个工作表）和 CSV（UTF-8 或 GBK 编码），最大 5 MB。"
          maxBytes={ORG_IMPORT_MAX_BYTES}
          template={{ url: ORG_IMPORT_TEMPLATE_URL, name: 'org-import-template.xlsx', label: '下载导入模板（Excel，含填写说明）' }}
          check={async (file) => checkOf(await importOrgTree({ file: file.base64, fileName: file.name, dryRun: true }))}
          run={async (file) => {
            const report = await importOrgTree({ file: file.base64, fileName: file.name, dryRun: false });
            // Someone took a code between the check and the import: nothing was written, and the person is told why.
            if (report.errors.length > 0) throw new ApiError('client.unknown', `未导入：第 ${report.errors[0]!.row} 行 ${report.errors[0]!.message}`, -1);
            return `已导入 ${report.created} 个工会`;
          }}
          doneActions={
            <ActionButton variant="secondary" onClick={backToTree}>
              查看工会组织
            </ActionButton>
          }
        />
      </View>
    </Screen>
  );
}
