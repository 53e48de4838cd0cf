import { AppError } from '../../lib/errors';

export const authErrors = {
  smsTooFrequent: (retryAfter: number) =>
    new AppError('auth.sms_too_frequent', 429, { message: `验证码发送太频繁，请${retryAfter}秒后再试`, extra: { retryAfter } }),
  smsDailyLimit: () => new AppError('auth.sms_daily_limit', 429),
  smsIpLimit: () => new AppError('auth.sms_too_frequent', 429, { message: '该网络获取验证码太频繁，请稍后再试' }),
  smsSendFailed: () => new AppError('auth.sms_send_failed', 502),
  codeInvalid: (left: number) =>
    new AppError('auth.code_invalid', 400, { field: 'code', message: `验证码错误，还可以再试${left}次`, extra: { attemptsLeft: left } }),
  codeExpired: () => new AppError('auth.code_expired', 400, { field: 'code' }),
  codeLocked: () => new AppError('auth.code_locked', 400, { field: 'code' }),
  refreshInvalid: () => new AppError('auth.refresh_invalid', 401),
  sessionExpired: () => new AppError('auth.session_expired', 401),
  accountDisabled: () => new AppError('auth.account_disabled', 403),
  smsGlobalLimit: () => new AppError('auth.sms_global_limit', 429),
  wechatFailed: () => new AppError('auth.wechat_failed', 400),
  accountGone: () => new AppError('auth.token_invalid', 401),
};
