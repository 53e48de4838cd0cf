import { useState } from 'react';
import { View } from '@tarojs/components';
import { STATION_CSV_COLUMNS, STATION_IMPORT_MAX_BYTES, type StationCsvColumn, type StationImportReport } from '@union/shared';
import { fetchStaffOrgs } from '../../../api/staff';
import { importStations } from '../../../api/stations';
import { pageGate } from '../../../components/PageGate';
import Screen from '../../../components/Screen';
import { RequestStatus } from '../../../components/StateView';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { STAFF_STATION_IMPORT_PAGE } from '../../../lib/navigation';
import ImportFlow, { type ImportCheck } from '../import-flow';
import UnionChoice from '../union-choice';

/** A column key as the template's Chinese header (编号, 纬度…). */
const columnLabel = (field: string) => (STATION_CSV_COLUMNS[field as StationCsvColumn]?.[1] as string | undefined) ?? field;

function checkOf(report: StationImportReport): ImportCheck {
  const good = report.rows - report.failed;
  const changes = [report.created ? `新增 ${report.created} 个` : '', report.updated ? `更新 ${report.updated} 个（编号已有）` : ''].filter(Boolean).join('、');
  return {
    total: report.rows,
    problems: report.errors.map((e) => ({ row: e.row, column: columnLabel(e.field), message: e.message })),
    summary: good > 0 ? `导入后将${changes}驿站。` : '没有可以导入的行。',
    importLabel: good === 0 ? null : report.failed > 0 ? `导入无误的 ${good} 行（有误的 ${report.failed} 行不导入）` : `导入 ${good} 行`,
  };
}

/**
 * 导入驿站: a CSV of rest stations for a union (the CSV a station operator keeps, UTF-8 or GBK). The check lists each
 * bad row; the import saves the good rows (a known 编号 is updated) and leaves the bad ones out.
 */
export default function StaffStationImportPage() {
  const page = useAuthedRequest(fetchStaffOrgs, STAFF_STATION_IMPORT_PAGE);
  const [orgId, setOrgId] = useState<string | null>(null);
  const gate = pageGate({
    signedIn: page.signedIn,
    signedOut: { title: '登录后导入驿站', description: '使用工会管理员的手机号登录。', returnTo: STAFF_STATION_IMPORT_PAGE },
  });
  if (gate) return gate;
  const orgs = page.state.status === 'success' ? page.state.data : null;
  const chosen = orgId ?? (orgs?.length === 1 ? orgs[0]!.id : null);

  return (
    <Screen className="staff-station-import">
      <View className="section">
        <RequestStatus state={page.state} loadingText="正在加载工会…" errorTitle="工会加载失败" onRetry={() => void page.run()} />
        {orgs ? (
          <>
            <View className="card muted staff-station-import__intro">
              表头：编号、名称、类型、地址、所在区、纬度、经度、设施、开放时间（可加“工会编码”列，把一行归到下级工会）。编号相同的驿站会被更新，不会重复。
            </View>
            <View className="card">
              <UnionChoice label="所属工会" orgs={orgs} selected={chosen} onSelect={setOrgId} help="没有“工会编码”的行归这个工会" />
            </View>
            <ImportFlow
              extensions={['csv']}
              formats="CSV 文件（UTF-8 或 GBK 编码，Excel 另存为 CSV 即可），最大 5 MB，最多 20000 行。"
              maxBytes={STATION_IMPORT_MAX_BYTES}
              blocked={chosen ? undefined : '请先选择所属工会'}
              check={async (file) => checkOf(await importStations({ orgId: chosen!, file: file.base64, dryRun: true }))}
              run={async (file) => {
                const report = await importStations({ orgId: chosen!, file: file.base64, dryRun: false });
                return `已导入：新增 ${report.created} 个、更新 ${report.updated} 个驿站${report.failed ? `，${report.failed} 行有误未导入` : ''}`;
              }}
            />
          </>
        ) : null}
      </View>
    </Screen>
  );
}
