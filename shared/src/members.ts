import { z } from 'zod';
import { genderSchema, membershipStatusSchema, serviceCardStatusSchema, type ServiceCardStatus } from './enums';
import { BANK_CONSENT_VERSION } from './applications';

export const SERVICE_CARD_STATUS_LABELS: Record<ServiceCardStatus, string> = {
  none: '未申请',
  applying: '申请中',
  issued: '已开卡',
  failed: '办理失败',
};

export const memberCardSchema = z.object({
  memberNo: z.string(),
  name: z.string(),
  gender: genderSchema,
  orgId: z.string(),
  orgName: z.string(),
  status: membershipStatusSchema,
  joinedAt: z.string(),
  serviceCard: z.object({
    status: serviceCardStatusSchema,
    bankName: z.string(),
    /** Masked: 6222 **** **** 1234 */
    cardNo: z.string().nullable(),
    failureReason: z.string().nullable(),
    requestedAt: z.string().nullable(),
    issuedAt: z.string().nullable(),
  }),
});
export type MemberCard = z.infer<typeof memberCardSchema>;

export const serviceCardRequestSchema = z.strictObject({
  consentVersion: z.literal(BANK_CONSENT_VERSION, { error: '请阅读并同意向合作银行提供信息' }),
});

/** 11010226000123 -> "110102 26 000123": region code, year, sequence, as the number is built. */
export function displayMemberNo(memberNo: string): string {
  const m = /^(\d{6})(\d{2})(\d{6,})$/.exec(memberNo);
  return m ? `${m[1]} ${m[2]} ${m[3]}` : memberNo;
}
