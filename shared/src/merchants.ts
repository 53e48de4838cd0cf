import { z } from 'zod';
import { merchantCategorySchema, type MerchantCategory } from './enums';
import { phoneSchema } from './auth';
import { limitParam, offsetParam } from './paging';
import { parseOpeningHours } from './stations';

/** How long a clerk invitation waits for the person's answer before it lapses (the admin may invite again). */
export const CLERK_INVITATION_DAYS = 7;

export const MERCHANT_CATEGORY_LABELS: Record<MerchantCategory, string> = {
  eatery: '餐饮',
  phone_repair: '手机维修',
  car_wash: '洗车',
  vehicle_service: '汽车服务/维修',
  fuel: '加油',
  lodging: '住宿',
  other: '其他',
};

/** Where the map opens when the phone will not tell us: Tiananmen, GCJ-02. */
export const DEFAULT_LOCATION = { lat: 39.9087, lng: 116.3975, label: '天安门' } as const;

const latitude = z.number({ error: '请填写纬度' }).min(-90).max(90);
const longitude = z.number({ error: '请填写经度' }).min(-180).max(180);

/** `lat,lng` in GCJ-02 (what WeChat's getLocation and Chinese maps give). */
export const nearQuerySchema = z
  .string({ error: '请提供位置（纬度,经度）' })
  .regex(/^-?\d{1,3}(\.\d{1,8})?,-?\d{1,3}(\.\d{1,8})?$/, { error: '位置格式应为 纬度,经度' })
  .transform((v) => {
    const [lat, lng] = v.split(',').map(Number) as [number, number];
    return { lat, lng };
  })
  .refine((p) => Math.abs(p.lat) <= 90 && Math.abs(p.lng) <= 180, { error: '位置超出范围' });

export const merchantListQuerySchema = z.strictObject({
  near: nearQuerySchema,
  category: merchantCategorySchema.optional(),
  limit: z.coerce.number({ error: '数量应为数字' }).int().min(1, { error: '数量至少为1' }).max(50, { error: '一次最多50家' }).default(20),
});
export type MerchantListQuery = z.input<typeof merchantListQuerySchema>;

export const merchantSchema = z.object({
  id: z.string(),
  name: z.string(),
  category: merchantCategorySchema,
  address: z.string(),
  lat: z.number(),
  lng: z.number(),
  /** What members get, in words: 凭会员码餐费9折. */
  discount: z.string(),
  /** Percent off, when the discount is one (10 = 9折). */
  discountPercent: z.number().int().nullable(),
  /** The union that signed the merchant up. */
  orgName: z.string(),
  /** Opening hours as stored (每天 10:00-21:00); null: not given. */
  hours: z.string().nullable(),
});
export type Merchant = z.infer<typeof merchantSchema>;

/** A merchant as its union's admins see it: which union, whether members see it, how many clerks. */
export const merchantAdminSchema = merchantSchema.extend({
  orgId: z.string(),
  active: z.boolean(),
  clerks: z.number().int(),
  /** Invitations waiting for an answer (not yet lapsed). */
  invited: z.number().int(),
  createdAt: z.string(),
});
export type MerchantAdmin = z.infer<typeof merchantAdminSchema>;
export const merchantAdminListQuerySchema = z.strictObject({
  orgId: z.uuid({ error: '工会编号格式不正确' }).optional(),
  q: z.string().trim().max(40, { error: '搜索词不能超过40个字' }).optional(),
  limit: limitParam(100, 50),
  offset: offsetParam(),
});
export const merchantAdminListResponseSchema = z.object({ items: z.array(merchantAdminSchema), nextOffset: z.number().int().nullable() });

export const nearbyMerchantSchema = merchantSchema.extend({ distanceM: z.number().int() });
export type NearbyMerchant = z.infer<typeof nearbyMerchantSchema>;
export const merchantListResponseSchema = z.object({ items: z.array(nearbyMerchantSchema) });

const hoursField = z
  .string()
  .trim()
  .max(80, { error: '营业时间不能超过80个字' })
  .refine((v) => v === '' || parseOpeningHours(v) !== undefined, { error: '营业时间格式如 每天 10:00-21:00、周一至周五 09:00-18:00 或 24小时' })
  .nullable()
  .optional();

const merchantFields = {
  name: z.string({ error: '请填写商户名称' }).trim().min(2, { error: '商户名称至少2个字' }).max(40, { error: '商户名称不能超过40个字' }),
  category: merchantCategorySchema,
  address: z.string({ error: '请填写地址' }).trim().min(4, { error: '地址至少4个字' }).max(100, { error: '地址不能超过100个字' }),
  lat: latitude,
  lng: longitude,
  discount: z.string({ error: '请填写会员优惠' }).trim().min(2, { error: '会员优惠至少2个字' }).max(60, { error: '会员优惠不能超过60个字' }),
  discountPercent: z.number().int().min(1, { error: '折扣应在1%到90%之间' }).max(90, { error: '折扣应在1%到90%之间' }).nullable().optional(),
  orgId: z.uuid({ error: '请选择签约工会' }),
  /** 每天 10:00-21:00, 周一至周五 09:00-18:00, 24小时 (as for stations); stored in the canonical form. */
  hours: hoursField,
};
export const merchantCreateSchema = z.strictObject(merchantFields);
export type MerchantCreate = z.infer<typeof merchantCreateSchema>;
/** An edit: any of the fields, and `active` (false: members no longer see it, clerks no longer check codes there). */
export const merchantUpdateSchema = z.strictObject({ ...merchantFields, active: z.boolean() }).partial();
export type MerchantUpdate = z.infer<typeof merchantUpdateSchema>;

export const clerkCreateSchema = z.strictObject({ phone: phoneSchema });
export const clerkSchema = z.object({
  merchantId: z.string(),
  accountId: z.string(),
  /** Masked: 138****5678 */
  phone: z.string(),
  /** invited: waits for the person to accept on 我的; active: they check codes at the counter; expired: not answered in time. */
  status: z.enum(['invited', 'active', 'expired']),
  invitedAt: z.string(),
  /** When a waiting invitation lapses; null once accepted. */
  expiresAt: z.string().nullable(),
});
export type Clerk = z.infer<typeof clerkSchema>;
export const clerkListResponseSchema = z.object({ items: z.array(clerkSchema) });
export const clerkParamsSchema = z.strictObject({ id: z.uuid({ error: '编号格式不正确' }), accountId: z.uuid({ error: '编号格式不正确' }) });

/** A merchant's invitation to be its clerk, waiting on the person's 我的 page. */
export const clerkInvitationSchema = z.object({
  merchantId: z.string(),
  merchantName: z.string(),
  orgName: z.string(),
  invitedAt: z.string(),
  expiresAt: z.string(),
});
export type ClerkInvitation = z.infer<typeof clerkInvitationSchema>;
export const clerkInvitationListSchema = z.object({ items: z.array(clerkInvitationSchema) });
