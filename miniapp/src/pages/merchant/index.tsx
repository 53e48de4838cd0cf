import { useState } from 'react';
import { View } from '@tarojs/components';
import { extractSignedCode, redeemInstruction, signedCodeKind, type MerchantScanResult, type RedeemResult } from '@union/shared';
import { fetchMe } from '../../api/auth';
import { redeemVoucherAtMerchant } from '../../api/benefits';
import { toApiError } from '../../api/errors';
import { merchantScan } from '../../api/scan';
import Chips from '../../components/Chips';
import Screen from '../../components/Screen';
import ScanPanel from '../../components/ScanPanel';
import ScanResult from '../../components/ScanResult';
import { pageGate } from '../../components/PageGate';
import { typedCodeResolver } from '../../hooks/typed-code';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { formatDateTime } from '../../lib/dates';
import { MERCHANT_SCAN_PAGE } from '../../lib/navigation';
import './index.scss';

const MEMBER_CODE = typedCodeResolver('member');
const VOUCHER_CODE = typedCodeResolver('voucher');

type Mode = 'member' | 'voucher';
type Outcome =
  { mode: 'member'; ok: true; result: MerchantScanResult } | { mode: 'voucher'; ok: true; result: RedeemResult } | { mode: Mode; ok: false; message: string };

const MODES: { value: Mode; label: string }[] = [
  { value: 'member', label: '验证会员' },
  { value: 'voucher', label: '扫码核销代金券' },
];

/**
 * A 普惠商户 clerk at the counter: checks the member code (only whether the person is a valid member), or redeems
 * a member's voucher once, when the voucher's campaign names this shop.
 */
export default function MerchantScanPage() {
  const page = useAuthedRequest(() => fetchMe({ quiet: true }), MERCHANT_SCAN_PAGE);
  const [mode, setMode] = useState<Mode>('member');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const gate = pageGate({
    signedIn: page.signedIn,
    state: page.state,
    onRetry: () => void page.run(),
    signedOut: { title: '登录后扫码验证', description: '普惠商户店员用登记的手机号登录后，可扫描会员码验证会员身份。', returnTo: MERCHANT_SCAN_PAGE },
  });
  if (gate || page.state.status !== 'success') return gate;

  const merchant = page.state.data.merchants[0];
  if (!merchant) {
    return (
      <Screen>
        <View className="section">
          <ScanResult ok={false} title="您还不是商户店员" message="请联系签约工会，用您的手机号登记为普惠商户店员。" />
        </View>
      </Screen>
    );
  }

  const onCode = async (text: string) => {
    const code = extractSignedCode(text) ?? text.trim();
    if (mode === 'voucher' && signedCodeKind(code)?.kind === 'member') {
      // The customer showed the member code: say which code to show instead of 券码无效.
      setOutcome({ mode, ok: false, message: '这是会员码。请顾客打开“我的领取和券”，出示消费券的二维码。' });
      return;
    }
    setBusy(true);
    try {
      setOutcome(mode === 'member' ? { mode, ok: true, result: await merchantScan(code) } : { mode, ok: true, result: await redeemVoucherAtMerchant(code) });
    } catch (error) {
      setOutcome({ mode, ok: false, message: toApiError(error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen className="merchant-scan">
      <View className="section">
        <View className="merchant-scan__shop">{merchant.name}</View>
        <Chips
          label="扫码用途"
          columns={2}
          className="merchant-scan__modes"
          options={MODES}
          selected={mode}
          onSelect={(next) => {
            setMode(next);
            setOutcome(null);
          }}
        />
        <View className="merchant-scan__intro muted">
          {mode === 'member'
            ? '请顾客打开“会员卡”页出示会员码；核对姓名后给予会员优惠。'
            : '请顾客打开“我的领取和券”出示消费券二维码；每扫一次用券一次，按提示减免，仅限指定本店的券。'}
        </View>
      </View>
      {outcome ? (
        <View className="section">
          {outcome.ok && outcome.mode === 'member' ? (
            <ScanResult
              ok={outcome.result.valid}
              title={outcome.result.valid ? '有效会员' : '非有效会员'}
              rows={[{ label: '姓名', value: outcome.result.maskedName }]}
            />
          ) : null}
          {outcome.ok && outcome.mode === 'voucher' ? (
            // What to take off the bill reads first and large: 请减免 40 元，本券剩余 3 次.
            <View className="merchant-scan__redeemed">
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
            </View>
          ) : null}
          {!outcome.ok ? <ScanResult ok={false} title={outcome.mode === 'member' ? '非有效会员码' : '不能核销'} message={outcome.message} /> : null}
        </View>
      ) : null}
      <View className="section">
        <ScanPanel
          key={mode}
          scanLabel={mode === 'member' ? '扫会员码' : '扫券码核销'}
          codeLabel={mode === 'member' ? '会员码' : '券码'}
          resolveTyped={mode === 'member' ? MEMBER_CODE : VOUCHER_CODE}
          busy={busy}
          submitLabel={mode === 'member' ? '核验' : '核销'}
          busyText={mode === 'member' ? '正在核验…' : '正在核销…'}
          onCode={(t) => void onCode(t)}
        />
      </View>
    </Screen>
  );
}
