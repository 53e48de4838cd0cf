import { useState } from 'react';
import { View } from '@tarojs/components';
import { extractSignedCode, type CheckInResult } from '@union/shared';
import { checkInBooking } from '../../../api/bookings';
import { toApiError } from '../../../api/errors';
import ScanPanel from '../../../components/ScanPanel';
import ScanResult from '../../../components/ScanResult';
import Screen from '../../../components/Screen';
import { typedCodeResolver } from '../../../hooks/typed-code';
import { formatClock, formatDateTime } from '../../../lib/dates';
import './index.scss';

const BOOKING_CODE = typedCodeResolver('booking');

type Outcome = { ok: true; result: CheckInResult } | { ok: false; message: string };

/**
 * Staff check a member in: the booking code by camera (weapp: the system scanner; H5: the camera in the page), or the
 * short code under it typed. A second scan of the same code answers the same.
 */
export default function CheckInPage() {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const onCode = async (text: string) => {
    setBusy(true);
    try {
      setOutcome({ ok: true, result: await checkInBooking(extractSignedCode(text) ?? text.trim()) });
    } catch (e) {
      setOutcome({ ok: false, message: toApiError(e).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen className="check-in">
      <View className="section">
        <View className="check-in__intro muted">请会员打开“我的预约”，点“出示预约码”，扫码或输入二维码下方的码签到。</View>
      </View>
      {outcome?.ok ? (
        <View className="section">
          <View className="card check-in__ok" ariaRole="status">
            <View className="check-in__ok-title">✓ 签到成功</View>
            <View className="check-in__line">{outcome.result.memberName}</View>
            <View className="check-in__line">{outcome.result.serviceTitle}</View>
            <View className="check-in__line muted">
              {formatDateTime(outcome.result.slotStartsAt)}–{formatClock(outcome.result.slotEndsAt)} · {formatClock(outcome.result.checkedInAt)} 签到
            </View>
          </View>
        </View>
      ) : null}
      {outcome && !outcome.ok ? (
        <View className="section">
          <ScanResult ok={false} title="不能签到" message={outcome.message} />
        </View>
      ) : null}
      <View className="section">
        <ScanPanel
          scanLabel="扫码签到"
          codeLabel="预约码"
          resolveTyped={BOOKING_CODE}
          busy={busy}
          submitLabel="签到"
          busyText="正在签到…"
          onCode={(t) => void onCode(t)}
        />
      </View>
    </Screen>
  );
}
