import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import type { CheckInResult } from '@union/shared';
import { checkInBooking } from '../../../api/bookings';
import { toApiError } from '../../../api/errors';
import ActionButton from '../../../components/ActionButton';
import FooterBar from '../../../components/FooterBar';
import FormField from '../../../components/FormField';
import Screen from '../../../components/Screen';
import { formatClock, formatDateTime } from '../../../lib/dates';
import './index.scss';

const isWeapp = process.env.TARO_ENV === 'weapp';

/** Staff check a member in by scanning the booking code; a second scan of the same code answers the same. */
export default function CheckInPage() {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CheckInResult | null>(null);
  const [error, setError] = useState<string | undefined>();

  const submit = async (token: string) => {
    if (!token.trim()) {
      setError('请输入或扫描预约码');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      setResult(await checkInBooking(token.trim()));
      setCode('');
    } catch (e) {
      setResult(null);
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const scan = async () => {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      await submit(res.result);
    } catch (e) {
      const message = (e as { errMsg?: string }).errMsg ?? '';
      if (/auth|deny|permission/i.test(message)) setError('没有相机权限：请在设置中允许使用摄像头，或手动输入预约码');
      // Closing the scanner is not an error.
    }
  };

  return (
    <Screen withFooter className="check-in">
      {result ? (
        <View className="section">
          <View className="card check-in__ok" ariaRole="status">
            <View className="check-in__ok-title">✓ 签到成功</View>
            <View className="check-in__line">{result.memberName}</View>
            <View className="check-in__line">{result.serviceTitle}</View>
            <View className="check-in__line muted">
              {formatDateTime(result.slotStartsAt)}–{formatClock(result.slotEndsAt)} · {formatClock(result.checkedInAt)} 签到
            </View>
          </View>
        </View>
      ) : null}
      <View className="section">
        <View className="card">
          <FormField
            label="预约码"
            error={error}
            help={isWeapp ? '扫描会员出示的预约码；扫不出时可手动输入。' : '输入会员预约码下方的编码，或用微信小程序扫码。'}
          >
            <View className="form-field__row">
              <Input
                className="form-field__input"
                value={code}
                ariaLabel="预约码"
                placeholder="预约码下方的编码，如 b.…"
                maxlength={200}
                confirmType="done"
                onInput={(e) => setCode(e.detail.value)}
                onConfirm={() => void submit(code)}
              />
            </View>
          </FormField>
          <ActionButton variant="secondary" loading={busy} loadingText="正在签到…" onClick={() => void submit(code)}>
            按编码签到
          </ActionButton>
        </View>
      </View>
      {isWeapp ? (
        <FooterBar>
          <ActionButton loading={busy} loadingText="正在签到…" onClick={() => void scan()}>
            扫码签到
          </ActionButton>
        </FooterBar>
      ) : null}
    </Screen>
  );
}
