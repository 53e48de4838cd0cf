import { useState } from 'react';
import { View } from '@tarojs/components';
import { extractSignedCode, type MerchantScanResult } from '@union/shared';
import { fetchMe } from '../../api/auth';
import { toApiError } from '../../api/errors';
import { merchantScan } from '../../api/scan';
import Screen from '../../components/Screen';
import ScanPanel from '../../components/ScanPanel';
import ScanResult from '../../components/ScanResult';
import SignedOut from '../../components/SignedOut';
import { RequestStatus } from '../../components/StateView';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { MERCHANT_SCAN_PAGE } from '../../lib/navigation';
import './index.scss';

type Outcome = { ok: true; result: MerchantScanResult } | { ok: false; message: string };

/** A 普惠商户 clerk checks the member code at the counter and sees only whether the person is a valid member. */
export default function MerchantScanPage() {
  const page = useAuthedRequest(() => fetchMe({ quiet: true }), MERCHANT_SCAN_PAGE);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  if (!page.signedIn) {
    return (
      <Screen>
        <SignedOut title='登录后扫码验证' description='普惠商户店员用登记的手机号登录后，可扫描会员码验证会员身份。' returnTo={MERCHANT_SCAN_PAGE} />
      </Screen>
    );
  }
  if (page.state.status !== 'success') {
    return (
      <Screen>
        <View className='section'>
          <RequestStatus state={page.state} loadingText='正在加载…' errorTitle='加载失败' onRetry={() => void page.run()} />
        </View>
      </Screen>
    );
  }
  const merchant = page.state.data.merchants[0];
  if (!merchant) {
    return (
      <Screen>
        <View className='section'>
          <ScanResult ok={false} title='您还不是商户店员' message='请联系签约工会，用您的手机号登记为普惠商户店员。' />
        </View>
      </Screen>
    );
  }

  const onCode = async (text: string) => {
    setBusy(true);
    try {
      setOutcome({ ok: true, result: await merchantScan(extractSignedCode(text) ?? text.trim()) });
    } catch (error) {
      setOutcome({ ok: false, message: toApiError(error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen className='merchant-scan'>
      <View className='section'>
        <View className='merchant-scan__shop'>{merchant.name}</View>
        <View className='merchant-scan__intro muted'>请顾客打开“会员卡”页出示会员码；核对姓名后给予会员优惠。</View>
      </View>
      {outcome ? (
        <View className='section'>
          {outcome.ok ? (
            <ScanResult
              ok={outcome.result.valid}
              title={outcome.result.valid ? '有效会员' : '非有效会员'}
              rows={[{ label: '姓名', value: outcome.result.maskedName }]}
            />
          ) : (
            <ScanResult ok={false} title='非有效会员码' message={outcome.message} />
          )}
        </View>
      ) : null}
      <View className='section'>
        <ScanPanel scanLabel='扫会员码' codeLabel='会员码' busy={busy} onCode={(t) => void onCode(t)} />
      </View>
    </Screen>
  );
}
