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
  'request.invalid_url': '请求地址格式错误',
  'request.invalid_characters': '提交的内容包含无法识别的字符，请检查后重试',
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
  'auth.wechat_phone_failed': '微信手机号获取失败，请用短信验证码登录',
  'auth.session_revoked': '登录已失效，请重新登录',
  'auth.session_expired': '工作人员登录已到期，为了账号安全请重新登录',
  'auth.account_disabled': '该账号已停用，如有疑问请联系所在工会',
  'auth.sms_global_limit': '今天的验证码发送量已达上限，请明天再试或使用微信登录',
  'live.ticket_used': '实时推送凭证已使用过，请刷新页面',
  'live.too_many_streams': '同时打开的实时页面过多，请关闭其他页面后重试',
  'orgs.not_found': '未找到该工会组织',
  'orgs.not_joinable': '该工会组织不直接受理入会，请选择街道、社区、行业或企业工会',
  'events.not_found': '未找到该入会活动，请向现场工作人员确认二维码',
  'events.ended': '该入会活动已结束，您仍可直接选择工会申请入会',
  'applications.not_found': '未找到该入会申请',
  'applications.duplicate': '您已有一份待审核的入会申请，请等待审核结果',
  'applications.already_decided': '该申请已处理，请刷新后查看',
  'applications.not_editable': '该申请当前状态不能修改',
  'applications.no_union': '暂未找到可受理的工会，请选择一个工会后提交',
  'applications.phone_required': '请先绑定手机号后再申请入会',
  'applications.own_application': '不能审核本人提交的入会申请',
  'applications.realname_failed': '姓名、身份证号与手机号不一致，请核对后重新提交；如手机号不是本人实名办理，请到现场由工作人员协助',
  'members.already_member': '您已是工会会员，如已换工作可申请转会',
  'members.not_member': '您还不是工会会员',
  'members.service_card_exists': '互助服务卡已在办理或已开卡',
  'ocr.unreadable': '没有认出身份证，请把人像面放平、拍清楚后重试，或直接填写',
  'ocr.failed': '身份证识别暂时不可用，请直接填写',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** The HTTP status each code is always sent with: one code, one status. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  'request.invalid': 400,
  'request.malformed_json': 400,
  'request.unsupported_media_type': 415,
  'request.body_too_large': 413,
  'request.not_found': 404,
  'request.invalid_url': 400,
  'request.invalid_characters': 400,
  'request.rate_limited': 429,
  'server.internal': 500,
  'server.unavailable': 503,
  'auth.required': 401,
  'auth.token_invalid': 401,
  'auth.token_expired': 401,
  'auth.refresh_invalid': 401,
  'auth.forbidden': 403,
  'auth.session_revoked': 401,
  'auth.session_expired': 401,
  'auth.account_disabled': 403,
  'auth.sms_global_limit': 429,
  'live.ticket_used': 401,
  'live.too_many_streams': 429,
  'auth.sms_too_frequent': 429,
  'auth.sms_daily_limit': 429,
  'auth.sms_send_failed': 502,
  'auth.code_invalid': 400,
  'auth.code_expired': 400,
  'auth.code_locked': 400,
  'auth.wechat_failed': 400,
  'auth.wechat_phone_failed': 400,
  'orgs.not_found': 404,
  'orgs.not_joinable': 400,
  'events.not_found': 404,
  'events.ended': 409,
  'applications.not_found': 404,
  'applications.duplicate': 409,
  'applications.already_decided': 409,
  'applications.not_editable': 409,
  'applications.no_union': 400,
  'applications.phone_required': 400,
  'applications.own_application': 403,
  'applications.realname_failed': 400,
  'members.already_member': 409,
  'members.not_member': 404,
  'members.service_card_exists': 409,
  'ocr.unreadable': 422,
  'ocr.failed': 502,
};

export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, code);
}

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string() as z.ZodType<ErrorCode>,
    message: z.string(),
    field: z.string().optional(),
    requestId: z.string().optional(),
    /** Seconds to wait before trying again (429). */
    retryAfter: z.number().optional(),
    /** Wrong SMS-code tries left. */
    attemptsLeft: z.number().optional(),
    /** members.already_member: the union the person belongs to, and whether a transfer can be asked for. */
    orgName: z.string().optional(),
    canTransfer: z.boolean().optional(),
    /** applications.already_decided: the status it had when this request saw it. */
    status: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export function messageFor(code: string): string {
  return isErrorCode(code) ? ERROR_MESSAGES[code] : ERROR_MESSAGES['server.internal'];
}
