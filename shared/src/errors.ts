import { z } from 'zod';

/**
 * Stable, dotted error codes. Clients switch on `code`; `message` is the Chinese text
 * a user can act on. Add codes freely; never rename one that has shipped.
 */
export const ERROR_MESSAGES = {
  'request.invalid': '提交的内容有误，请检查后重试',
  'request.malformed_json': '请求格式错误，请刷新后重试',
  'request.unsupported_media_type': '不支持的请求格式',
  'request.body_too_large': '提交的内容过大',
  'request.not_found': '请求的内容不存在',
  'request.method_not_allowed': '不支持该操作',
  'request.rate_limited': '操作太频繁，请稍后再试',
  'server.internal': '服务暂时不可用，请稍后重试',
  'server.unavailable': '服务正在维护，请稍后重试',
  'auth.required': '请先登录',
  'auth.token_invalid': '登录已失效，请重新登录',
  'auth.token_expired': '登录已过期，请重新登录',
  'auth.refresh_invalid': '登录已失效，请重新登录',
  'auth.forbidden': '没有权限进行该操作',
  'auth.sms_too_frequent': '验证码发送太频繁，请稍后再试',
  'auth.sms_daily_limit': '今天获取验证码次数已达上限，请明天再试',
  'auth.sms_send_failed': '短信发送失败，请稍后重试',
  'auth.code_invalid': '验证码错误，请重新输入',
  'auth.code_expired': '验证码已过期，请重新获取',
  'auth.code_locked': '验证码错误次数过多，请重新获取',
  'auth.wechat_failed': '微信登录失败，请使用手机号登录',
  'orgs.not_found': '未找到该工会组织',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    requestId: z.string().optional(),
    /** Seconds to wait before trying again (429). */
    retryAfter: z.number().optional(),
    /** Wrong SMS-code tries left. */
    attemptsLeft: z.number().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export function messageFor(code: string): string {
  return (ERROR_MESSAGES as Record<string, string>)[code] ?? ERROR_MESSAGES['server.internal'];
}
