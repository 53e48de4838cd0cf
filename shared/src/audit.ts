import { z } from 'zod';
import { phoneSchema } from './auth';
import { cursorParam, limitParam } from './paging';

/** What the audit log shows for the actions staff look for most; other actions show their code. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'staff.grant': '授予角色',
  'staff.invite': '邀请工作人员',
  'staff.accept': '接受邀请',
  'staff.decline': '谢绝邀请',
  'staff.withdraw': '撤回邀请',
  'staff.role_change': '更改角色',
  'staff.revoke': '移除角色',
  'account.disable': '停用账号',
  'account.enable': '恢复账号',
  'org.settings': '更改工会设置',
  'application.approve': '通过入会申请',
  'application.reject': '驳回入会申请',
  'application.reveal': '查看完整信息',
  'org.import': '导入组织树',
  'merchant.create': '签约商户',
  'merchant.update': '编辑商户',
  'merchant.clerk_add': '邀请店员',
  'merchant.clerk_accept': '接受店员邀请',
  'merchant.clerk_decline': '谢绝店员邀请',
  'merchant.clerk_withdraw': '撤回店员邀请',
  'merchant.clerk_remove': '移除店员',
  'stations.import': '导入驿站',
  'membership.transfer_request': '申请转会',
  'membership.transfer_cancel': '撤回转会申请',
  'membership.transfer_release': '同意转出',
  'membership.transfer_object': '对转出提出异议',
  'membership.transfer_approve': '同意转入',
  'membership.transfer_reject': '不同意转入',
  'membership.leave': '退会',
  'membership.retain': '保留会籍',
  'membership.resume': '恢复正常会籍',
  'membership.profile': '修改工作信息',
  'membership.phone': '更换手机号',
};

export const auditQuerySchema = z.strictObject({
  /** The actor's phone (exact); matched through the phone's blind index, never stored in the clear. */
  actorPhone: phoneSchema.optional(),
  action: z
    .string()
    .trim()
    .max(60)
    .regex(/^[a-z_.]*$/, { error: '操作类型格式不正确' })
    .optional(),
  targetType: z
    .string()
    .trim()
    .max(40)
    .regex(/^[a-z_]*$/, { error: '对象类型格式不正确' })
    .optional(),
  targetId: z.string().trim().max(80).optional(),
  /** A person as the target (a staffer whose role changed): their account by phone. */
  targetPhone: phoneSchema.optional(),
  orgId: z.uuid({ error: '工会编号格式不正确' }).optional(),
  from: z.iso.datetime({ offset: true, error: '开始时间格式不正确' }).optional(),
  to: z.iso.datetime({ offset: true, error: '结束时间格式不正确' }).optional(),
  /** The `createdAt|id` of the last row seen: the next page starts after it. */
  before: cursorParam(),
  limit: limitParam(200, 50),
});

/** The export takes the same filters, without paging: at most AUDIT_EXPORT_MAX_ROWS rows, newest first. */
export const auditExportQuerySchema = auditQuerySchema.omit({ before: true, limit: true });
export type AuditExportQuery = z.infer<typeof auditExportQuerySchema>;
export const AUDIT_EXPORT_MAX_ROWS = 10_000;
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  /** Masked phone of the actor; null for the system. */
  actor: z.string().nullable(),
  actorAccountId: z.string().nullable(),
  targetType: z.string(),
  targetId: z.string(),
  /** A person as the target: their masked phone; null for other targets. */
  target: z.string().nullable(),
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;
export const auditListResponseSchema = z.object({ items: z.array(auditEntrySchema), next: z.string().nullable() });
