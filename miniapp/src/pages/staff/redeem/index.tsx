import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { redeemInstruction, type RedeemResult } from '@union/shared';
import { redeemVoucher } from '../../../api/benefits';
import type { ApiError } from '../../../api/errors';
import ActionButton from '../../../components/ActionButton';
import FooterBar from '../../../components/FooterBar';
import Screen from '../../../components/Screen';
import { formatDateTime } from '../../../lib/dates';
import '../../benefits/benefits.scss';

/** Scan a member's voucher QR (weapp camera only) or, on H5, type the code under it; a voucher is redeemed once. */
export default function RedeemPage() {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: true; data: RedeemResult } | { ok: false; message: string } | null>(null);
  const weapp = process.env.TARO_ENV === 'weapp';

  async function redeem(code: string) {
    if (!code.trim() || busy) return;
    setBusy(true);
    try {
      setResult({ ok: true, data: await redeemVoucher(code.trim()) });
    } catch (error) {
      setResult({ ok: false, message: (error as ApiError).message });
    } finally {
      setBusy(false);
    }
  }

  async function scan() {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      await redeem(res.result);
    } catch (error) {
      const msg = String((error as { errMsg?: string }).errMsg ?? '');
      if (msg.includes('auth deny') || msg.includes('authorize')) {
        void Taro.showModal({ title: '需要相机权限', content: '请在设置中允许使用相机后再扫码。', showCancel: false });
      }
    }
  }

  return (
    <Screen withFooter>
      <View className="section">
        {result ? (
          <View className={`card claim-result ${result.ok ? 'claim-result--ok' : 'claim-result--refused'}`} ariaRole="alert">
            <View className="claim-result__mark">{result.ok ? '✓' : '!'}</View>
            <View className="claim-result__title">{result.ok ? '核销成功' : '不能核销'}</View>
            {result.ok ? <View className="claim-result__instruction">{redeemInstruction(result.data)}</View> : null}
            <View className="claim-result__text">
              {result.ok ? `${result.data.title} · ${result.data.memberName} · ${formatDateTime(result.data.redeemedAt)}` : result.message}
            </View>
          </View>
        ) : null}
        {!weapp ? (
          <View className="card">
            <View className="section__title">输入券码</View>
            <Input className="form-field__input" value={typed} placeholder="会员券码（二维码下方）" onInput={(e) => setTyped(e.detail.value)} maxlength={200} />
          </View>
        ) : null}
      </View>
      <FooterBar>
        {weapp ? (
          <ActionButton loading={busy} loadingText="正在核销…" onClick={() => void scan()}>
            扫码核销
          </ActionButton>
        ) : (
          <ActionButton loading={busy} loadingText="正在核销…" disabled={!typed.trim()} onClick={() => void redeem(typed)}>
            核销
          </ActionButton>
        )}
      </FooterBar>
    </Screen>
  );
}
