import { z } from 'zod';
import { orgKindSchema, type OrgKind } from './enums';


export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  federation: '总工会',
  district: '区总工会',
  street: '街道（乡镇）总工会',
  community: '社区工会',
  enterprise: '企业工会',
  industry: '行业工会联合会',
};

export const orgSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: orgKindSchema,
  parentId: z.string().nullable(),
  regionCode: z.string(),
  /** Takes in workers whose employer has no union (兜底入会). */
  acceptsUnaffiliated: z.boolean(),
  address: z.string().nullable(),
});
export type Org = z.infer<typeof orgSchema>;

export const orgListQuerySchema = z.strictObject({
  q: z.string().trim().max(40).optional(),
  near: z
    .string()
    .regex(/^-?\d{1,3}(\.\d+)?,-?\d{1,3}(\.\d+)?$/, { error: '位置格式应为 纬度,经度' })
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const orgListResponseSchema = z.object({ items: z.array(orgSchema) });

export const orgSettingsSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: orgKindSchema,
  /** Approve at once an application that passes every check (real-name passed, no warnings). */
  autoApprove: z.boolean(),
});
export type OrgSettings = z.infer<typeof orgSettingsSchema>;
export const orgSettingsListSchema = z.object({ items: z.array(orgSettingsSchema) });
export const orgSettingsInputSchema = z.strictObject({ autoApprove: z.boolean({ error: '请选择是否自动审核' }) });
