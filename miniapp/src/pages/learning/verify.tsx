import { useEffect, useRef, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { CERTIFICATE_SOURCE_LABELS } from '@union/shared';
import { checkCertificate } from '../../api/learning';
import ActionButton from '../../components/ActionButton';
import FormField from '../../components/FormField';
import Screen from '../../components/Screen';
import { LoadingState } from '../../components/StateView';
import { useRequest } from '../../hooks/use-request';
import { formatDate } from '../../lib/dates';
import { webInputAttrs } from '../../lib/input-kinds';
import { safeDecode } from '../../lib/navigation';
import { certificateKind, checkText } from './certificate-text';
import './certificates.scss';

const CODE_INPUT = webInputAttrs({ autocapitalize: 'characters', autocomplete: 'off', spellcheck: false });

/**
 * 证书查验, for anyone (an employer, a training centre), signed in or not: the code printed on a certificate, typed or
 * opened from its QR (`?code=`), answers who holds it (name partly hidden), what, when and which union; an unknown code
 * is said plainly. Wrong codes are limited per IP by the server.
 */
export default function VerifyPage() {
  const given = safeDecode(useRouter().params.code) ?? '';
  const [typed, setTyped] = useState(given);
  const [asked, setAsked] = useState(given);
  const check = useRequest(() => checkCertificate(asked));
  const { run } = check;
  const ran = useRef('');

  useEffect(() => {
    if (!asked.trim() || ran.current === asked) return;
    ran.current = asked;
    void run();
  }, [asked, run]);

  function submit() {
    const code = typed.trim();
    if (!code) return;
    ran.current = '';
    setAsked(code);
  }

  const { state } = check;
  return (
    <Screen>
      <View className="section">
        <View className="card">
          <FormField label="证书验证码" help="证书上的 8 位验证码，如 K7QM-3XPA，不区分大小写">
            <View className="verify__row">
              <Input
                className="verify__input"
                type="text"
                value={typed}
                maxlength={20}
                placeholder="输入验证码"
                ariaLabel="证书验证码"
                confirmType="search"
                {...CODE_INPUT}
                onInput={(e) => setTyped(e.detail.value)}
                onConfirm={submit}
              />
            </View>
          </FormField>
          <View className="verify__action">
            <ActionButton disabled={!typed.trim()} loading={state.status === 'loading'} loadingText="正在查验…" onClick={submit}>
              查验
            </ActionButton>
          </View>
        </View>
        <View className="verify__result">
          {state.status === 'loading' ? <LoadingState text="正在查验…" /> : null}
          {state.status === 'error' ? (
            <View className="card" ariaRole="alert">
              <View className="verify__status verify__status--missing">{state.error.code === 'certificates.not_found' ? '未查到该证书' : '暂时无法查验'}</View>
              <View className="certificate__text">{state.error.message}</View>
            </View>
          ) : null}
          {state.status === 'success' ? (
            <View className="card" ariaRole="status">
              <View className="verify__status">✓ 证书有效</View>
              <View className="certificate__text">{checkText(state.data)}</View>
              <View className="certificate__facts">
                <View className="certificate__fact">
                  <View className="muted">证书</View>
                  <View className="certificate__value">
                    {certificateKind(state.data)}（{CERTIFICATE_SOURCE_LABELS[state.data.source]}）
                  </View>
                </View>
                <View className="certificate__fact">
                  <View className="muted">持证人</View>
                  <View className="certificate__value">{state.data.holderName}</View>
                </View>
                <View className="certificate__fact">
                  <View className="muted">颁发单位</View>
                  <View className="certificate__value">{state.data.orgName}</View>
                </View>
                <View className="certificate__fact">
                  <View className="muted">颁发日期</View>
                  <View className="certificate__value">{formatDate(state.data.issuedAt)}</View>
                </View>
                <View className="certificate__fact">
                  <View className="muted">验证码</View>
                  <View className="certificate__value certificate__code">{state.data.code}</View>
                </View>
              </View>
              <View className="certificate__hint muted">为保护个人信息，持证人姓名部分隐藏，请与证书原件上的姓名核对。</View>
            </View>
          ) : null}
        </View>
      </View>
    </Screen>
  );
}
