import { useState } from 'react';
import { Button, Input, View } from '@tarojs/components';
import { PRIVACY_POLICY_TEXT, USER_AGREEMENT_TEXT } from '@union/shared';
import { PHONE_INPUT, SMS_CODE_INPUT } from '../../lib/input-kinds';
import type { PhoneLoginState } from '../../hooks/use-phone-login';
import Sheet from '../Sheet';
import './index.scss';

type PhoneLoginProps = {
  /** The hook's result (hooks/use-phone-login): the fields, their errors and the send and WeChat actions. */
  login: Pick<
    PhoneLoginState,
    'phone' | 'code' | 'errors' | 'sendLabel' | 'sending' | 'secondsLeft' | 'codeSentTo' | 'devCode' | 'setPhone' | 'setCode' | 'sendCode' | 'submitWechatPhone'
  >;
};

const DOCS = { agreement: { title: '用户协议', text: USER_AGREEMENT_TEXT }, privacy: { title: '隐私政策', text: PRIVACY_POLICY_TEXT } };

/** Phone number and SMS code, with the right keyboards and autofill, and the terms the account is made under. */
export default function PhoneLogin({ login }: PhoneLoginProps) {
  const [doc, setDoc] = useState<keyof typeof DOCS | null>(null);
  // Sending, or waiting out the resend interval.
  const sendWaiting = login.sending || login.secondsLeft > 0;
  return (
    <View className="phone-login">
      {process.env.TARO_ENV === 'weapp' ? (
        <View className="phone-login__wechat">
          <Button
            className="phone-login__wechat-button"
            openType="getPhoneNumber"
            onGetPhoneNumber={(e) => {
              // No code: the person declined, or WeChat could not verify; the SMS fields stay right below.
              const code = (e.detail as { code?: string }).code;
              if (code) void login.submitWechatPhone(code);
            }}
          >
            微信手机号一键验证
          </Button>
          <View className="phone-login__or muted">或用短信验证码</View>
        </View>
      ) : null}
      <View className="field">
        <View className="field__label">手机号</View>
        <View className={`field__row ${login.errors.phone ? 'field__row--error' : ''}`}>
          <Input
            className="field__input"
            {...PHONE_INPUT}
            placeholder="请输入11位手机号"
            placeholderClass="field__placeholder"
            value={login.phone}
            ariaLabel="手机号"
            onInput={(e) => login.setPhone(e.detail.value)}
          />
          <View
            className={`field__send ${sendWaiting ? 'field__send--waiting' : ''}`}
            hoverClass="field__send--pressed"
            ariaRole="button"
            onClick={() => void login.sendCode()}
          >
            {login.sendLabel}
          </View>
        </View>
        {login.errors.phone ? (
          <View className="field__error" ariaRole="alert">
            {login.errors.phone}
          </View>
        ) : null}
      </View>

      <View className="field">
        <View className="field__label">验证码</View>
        <View className={`field__row ${login.errors.code ? 'field__row--error' : ''}`}>
          <Input
            className="field__input"
            {...SMS_CODE_INPUT}
            placeholder="6位短信验证码"
            placeholderClass="field__placeholder"
            value={login.code}
            ariaLabel="验证码"
            onInput={(e) => login.setCode(e.detail.value)}
          />
        </View>
        {login.errors.code ? (
          <View className="field__error" ariaRole="alert">
            {login.errors.code}
          </View>
        ) : null}
        {login.codeSentTo && !login.errors.code ? (
          <View className="field__help">
            验证码已发送至 {login.codeSentTo.slice(0, 3)}****{login.codeSentTo.slice(-4)}
          </View>
        ) : null}
        {login.devCode ? <View className="phone-login__dev-code">开发环境验证码：{login.devCode}</View> : null}
      </View>

      <View className="phone-login__terms">
        未注册的手机号验证后自动创建账号，即表示同意
        <View className="phone-login__link" hoverClass="phone-login__link--pressed" ariaRole="link" onClick={() => setDoc('agreement')}>
          《用户协议》
        </View>
        和
        <View className="phone-login__link" hoverClass="phone-login__link--pressed" ariaRole="link" onClick={() => setDoc('privacy')}>
          《隐私政策》
        </View>
      </View>

      <Sheet open={doc !== null} title={doc ? DOCS[doc].title : ''} onClose={() => setDoc(null)}>
        <View className="phone-login__doc">{doc ? DOCS[doc].text : ''}</View>
      </Sheet>
    </View>
  );
}
