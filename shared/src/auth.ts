import { z } from 'zod';
import { membershipStatusSchema, staffRoleSchema } from './enums';
import { MOBILE_PATTERN } from './validators/phone';

export const phoneSchema = z.string({ error: '请输入手机号' }).regex(MOBILE_PATTERN, { error: '请输入11位手机号（不含+86、空格或横线）' });

export const smsCodeSchema = z.string({ error: '请输入验证码' }).regex(/^\d{6}$/, { error: '验证码为6位数字' });

export const smsRequestSchema = z.strictObject({ phone: phoneSchema });
export type SmsRequest = z.infer<typeof smsRequestSchema>;

export const smsResponseSchema = z.object({
  /** Seconds until another code may be requested for this phone. */
  resendAfter: z.number().int(),
  /** Seconds the code stays valid. */
  expiresIn: z.number().int(),
  /** Only with the development SMS provider. */
  devCode: z.string().optional(),
});
export type SmsResponse = z.infer<typeof smsResponseSchema>;

export const loginRequestSchema = z.strictObject({ phone: phoneSchema, code: smsCodeSchema });
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const wechatLoginRequestSchema = z.strictObject({
  code: z
    .string({ error: '缺少微信登录凭证' })
    .min(1)
    .max(128)
    .regex(/^[\w-]+$/, { error: '微信登录凭证格式错误' }),
});
export type WechatLoginRequest = z.infer<typeof wechatLoginRequestSchema>;

/** The code from a weapp `<Button openType="getPhoneNumber">`: WeChat vouches for the phone, no SMS needed. */
export const wechatPhoneLoginRequestSchema = z.strictObject({
  code: z
    .string({ error: '缺少手机号授权凭证' })
    .min(1)
    .max(128)
    .regex(/^[\w-]+$/, { error: '手机号授权凭证格式错误' }),
});
export type WechatPhoneLoginRequest = z.infer<typeof wechatPhoneLoginRequestSchema>;

export const refreshRequestSchema = z.strictObject({
  refreshToken: z.string().min(20).max(200),
});
export type RefreshRequest = z.infer<typeof refreshRequestSchema>;

export const roleGrantSchema = z.object({
  role: staffRoleSchema,
  orgId: z.string(),
  orgName: z.string(),
  orgCode: z.string(),
});
export type RoleGrant = z.infer<typeof roleGrantSchema>;

export const accountSchema = z.object({
  id: z.string(),
  /** Masked, e.g. 138****5678; null for a WeChat-only account that has not bound a phone. */
  phone: z.string().nullable(),
  hasWechat: z.boolean(),
  createdAt: z.string(),
});
export type Account = z.infer<typeof accountSchema>;

export const tokenPairSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int(),
});

export const loginResponseSchema = tokenPairSchema.extend({ account: accountSchema });
export type LoginResponse = z.infer<typeof loginResponseSchema>;
export type TokenPair = z.infer<typeof tokenPairSchema>;

export const membershipSummarySchema = z.object({
  memberNo: z.string(),
  /** The member's own name, as on the card (shown to them only, in 我的). */
  name: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  status: membershipStatusSchema,
  joinedAt: z.string(),
});
export type MembershipSummary = z.infer<typeof membershipSummarySchema>;

export const meResponseSchema = z.object({
  account: accountSchema,
  /** member, staff, operator and merchant, as derived from the membership, grants and merchants; applicant when none. */
  roles: z.array(z.enum(['applicant', 'member', 'staff', 'operator', 'merchant'])),
  grants: z.array(roleGrantSchema),
  membership: membershipSummarySchema.nullable(),
  /** The 普惠商户 this account checks member codes for as a clerk (role `merchant`). */
  merchants: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

/** Shown where an account is created (the phone step on the login and join pages). */
export const USER_AGREEMENT_TEXT =
  '本服务由工会组织提供，用于职工申请入会、使用会员卡和会员服务。您用本人手机号登录，未注册的手机号验证后自动创建账号。请如实填写信息，不得冒用他人身份；会员权益仅限本人使用，不得转让或兑换现金。您可以随时退出登录，或联系所在工会注销账号。';
export const PRIVACY_POLICY_TEXT =
  '登录时我们只收集您的手机号，用于发送验证码和识别您的账号。手机号加密保存，在页面和记录中只显示前三位和后四位。入会时收集的信息另见《个人信息保护说明》。未经您单独同意，不会向任何第三方提供您的个人信息。';
