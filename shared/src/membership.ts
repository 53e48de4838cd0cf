import { z } from 'zod';
import { phoneSchema, smsCodeSchema } from './auth';
import { plainTextSchema } from './fields';
import {
  membershipEventKindSchema,
  membershipStatusSchema,
  transferStatusSchema,
  workerCategorySchema,
  type MembershipEventKind,
  type TransferStatus,
} from './enums';
import { limitParam } from './paging';

/**
 * A member's whole membership (docs/capabilities/membership.md): 转会 to another union, 保留会籍 while out of work,
 * 退会, changes of employer, worker category and phone, and the history of all of it.
 */

/** The old union may object to a transfer within this many days of the request (or agree at once). */
export const TRANSFER_OBJECTION_DAYS = 3;
/** How long a membership may be kept while out of work, in months, at a time; asking again extends it. */
export const RETENTION_MONTHS = [3, 6, 12] as const;
export const RETENTION_MAX_MONTHS = 12;

export const MEMBERSHIP_EVENT_LABELS: Record<MembershipEventKind, string> = {
  join: '入会',
  transfer_in: '转入',
  transfer_out: '转出',
  retain: '保留会籍',
  resume: '恢复正常会籍',
  leave: '退会',
  profile: '修改资料',
};

export const TRANSFER_STATUS_LABELS: Record<TransferStatus, string> = {
  pending: '办理中',
  approved: '已转入',
  rejected: '未通过',
  objected: '原工会有异议',
  cancelled: '已撤回',
};

/** Why a member leaves, offered as chips; any other reason is typed. */
export const LEAVE_REASONS = ['不再从事相关工作', '离开本市', '个人原因'] as const;
/** Why a member keeps membership without a job (DOMAIN: unemployed, employer closed, retired). */
export const RETAIN_REASONS = ['失业或待业', '单位关闭或破产', '退休'] as const;

/** One row of a membership's history, as the member and their union's staff read it. */
export const membershipEventSchema = z.object({
  id: z.string(),
  kind: membershipEventKindSchema,
  /** The union it happened at (the old one for 转出, the new one for 转入). */
  orgName: z.string(),
  at: z.string(),
  /** The reason given (退会, 保留会籍, an objection) or what was changed, in words: 工作单位：顺丰速运 → 京东物流. */
  note: z.string().nullable(),
  /** Who did it: 本人, 工作人员, 系统. */
  by: z.enum(['member', 'staff', 'system']),
});
export type MembershipEvent = z.infer<typeof membershipEventSchema>;

/** A transfer request as the member sees it. */
export const transferSchema = z.object({
  id: z.string(),
  status: transferStatusSchema,
  fromOrgId: z.string(),
  fromOrgName: z.string(),
  toOrgId: z.string(),
  toOrgName: z.string(),
  employer: z.string(),
  category: workerCategorySchema,
  requestedAt: z.string(),
  /** Until when the old union may object; after it (or once it agreed) the new union may approve. */
  objectionUntil: z.string(),
  /** The old union agreed (无异议) before the window ended. */
  releasedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  /** Why the new union refused, or what the old union objected. */
  reason: z.string().nullable(),
});
export type Transfer = z.infer<typeof transferSchema>;

/** 我的 → 会籍: the membership, what is in progress, and its whole history. */
export const myMembershipSchema = z.object({
  id: z.string(),
  memberNo: z.string(),
  name: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  status: membershipStatusSchema,
  joinedAt: z.string(),
  employer: z.string().nullable(),
  category: workerCategorySchema.nullable(),
  /** Masked: 139****0002 */
  phone: z.string(),
  /** While 保留会籍: kept until this day. */
  retainedUntil: z.string().nullable(),
  /** The transfer waiting for a decision, if any. */
  transfer: transferSchema.nullable(),
  history: z.array(membershipEventSchema),
});
export type MyMembership = z.infer<typeof myMembershipSchema>;

/** The member's history after the membership ended (a former member still reads it). */
export const membershipHistoryResponseSchema = z.object({ items: z.array(membershipEventSchema) });

export const transferInputSchema = z.strictObject({
  orgId: z.uuid({ error: '请选择要转入的工会' }),
  /** The new job: a transfer follows the employment (一次入会、动态接转). */
  employer: plainTextSchema('新工作单位或平台', 2, 60),
  category: workerCategorySchema,
});
export type TransferInput = z.input<typeof transferInputSchema>;

export const leaveInputSchema = z.strictObject({ reason: plainTextSchema('退会原因', 2, 200) });
export type LeaveInput = z.infer<typeof leaveInputSchema>;

export const retainInputSchema = z.strictObject({
  reason: plainTextSchema('保留会籍原因', 2, 200),
  months: z.literal(RETENTION_MONTHS, { error: `请选择保留时长（最长${RETENTION_MAX_MONTHS}个月）` }),
});
export type RetainInput = z.infer<typeof retainInputSchema>;

export const profileInputSchema = z
  .strictObject({
    employer: plainTextSchema('工作单位或平台', 2, 60).optional(),
    category: workerCategorySchema.optional(),
  })
  .refine((v) => v.employer !== undefined || v.category !== undefined, { error: '请填写要修改的内容' });
export type ProfileInput = z.input<typeof profileInputSchema>;

/** A new phone number: a code goes to it first, and the change is made with that code. */
export const phoneCodeInputSchema = z.strictObject({ phone: phoneSchema });
export const phoneChangeInputSchema = z.strictObject({ phone: phoneSchema, code: smsCodeSchema });
export type PhoneChangeInput = z.infer<typeof phoneChangeInputSchema>;

// ---- staff ----------------------------------------------------------------------------------

/** A transfer as the staff of either union see it; which side the caller is on decides what they may do. */
export const staffTransferSchema = transferSchema.extend({
  membershipId: z.string(),
  memberName: z.string(),
  /** Masked like every phone staff see. */
  phone: z.string(),
  memberNo: z.string(),
  /** in: to a union the caller covers (they approve or refuse); out: from one (they may agree or object). */
  direction: z.enum(['in', 'out']),
  /** What the caller may do now. */
  canApprove: z.boolean(),
  canObject: z.boolean(),
});
export type StaffTransfer = z.infer<typeof staffTransferSchema>;

export const staffTransferQuerySchema = z.strictObject({
  direction: z.enum(['in', 'out']).default('in'),
  status: transferStatusSchema.default('pending'),
  limit: limitParam(200, 50),
});
export type StaffTransferQuery = z.infer<typeof staffTransferQuerySchema>;
export const staffTransferListSchema = z.object({ items: z.array(staffTransferSchema) });

export const transferDecisionSchema = z.strictObject({ reason: plainTextSchema('原因', 2, 200) });

/** A member as their union's staff list them. */
export const staffMemberSchema = z.object({
  id: z.string(),
  memberNo: z.string(),
  name: z.string(),
  /** Masked: 139****0002 */
  phone: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  status: membershipStatusSchema,
  joinedAt: z.string(),
  endedAt: z.string().nullable(),
  employer: z.string().nullable(),
  category: workerCategorySchema.nullable(),
  retainedUntil: z.string().nullable(),
});
export type StaffMember = z.infer<typeof staffMemberSchema>;

export const staffMemberQuerySchema = z.strictObject({
  /** A name (its start) or a member number (its start). */
  q: z.string().trim().max(40).optional(),
  orgId: z.uuid({ error: '工会编号格式不正确' }).optional(),
  /** `expired`: kept while out of work past the end of that time (a talk is due, then 退会 or back to normal). */
  status: z.enum(['current', 'active', 'retained', 'transferring', 'left', 'expired']).default('current'),
  limit: limitParam(200, 50),
});
export type StaffMemberQuery = z.infer<typeof staffMemberQuerySchema>;
export const staffMemberListSchema = z.object({ items: z.array(staffMemberSchema) });

export const staffMemberDetailSchema = staffMemberSchema.extend({
  history: z.array(membershipEventSchema),
  transfers: z.array(transferSchema),
});
export type StaffMemberDetail = z.infer<typeof staffMemberDetailSchema>;
