import { useEffect, useRef, useState } from 'react';
import { phoneSchema, smsCodeSchema } from '@union/shared';
import { loginWithSms, loginWithWechatPhone, requestSmsCode } from '../api/auth';
import { type ApiError, type ApiErrorCode, toApiError } from '../api/errors';

const DEFAULT_RESEND_SECONDS = 60;

export type PhoneLoginErrors = { phone?: string; code?: string; form?: string };

/** About sending the code: shown under the phone number. */
const PHONE_CODES: readonly ApiErrorCode[] = ['auth.sms_too_frequent', 'auth.sms_daily_limit', 'auth.sms_send_failed'];
/** About the code typed: shown under the code. */
const CODE_CODES: readonly ApiErrorCode[] = ['auth.code_invalid', 'auth.code_expired', 'auth.code_locked'];

/** Puts a server error next to the field it is about; anything else goes above the button. */
export function placeLoginError(error: Pick<ApiError, 'code' | 'field' | 'message'>): PhoneLoginErrors {
  if (error.field === 'phone' || PHONE_CODES.includes(error.code)) return { phone: error.message };
  if (error.field === 'code' || CODE_CODES.includes(error.code)) return { code: error.message };
  return { form: error.message };
}

function digitsOnly(value: string, max: number): string {
  return value.replace(/\D/g, '').slice(0, max);
}

/**
 * The phone + SMS code step, wherever an account is made: the login page and the join page's first
 * step. `onSignedIn` runs once the session is saved.
 */
export function usePhoneLogin(onSignedIn: () => void) {
  const [phone, setPhoneValue] = useState('');
  const [code, setCodeValue] = useState('');
  const [errors, setErrors] = useState<PhoneLoginErrors>({});
  const [sending, setSending] = useState(false);
  const [submitting, setSubmitting] = useState(false);
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

  function setPhone(value: string) {
    setPhoneValue(digitsOnly(value, 11));
    if (errors.phone) setErrors((x) => ({ ...x, phone: undefined }));
  }

  function setCode(value: string) {
    setCodeValue(digitsOnly(value, 6));
    if (errors.code) setErrors((x) => ({ ...x, code: undefined }));
  }

  async function sendCode() {
    if (sending || secondsLeft > 0) return;
    setErrors((e) => ({ ...e, phone: undefined, form: undefined }));
    const result = phoneSchema.safeParse(phone);
    if (!result.success) {
      setErrors((e) => ({ ...e, phone: result.error.issues[0]?.message ?? '请输入11位手机号' }));
      return;
    }
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
        setCodeValue(res.devCode);
      }
    } catch (error) {
      setErrors(placeLoginError(toApiError(error)));
    } finally {
      setSending(false);
    }
  }

  async function submit() {
    if (submitting) return;
    const next: PhoneLoginErrors = {};
    const phoneResult = phoneSchema.safeParse(phone);
    if (!phoneResult.success) next.phone = phoneResult.error.issues[0]?.message;
    const codeResult = smsCodeSchema.safeParse(code);
    if (!codeResult.success) next.code = code ? codeResult.error.issues[0]?.message : '请输入短信验证码';
    setErrors(next);
    if (next.phone || next.code) return;

    setSubmitting(true);
    try {
      await loginWithSms(phone, code);
      onSignedIn();
    } catch (error) {
      // The typed phone and code stay on screen so the user can fix just what is wrong.
      setErrors(placeLoginError(toApiError(error)));
    } finally {
      setSubmitting(false);
    }
  }

  /** weapp: the code from getPhoneNumber signs in with the phone WeChat vouches for. */
  async function submitWechatPhone(wxCode: string) {
    if (submitting) return;
    setErrors({});
    setSubmitting(true);
    try {
      await loginWithWechatPhone(wxCode);
      onSignedIn();
    } catch (error) {
      setErrors({ form: toApiError(error).message });
    } finally {
      setSubmitting(false);
    }
  }

  const sendLabel = sending ? '发送中…' : secondsLeft > 0 ? `${secondsLeft}秒后重发` : codeSentTo ? '重新获取' : '获取验证码';

  return {
    phone,
    code,
    errors,
    setErrors,
    sending,
    submitting,
    devCode,
    codeSentTo,
    secondsLeft,
    sendLabel,
    setPhone,
    setCode,
    sendCode,
    submit,
    submitWechatPhone,
  };
}

export type PhoneLoginState = ReturnType<typeof usePhoneLogin>;
