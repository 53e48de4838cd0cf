import { useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { phoneSchema, smsCodeSchema } from '@union/shared';
import { loginWithSms, loginWithWechat, requestSmsCode } from '../../api/auth';
import { type ApiError, type ApiErrorCode, toApiError } from '../../api/errors';
import ActionButton from '../../components/ActionButton';
import FooterBar from '../../components/FooterBar';
import Screen from '../../components/Screen';
import { goAfterLogin, safeDecode } from '../../lib/navigation';
import './index.scss';

const DEFAULT_RESEND_SECONDS = 60;

type FieldErrors = { phone?: string; code?: string; form?: string };

/** About sending the code: shown under the phone number. */
const PHONE_CODES: readonly ApiErrorCode[] = ['auth.sms_too_frequent', 'auth.sms_daily_limit', 'auth.sms_send_failed'];
/** About the code typed: shown under the code. */
const CODE_CODES: readonly ApiErrorCode[] = ['auth.code_invalid', 'auth.code_expired', 'auth.code_locked'];

/** Puts a server error next to the field it is about; anything else goes above the button. */
function placeError(error: Pick<ApiError, 'code' | 'field' | 'message'>): FieldErrors {
  if (error.field === 'phone' || PHONE_CODES.includes(error.code)) return { phone: error.message };
  if (error.field === 'code' || CODE_CODES.includes(error.code)) return { code: error.message };
  return { form: error.message };
}

function digitsOnly(value: string, max: number): string {
  return value.replace(/\D/g, '').slice(0, max);
}

export default function LoginPage() {
  const router = useRouter();
  const redirect = safeDecode(router.params.redirect);

  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [sending, setSending] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [wechatBusy, setWechatBusy] = useState(false);
  const [devCode, setDevCode] = useState<string>();
  const [codeSentTo, setCodeSentTo] = useState<string>();
  // Counting from a deadline keeps the countdown right after the app was in the background.
  const [resendAt, setResendAt] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const timer = useRef<ReturnType<typeof setInterval>>();

  const secondsLeft = Math.max(0, Math.ceil((resendAt - now) / 1000));

  useEffect(() => {
    if (resendAt <= Date.now()) return undefined;
    timer.current = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= resendAt && timer.current) clearInterval(timer.current);
    }, 500);
    return () => {
      if (timer.current) clearInterval(timer.current);
    };
  }, [resendAt]);

  function validatePhone(): boolean {
    const result = phoneSchema.safeParse(phone);
    if (!result.success) {
      setErrors((e) => ({ ...e, phone: result.error.issues[0]?.message ?? '请输入11位手机号' }));
      return false;
    }
    return true;
  }

  async function sendCode() {
    if (sending || secondsLeft > 0) return;
    setErrors((e) => ({ ...e, phone: undefined, form: undefined }));
    if (!validatePhone()) return;
    setSending(true);
    try {
      const res = await requestSmsCode(phone);
      const t = Date.now();
      setNow(t);
      setResendAt(t + (res.resendAfter > 0 ? res.resendAfter : DEFAULT_RESEND_SECONDS) * 1000);
      setCodeSentTo(phone);
      setErrors({});
      if (res.devCode) {
        setDevCode(res.devCode);
        setCode(res.devCode);
      }
    } catch (error) {
      setErrors(placeError(toApiError(error)));
    } finally {
      setSending(false);
    }
  }

  async function submit() {
    if (submitting) return;
    const next: FieldErrors = {};
    const phoneResult = phoneSchema.safeParse(phone);
    if (!phoneResult.success) next.phone = phoneResult.error.issues[0]?.message;
    const codeResult = smsCodeSchema.safeParse(code);
    if (!codeResult.success) next.code = code ? codeResult.error.issues[0]?.message : '请输入短信验证码';
    setErrors(next);
    if (next.phone || next.code) return;

    setSubmitting(true);
    try {
      await loginWithSms(phone, code);
      goAfterLogin(redirect);
    } catch (error) {
      // The typed phone and code stay on screen so the user can fix just what is wrong.
      setErrors(placeError(toApiError(error)));
    } finally {
      setSubmitting(false);
    }
  }

  async function loginByWechat() {
    if (wechatBusy) return;
    setWechatBusy(true);
    setErrors({});
    try {
      const { code: wxCode } = await Taro.login();
      await loginWithWechat(wxCode);
      goAfterLogin(redirect);
    } catch (error) {
      const apiError = toApiError(error);
      // Taro.login itself failed (no ApiError): say what to do instead.
      setErrors({ form: apiError.status === -1 ? '微信登录失败，请使用手机号登录' : apiError.message });
    } finally {
      setWechatBusy(false);
    }
  }

  const sendLabel = sending ? '发送中…' : secondsLeft > 0 ? `${secondsLeft}秒后重发` : codeSentTo ? '重新获取' : '获取验证码';

  return (
    <Screen withFooter className='login'>
      <View className='login__intro'>
        <View className='login__title'>手机号登录</View>
        <View className='login__subtitle'>未注册的手机号验证后自动创建账号</View>
      </View>

      <View className='login__form card'>
        <View className='field'>
          <View className='field__label'>手机号</View>
          <View className={`field__row ${errors.phone ? 'field__row--error' : ''}`}>
            <Input
              className='field__input'
              type='number'
              maxlength={11}
              placeholder='请输入11位手机号'
              placeholderClass='field__placeholder'
              value={phone}
              ariaLabel='手机号'
              onInput={(e) => {
                setPhone(digitsOnly(e.detail.value, 11));
                if (errors.phone) setErrors((x) => ({ ...x, phone: undefined }));
              }}
            />
            <View
              className={`field__send ${sending || secondsLeft > 0 ? 'field__send--waiting' : ''}`}
              hoverClass='field__send--pressed'
              ariaRole='button'
              onClick={sendCode}
            >
              {sendLabel}
            </View>
          </View>
          {errors.phone ? (
            <View className='field__error' ariaRole='alert'>
              {errors.phone}
            </View>
          ) : null}
        </View>

        <View className='field'>
          <View className='field__label'>验证码</View>
          <View className={`field__row ${errors.code ? 'field__row--error' : ''}`}>
            <Input
              className='field__input'
              type='number'
              maxlength={6}
              placeholder='6位短信验证码'
              placeholderClass='field__placeholder'
              value={code}
              ariaLabel='验证码'
              onInput={(e) => {
                setCode(digitsOnly(e.detail.value, 6));
                if (errors.code) setErrors((x) => ({ ...x, code: undefined }));
              }}
            />
          </View>
          {errors.code ? (
            <View className='field__error' ariaRole='alert'>
              {errors.code}
            </View>
          ) : null}
          {codeSentTo && !errors.code ? (
            <View className='field__help'>验证码已发送至 {codeSentTo.slice(0, 3)}****{codeSentTo.slice(-4)}</View>
          ) : null}
          {devCode ? <View className='login__dev-code'>开发环境验证码：{devCode}</View> : null}
        </View>
      </View>

      {process.env.TARO_ENV === 'weapp' ? (
        <View className='login__wechat'>
          <ActionButton variant='secondary' loading={wechatBusy} loadingText='微信登录中…' onClick={loginByWechat}>
            微信登录
          </ActionButton>
        </View>
      ) : null}

      <FooterBar>
        {errors.form ? (
          <View className='login__form-error' ariaRole='alert'>
            {errors.form}
          </View>
        ) : null}
        <ActionButton loading={submitting} loadingText='登录中…' onClick={submit}>
          登录
        </ActionButton>
      </FooterBar>
    </Screen>
  );
}
