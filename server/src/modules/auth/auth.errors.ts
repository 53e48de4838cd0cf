import { AppError } from '../../lib/errors';

export const authErrors = {
  smsTooFrequent: (retryAfter: number) =>
    new AppError('auth.sms_too_frequent', { message: `验证码发送太频繁，请${retryAfter}秒后再试`, extra: { retryAfter } }),
  smsDailyLimit: () => new AppError('auth.sms_daily_limit'),
  smsIpLimit: () => new AppError('auth.sms_too_frequent', { message: '该网络获取验证码太频繁，请稍后再试' }),
  smsSendFailed: () => new AppError('auth.sms_send_failed'),
  codeInvalid: (left: number) =>
    new AppError('auth.code_invalid', { field: 'code', message: `验证码错误，还可以再试${left}次`, extra: { attemptsLeft: left } }),
  codeExpired: () => new AppError('auth.code_expired', { field: 'code' }),
  codeLocked: () => new AppError('auth.code_locked', { field: 'code' }),
  refreshInvalid: () => new AppError('auth.refresh_invalid'),
  sessionExpired: () => new AppError('auth.session_expired'),
  accountDisabled: () => new AppError('auth.account_disabled'),
  smsGlobalLimit: () => new AppError('auth.sms_global_limit'),
  wechatFailed: () => new AppError('auth.wechat_failed'),
  wechatPhoneFailed: () => new AppError('auth.wechat_phone_failed'),
  accountGone: () => new AppError('auth.token_invalid'),
};
