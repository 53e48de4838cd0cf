import { useState } from 'react';
import { View } from '@tarojs/components';
import { extractSignedCode, redeemInstruction, signedCodeKind, type RedeemResult } from '@union/shared';
import { redeemVoucher } from '../../../api/benefits';
import { toApiError } from '../../../api/errors';
import ScanPanel from '../../../components/ScanPanel';
import ScanResult from '../../../components/ScanResult';
import Screen from '../../../components/Screen';
import { typedCodeResolver } from '../../../hooks/typed-code';
import { formatDateTime } from '../../../lib/dates';

const VOUCHER_CODE = typedCodeResolver('voucher');

type Outcome = { ok: true; result: RedeemResult } | { ok: false; message: string };

/**
 * Staff redeem a member's voucher: its QR by camera (weapp: the system scanner; H5: the camera in the page), or the
 * short code under it typed. A voucher is redeemed once.
 */
export default function RedeemPage() {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const onCode = async (text: string) => {
    const code = extractSignedCode(text) ?? text.trim();
    if (signedCodeKind(code)?.kind === 'member') {
      setOutcome({ ok: false, message: '这是会员码。请会员打开“我的领取和券”，出示消费券的二维码。' });
      return;
    }
    setBusy(true);
    try {
      setOutcome({ ok: true, result: await redeemVoucher(code) });
    } catch (error) {
      setOutcome({ ok: false, message: toApiError(error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen>
      {outcome ? (
        <View className="section">
          {outcome.ok ? (
            <ScanResult
              ok
              title="核销成功"
              message={redeemInstruction(outcome.result)}
              rows={[
                { label: '券', value: outcome.result.title },
                { label: '会员', value: outcome.result.memberName },
                { label: '时间', value: formatDateTime(outcome.result.redeemedAt) },
              ]}
            />
          ) : (
            <ScanResult ok={false} title="不能核销" message={outcome.message} />
          )}
        </View>
      ) : null}
      <View className="section">
        <ScanPanel
          scanLabel="扫券码核销"
          codeLabel="券码"
          resolveTyped={VOUCHER_CODE}
          busy={busy}
          submitLabel="核销"
          busyText="正在核销…"
          onCode={(t) => void onCode(t)}
        />
      </View>
    </Screen>
  );
}
