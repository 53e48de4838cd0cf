import { useState } from 'react';
import { View } from '@tarojs/components';
import { extractSignedCode, type StaffScanResult } from '@union/shared';
import { fetchMe } from '../../../api/auth';
import { toApiError } from '../../../api/errors';
import { staffScan } from '../../../api/scan';
import Screen from '../../../components/Screen';
import ScanPanel from '../../../components/ScanPanel';
import ScanResult from '../../../components/ScanResult';
import { pageGate } from '../../../components/PageGate';
import { typedCodeResolver } from '../../../hooks/typed-code';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { formatClock } from '../../../lib/dates';
import { MEMBERSHIP_STATUS_LABELS } from '../../../lib/labels';
import { STAFF_SCAN_PAGE } from '../../../lib/navigation';
import './index.scss';

const MEMBER_CODE = typedCodeResolver('member');

type Outcome = { ok: true; result: StaffScanResult } | { ok: false; message: string };

function StaffScanOutcome({ outcome }: { outcome: Outcome }) {
  if (!outcome.ok) return <ScanResult ok={false} title="核验未通过" message={outcome.message} />;
  const r = outcome.result;
  const rows = [
    { label: '姓名', value: r.maskedName },
    { label: '所属工会', value: r.orgName },
    ...(r.status ? [{ label: '会籍状态', value: MEMBERSHIP_STATUS_LABELS[r.status] }] : []),
    ...(r.memberNo ? [{ label: '会员号', value: r.memberNo }] : []),
  ];
  return (
    <ScanResult
      ok={r.valid}
      title={r.valid ? '有效会员' : '非有效会员'}
      message={
        r.valid ? (r.inScope ? `会员码 ${formatClock(r.codeExpiresAt)} 前有效` : '该会员不属于您负责的工会，仅显示是否有效') : '该会籍已终止，不能享受会员服务'
      }
      rows={rows}
    />
  );
}

/** Staff verify a member's code at a stall or station: camera scan, or the typed code. */
export default function StaffScanPage() {
  const page = useAuthedRequest(() => fetchMe({ quiet: true }), STAFF_SCAN_PAGE);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const gate = pageGate({
    signedIn: page.signedIn,
    state: page.state,
    onRetry: () => void page.run(),
    signedOut: { title: '登录后扫码核验', description: '工会工作人员登录后可扫描会员码核验会籍。', returnTo: STAFF_SCAN_PAGE },
  });
  if (gate || page.state.status !== 'success') return gate;

  if (!page.state.data.roles.some((r) => r === 'staff' || r === 'operator')) {
    return (
      <Screen>
        <View className="section">
          <ScanResult ok={false} title="仅限工会工作人员" message="扫码核验会员需要工会工作人员权限。" />
        </View>
      </Screen>
    );
  }

  const onCode = async (text: string) => {
    setBusy(true);
    try {
      setOutcome({ ok: true, result: await staffScan(extractSignedCode(text) ?? text.trim()) });
    } catch (error) {
      setOutcome({ ok: false, message: toApiError(error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen className="staff-scan">
      <View className="section">
        <View className="staff-scan__intro muted">请会员打开“会员卡”页出示会员码，扫描后核验会籍。</View>
      </View>
      {outcome ? (
        <View className="section">
          <StaffScanOutcome outcome={outcome} />
        </View>
      ) : null}
      <View className="section">
        <ScanPanel scanLabel="扫会员码" codeLabel="会员码" resolveTyped={MEMBER_CODE} busy={busy} onCode={(t) => void onCode(t)} />
      </View>
    </Screen>
  );
}
