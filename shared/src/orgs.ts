import { z } from 'zod';
import { orgKindSchema, type OrgKind } from './enums';

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  federation: '总工会',
  district: '区总工会',
  street: '街道（乡镇）总工会',
  community: '社区工会',
  enterprise: '企业工会',
  industry: '行业工会联合会',
  park: '楼宇（园区）工会联合会',
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

/**
 * A union's opening hours, machine-readable: ISO weekdays and a time range in Beijing time,
 * `1-5 09:00-17:30` (Mon–Fri) or `1-6 08:30-12:00`. Shown as 周一至周五 9:00-17:30.
 */
export const OFFICE_HOURS_PATTERN = /^([1-7])-([1-7]) ([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;
const WEEKDAY = ['', '一', '二', '三', '四', '五', '六', '日'];

export function describeOfficeHours(spec: string | null): string | null {
  const m = spec ? OFFICE_HOURS_PATTERN.exec(spec) : null;
  if (!m) return null;
  const time = (h: string, min: string) => `${Number(h)}:${min}`;
  return `周${WEEKDAY[Number(m[1])]}至周${WEEKDAY[Number(m[2])]} ${time(m[3]!, m[4]!)}-${time(m[5]!, m[6]!)}`;
}

/** Whether `at` falls inside the hours (Beijing time, UTC+8 all year). Unknown hours: false. */
export function isWithinOfficeHours(spec: string | null, at: Date): boolean {
  const m = spec ? OFFICE_HOURS_PATTERN.exec(spec) : null;
  if (!m) return false;
  const beijing = new Date(at.getTime() + 8 * 3_600_000);
  const weekday = beijing.getUTCDay() === 0 ? 7 : beijing.getUTCDay();
  const minutes = beijing.getUTCHours() * 60 + beijing.getUTCMinutes();
  const from = Number(m[3]) * 60 + Number(m[4]);
  const to = Number(m[5]) * 60 + Number(m[6]);
  return weekday >= Number(m[1]) && weekday <= Number(m[2]) && minutes >= from && minutes < to;
}

/** How to reach the union that reviews an application. */
export const orgContactSchema = z.object({
  phone: z.string().nullable(),
  /** `1-5 09:00-17:30`, see OFFICE_HOURS_PATTERN. */
  officeHours: z.string().nullable(),
  /** 周一至周五 9:00-17:30 */
  officeHoursText: z.string().nullable(),
});
export type OrgContact = z.infer<typeof orgContactSchema>;

export function orgContact(phone: string | null, officeHours: string | null): OrgContact {
  return { phone, officeHours, officeHoursText: describeOfficeHours(officeHours) };
}
