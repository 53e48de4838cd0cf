import { z } from 'zod';
import {
  bookingStatusSchema,
  limitPeriodSchema,
  promotionModeSchema,
  serviceKindSchema,
  type LimitPeriod,
  type PromotionMode,
  type ServiceKind,
} from './enums';
import { plainTextSchema } from './fields';

export const SERVICE_KIND_LABELS: Record<ServiceKind, string> = {
  legal_aid: '法律援助',
  counselling: '心理咨询',
  course: '技能培训',
  event: '职工活动',
  childcare: '暑期托管',
  sanatorium: '职工疗休养',
};

export const LIMIT_PERIOD_LABELS: Record<LimitPeriod, string> = { week: '每周', month: '每月', year: '每年', total: '累计' };
export const PROMOTION_MODE_LABELS: Record<PromotionMode, string> = { direct: '候补自动递补', offer: '候补限时确认' };

/** Paging shared by every list: 1-100 items, and an offset below 10,000. */
export const pagingSchema = {
  limit: z.coerce
    .number({ error: '每页数量应为 1-100 的整数' })
    .int({ error: '每页数量应为 1-100 的整数' })
    .min(1, { error: '每页数量应为 1-100 的整数' })
    .max(100, { error: '每页数量应为 1-100 的整数' })
    .default(50),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
};

const placeSchema = z.strictObject({
  /** A rest station (暖心驿站) from the stations module; the address is kept alongside for display. */
  stationId: z.uuid({ error: '驿站编号不正确' }).nullable().optional(),
  address: plainTextSchema('服务地点', 2, 120),
});

const perMemberLimitSchema = z.strictObject({
  count: z.number().int().min(1).max(100),
  period: limitPeriodSchema,
});

const serviceRulesShape = {
  title: plainTextSchema('服务名称', 2, 60),
  description: plainTextSchema('服务介绍', 2, 1000),
  place: placeSchema,
  /** Members of this union and every union below it may book; the owning union when absent. */
  eligibleOrgId: z.uuid({ error: '工会组织编号不正确' }).optional(),
  perMemberLimit: perMemberLimitSchema.nullable().optional(),
  /** Whether two slots of this service may overlap in time (several counsellors at once). */
  allowOverlap: z.boolean().optional(),
  /** Members may cancel until this many minutes before the slot starts. */
  cancelCutoffMinutes: z
    .number()
    .int()
    .min(0)
    .max(30 * 24 * 60)
    .optional(),
  promotion: promotionModeSchema.optional(),
  /** How long an offered place is held for the first on the waitlist (promotion `offer`). */
  offerHoldMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .optional(),
  /** No-shows (within 90 days) that stop a member booking this service for a while; null: no limit. */
  noShowLimit: z.number().int().min(1).max(20).nullable().optional(),
};

export const serviceInputSchema = z.strictObject({
  kind: serviceKindSchema,
  orgId: z.uuid({ error: '请选择工会' }),
  ...serviceRulesShape,
});
export type ServiceInput = z.infer<typeof serviceInputSchema>;

export const servicePatchSchema = z.strictObject({
  title: serviceRulesShape.title.optional(),
  description: serviceRulesShape.description.optional(),
  place: placeSchema.optional(),
  eligibleOrgId: serviceRulesShape.eligibleOrgId,
  perMemberLimit: serviceRulesShape.perMemberLimit,
  allowOverlap: serviceRulesShape.allowOverlap,
  cancelCutoffMinutes: serviceRulesShape.cancelCutoffMinutes,
  promotion: serviceRulesShape.promotion,
  offerHoldMinutes: serviceRulesShape.offerHoldMinutes,
  noShowLimit: serviceRulesShape.noShowLimit,
  /** A withdrawn service is hidden from members; its bookings stay. */
  active: z.boolean().optional(),
});
export type ServicePatch = z.infer<typeof servicePatchSchema>;

export const serviceSchema = z.object({
  id: z.string(),
  kind: serviceKindSchema,
  orgId: z.string(),
  orgName: z.string(),
  title: z.string(),
  description: z.string(),
  place: z.object({ stationId: z.string().nullable(), address: z.string() }),
  eligibleOrgId: z.string(),
  eligibleOrgName: z.string(),
  perMemberLimit: z.object({ count: z.number().int(), period: limitPeriodSchema }).nullable(),
  allowOverlap: z.boolean(),
  cancelCutoffMinutes: z.number().int(),
  promotion: promotionModeSchema,
  offerHoldMinutes: z.number().int(),
  noShowLimit: z.number().int().nullable(),
  active: z.boolean(),
  /** The next slot that has not started, if any. */
  nextSlotAt: z.string().nullable(),
});
export type Service = z.infer<typeof serviceSchema>;
export const serviceListSchema = z.object({ items: z.array(serviceSchema) });
export const serviceListQuerySchema = z.strictObject({ kind: serviceKindSchema.optional(), ...pagingSchema });

export const slotInputSchema = z.strictObject({
  startsAt: z.iso.datetime({ offset: true, error: '开始时间格式不正确' }),
  endsAt: z.iso.datetime({ offset: true, error: '结束时间格式不正确' }),
  capacity: z.number().int().min(1).max(10_000),
});
export type SlotInput = z.infer<typeof slotInputSchema>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: '时间格式应为 HH:mm' });
const ymd = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });

/** A weekly schedule turned into slots: every chosen weekday (1 = Monday) between from and to, at each time. */
export const slotScheduleSchema = z.strictObject({
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  times: z
    .array(z.strictObject({ start: hhmm, end: hhmm }))
    .min(1)
    .max(24),
  from: ymd,
  to: ymd,
  capacity: z.number().int().min(1).max(10_000),
});
export type SlotSchedule = z.infer<typeof slotScheduleSchema>;

export const slotSchema = z.object({
  id: z.string(),
  serviceId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number().int(),
  /** Places taken (booked, offered, checked in, no-show). */
  taken: z.number().int(),
  remaining: z.number().int(),
  waitlisted: z.number().int(),
  /** Set when the union cancelled the slot (closed to bookings; everyone on it was told `cancelReason`). */
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
});
export type Slot = z.infer<typeof slotSchema>;
export const slotListSchema = z.object({ items: z.array(slotSchema) });
export const slotCreatedSchema = z.object({ items: z.array(slotSchema), created: z.number().int() });
export const slotListQuerySchema = z.strictObject({ ...pagingSchema });

/** POST /admin/services/:id/slots/:slotId/cancel: the reason everyone booked or waiting on the slot is told. */
export const slotCancelSchema = z.strictObject({ reason: plainTextSchema('取消原因', 2, 60) });
export type SlotCancel = z.infer<typeof slotCancelSchema>;
export const slotParamsSchema = z.strictObject({ id: z.uuid({ error: '服务编号不正确' }), slotId: z.uuid({ error: '时段编号不正确' }) });

/** One person on a slot, as the union's admins see them: masked name and phone, status, waitlist position. */
export const slotBookerSchema = z.object({
  bookingId: z.string(),
  /** Masked (maskName): 王*国 */
  memberName: z.string(),
  /** Masked: 138****0002 (null when unknown) */
  phone: z.string().nullable(),
  status: bookingStatusSchema,
  /** 1-based place on the waitlist while waitlisted; null otherwise. */
  position: z.number().int().nullable(),
  createdAt: z.string(),
});
export type SlotBooker = z.infer<typeof slotBookerSchema>;
/** The slot with who holds a place (booked, offered, checked in, no-show) and who waits, waitlist in queue order. */
export const slotBookersSchema = z.object({ slot: slotSchema, booked: z.array(slotBookerSchema), waitlisted: z.array(slotBookerSchema) });
export type SlotBookers = z.infer<typeof slotBookersSchema>;
/** The cancelled slot and how many people were told (0 when it was already cancelled). */
export const slotCancelResultSchema = z.object({ slot: slotSchema, notified: z.number().int() });
export type SlotCancelResult = z.infer<typeof slotCancelResultSchema>;
