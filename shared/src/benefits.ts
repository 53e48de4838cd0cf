import { z } from 'zod';
import { plainTextSchema } from './fields';
import { limitParam, offsetParam } from './paging';
import { checkMultilineText } from './validators/text';
import { benefitKindSchema, benefitPeriodSchema, placeKindSchema } from './enums';
import { CLAIM_CODE_PARAM, CLAIM_PAGE_PATH } from './join-links';

/** Where a place's QR code points: the H5 link (hash router) and the weapp page path. */
export function claimLinks(code: string): { claimUrl: string; weappPath: string } {
  const q = `${CLAIM_CODE_PARAM}=${encodeURIComponent(code)}`;
  return { claimUrl: `/#/${CLAIM_PAGE_PATH}?${q}`, weappPath: `${CLAIM_PAGE_PATH}?${q}` };
}

/** A scanned QR holds either the bare code or one of the links above: the code in either case. */
export function placeCodeFromScan(scanned: string): string {
  const text = scanned.trim();
  const match = /[?&]code=([^&#]+)/.exec(text);
  return match ? decodeURIComponent(match[1]!) : text;
}

export const MAX_DISTANCE_METERS = 5_000;
export const MAX_QUOTA = 10_000_000;
/** The longest a voucher can be valid after its claim. */
export const VOUCHER_VALID_DAYS_MAX = 366;
/** A voucher's face value per use, in whole 元, and the most uses one voucher may have (a 券包 of N uses). */
export const VOUCHER_VALUE_MAX = 10_000;
export const VOUCHER_USES_MAX = 20;
/** The most points one 积分商城 item may cost. */
export const POINTS_PRICE_MAX = 100_000;
/** A campaign's description: what members read under the title (line breaks kept). */
export const DESCRIPTION_MAX = 300;

/** Multi-line text members read; an empty string means "no description" (on an edit: remove it). */
export const descriptionSchema = z.string({ error: '福利说明格式不正确' }).transform((value, ctx) => {
  const result = checkMultilineText(value, '福利说明', DESCRIPTION_MAX);
  if (!result.ok) {
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  }
  return result.text;
});

const quotaSchema = z
  .number({ error: '总数量必须是数字' })
  .int({ error: '总数量必须是整数' })
  .min(1, { error: '总数量至少为 1' })
  .max(MAX_QUOTA, { error: '总数量过大' });

export const placeRefSchema = z.strictObject({ kind: placeKindSchema, id: z.uuid({ error: '地点编号格式不正确' }) });
export type PlaceRef = z.infer<typeof placeRefSchema>;

/** Longest search text for GET /admin/places, and the most places one page of it holds. */
export const PLACE_QUERY_MAX = 40;
export const PLACE_PAGE_MAX = 50;

/**
 * GET /admin/places: the places of one kind in the caller's scope (a campaign's 领取地点, a service's 驿站), searched by
 * name or address, a page at a time.
 */
/** The furthest a place search pages: past it the staffer narrows the search instead. */
export const PLACE_OFFSET_MAX = 5000;

export const placeListQuerySchema = z.strictObject({
  kind: placeKindSchema,
  q: z
    .string()
    .trim()
    .max(PLACE_QUERY_MAX, { error: `搜索词不能超过 ${PLACE_QUERY_MAX} 个字` })
    .optional(),
  limit: limitParam(PLACE_PAGE_MAX, 30),
  offset: offsetParam(PLACE_OFFSET_MAX),
});
/** `address`: a station's or merchant's street address; null for a stall event (its place is in the name). */
export const placeOptionSchema = z.object({ kind: placeKindSchema, id: z.string(), name: z.string(), address: z.string().nullable(), orgName: z.string() });
export type PlaceOption = z.infer<typeof placeOptionSchema>;
/** `nextOffset`: where the next page starts, or null on the last one. */
export const placeOptionListSchema = z.object({ items: z.array(placeOptionSchema), nextOffset: z.number().int().nullable() });
export type PlaceOptionList = z.infer<typeof placeOptionListSchema>;

export const placeParamsSchema = z.strictObject({ kind: placeKindSchema, id: z.uuid({ error: '地点编号格式不正确' }) });

export const campaignInputSchema = z.strictObject({
  /** The owning union; staff create campaigns for unions in their scope. */
  orgId: z.uuid({ error: '请选择工会' }),
  title: plainTextSchema('福利名称', 2, 40),
  description: descriptionSchema.optional(),
  kind: benefitKindSchema,
  quota: quotaSchema,
  period: benefitPeriodSchema,
  startsAt: z.iso.datetime({ offset: true, error: '开始时间格式不正确' }),
  endsAt: z.iso.datetime({ offset: true, error: '结束时间格式不正确' }),
  /** Members of this union and every union below it may claim. */
  eligibleOrgId: z.uuid({ error: '请选择可领取的工会' }),
  places: z.array(placeRefSchema).min(1, { error: '至少选择一个领取地点' }).max(200, { error: '领取地点过多' }),
  requiresRotatingCode: z.boolean(),
  maxDistanceMeters: z
    .number({ error: '距离限制必须是数字' })
    .int({ error: '距离限制必须是整数' })
    .min(10, { error: '距离限制至少 10 米' })
    .max(MAX_DISTANCE_METERS, { error: `距离限制不能超过 ${MAX_DISTANCE_METERS} 米` })
    .optional(),
  /** Vouchers only: each voucher is valid this many days after it is claimed; left out, until the campaign's end. */
  voucherValidDays: z
    .number({ error: '券的有效天数必须是数字' })
    .int({ error: '券的有效天数必须是整数' })
    .min(1, { error: '券的有效天数至少为 1 天' })
    .max(VOUCHER_VALID_DAYS_MAX, { error: `券的有效天数不能超过 ${VOUCHER_VALID_DAYS_MAX} 天` })
    .optional(),
  /** Vouchers only: what one use takes off the bill, in 元 (四张40元 is 40). */
  voucherValue: z
    .number({ error: '券的面值必须是数字' })
    .int({ error: '券的面值必须是整数（元）' })
    .min(1, { error: '券的面值至少 1 元' })
    .max(VOUCHER_VALUE_MAX, { error: `券的面值不能超过 ${VOUCHER_VALUE_MAX} 元` })
    .optional(),
  /**
   * Vouchers only: how many times one voucher may be used, one use per purchase (4×40元 is 4 uses of 40 元); left out,
   * once. See docs/capabilities/benefits.md, "What 4×40元 means".
   */
  voucherUses: z
    .number({ error: '券的使用次数必须是数字' })
    .int({ error: '券的使用次数必须是整数' })
    .min(1, { error: '券的使用次数至少为 1 次' })
    .max(VOUCHER_USES_MAX, { error: `券的使用次数不能超过 ${VOUCHER_USES_MAX} 次` })
    .optional(),
  /**
   * Vouchers only: the 积分商城 price. Members exchange their learning points for the voucher in the app (no place
   * code), and the claim spends them in its own transaction; fixed once created. See docs/capabilities/benefits.md.
   */
  pointsPrice: z
    .number({ error: '积分价格必须是数字' })
    .int({ error: '积分价格必须是整数' })
    .min(1, { error: '积分价格至少为 1' })
    .max(POINTS_PRICE_MAX, { error: `积分价格不能超过 ${POINTS_PRICE_MAX}` })
    .optional(),
});
export type CampaignInput = z.infer<typeof campaignInputSchema>;

/**
 * PATCH /admin/benefits/:id: what an operator may change on a running campaign. Kind, period (the per-member limit),
 * eligibility, places, code and distance rules and the start are fixed once created (members, posters and claims
 * already rely on them): they are not accepted here at all. The quota may go down only to what has been claimed.
 * A field left out stays as it is (an empty body changes nothing and records nothing).
 */
export const campaignUpdateSchema = z.strictObject({
  title: plainTextSchema('福利名称', 2, 40).optional(),
  /** An empty string removes the description. */
  description: descriptionSchema.optional(),
  endsAt: z.iso.datetime({ offset: true, error: '结束时间格式不正确' }).optional(),
  quota: quotaSchema.optional(),
});
export type CampaignUpdate = z.infer<typeof campaignUpdateSchema>;
export type CampaignUpdateInput = z.input<typeof campaignUpdateSchema>;

/**
 * POST /admin/benefits/:id/close (提前结束). New claims stop either way; `vouchers` says what becomes of the vouchers
 * already claimed and not yet used: `keep` (the default) leaves each valid to its own end, `void` ends them now.
 * Closing an already closed campaign with `void` voids its vouchers then; with `keep` it changes nothing.
 */
export const CLOSE_VOUCHER_CHOICES = ['keep', 'void'] as const;
export const campaignCloseSchema = z.strictObject({
  vouchers: z.enum(CLOSE_VOUCHER_CHOICES, { error: '请选择已领的券是否继续有效' }).default('keep'),
});
export type CampaignClose = z.infer<typeof campaignCloseSchema>;
export type CampaignCloseInput = z.input<typeof campaignCloseSchema>;

/** Where a campaign stands at a moment: not started, claimable, or ended (its window passed or it was closed early). */
export type CampaignState = 'upcoming' | 'open' | 'ended';
export function campaignState(c: { startsAt: string; endsAt: string; closedAt: string | null }, now: number = Date.now()): CampaignState {
  if (c.closedAt !== null || Date.parse(c.endsAt) <= now) return 'ended';
  return Date.parse(c.startsAt) > now ? 'upcoming' : 'open';
}

export const campaignPlaceSchema = z.object({ kind: placeKindSchema, id: z.string(), name: z.string() });

export const benefitSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  kind: benefitKindSchema,
  period: benefitPeriodSchema,
  quota: z.number(),
  remaining: z.number(),
  startsAt: z.string(),
  endsAt: z.string(),
  /** Set when an operator ended the campaign early (提前结束): no claims after it, whatever endsAt says. */
  closedAt: z.string().nullable(),
  /** Vouchers: valid this many days after the claim; null: until the campaign's planned end. */
  voucherValidDays: z.number().nullable(),
  /** Set when the unused vouchers were voided on closing (已领的券同时作废). */
  vouchersVoidedAt: z.string().nullable(),
  /** Vouchers: what one use takes off, in 元; null when the campaign did not say. */
  voucherValue: z.number().nullable(),
  /** Vouchers: uses per voucher (1 for a single-use voucher and for other kinds). */
  voucherUses: z.number().int(),
  requiresRotatingCode: z.boolean(),
  maxDistanceMeters: z.number().nullable(),
  places: z.array(campaignPlaceSchema),
  /** 积分商城: the points one claim costs (exchanged in the app, not by scanning); null for a campaign claimed by scan. */
  pointsPrice: z.number().int().nullable(),
});
export type Benefit = z.infer<typeof benefitSchema>;
export const benefitListSchema = z.object({ items: z.array(benefitSchema) });

export const campaignDrainSchema = benefitSchema.extend({
  claimed: z.number(),
  /** Claims in the last minute. */
  perMinute: z.number(),
  /** Vouchers used up (every use made); a 4×40元 voucher counts here after its fourth use. */
  redeemed: z.number(),
  /** Uses made (核销次数), across all its vouchers: four scans of one 4×40元 voucher are 4. */
  usesRedeemed: z.number(),
  eligibleOrgId: z.string(),
  eligibleOrgName: z.string(),
});
export type CampaignDrain = z.infer<typeof campaignDrainSchema>;
export const campaignDrainListSchema = z.object({ items: z.array(campaignDrainSchema) });

export const benefitIdParamSchema = z.strictObject({ id: z.uuid({ error: '福利编号格式不正确' }) });

export const claimInputSchema = z.strictObject({
  placeToken: z.string().min(1, { error: '请先扫描领取地点的二维码' }).max(200, { error: '二维码内容过长' }),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
});
export type ClaimInput = z.infer<typeof claimInputSchema>;

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Visible ASCII, 1-255 characters (a uuid in practice). */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export const claimSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  title: z.string(),
  kind: benefitKindSchema,
  place: z.object({ kind: placeKindSchema, id: z.string(), name: z.string() }),
  claimedAt: z.string(),
  /** A voucher claim: the voucher is this claim (see /vouchers/mine for its code). */
  voucher: z.boolean(),
  /** A voucher's own end (有效期至), fixed when it was claimed; null for a claim that is not a voucher. */
  validUntil: z.string().nullable(),
  redeemedAt: z.string().nullable(),
});
export type Claim = z.infer<typeof claimSchema>;
export const claimListSchema = z.object({ items: z.array(claimSchema) });

/** What a scanned place code is for: the campaigns that can be claimed there. */
export const placeLookupSchema = z.object({
  place: z.object({ kind: placeKindSchema, id: z.string(), name: z.string() }),
  items: z.array(benefitSchema),
});
export const placeLookupQuerySchema = z.strictObject({ code: z.string().min(1).max(200) });

/**
 * Where a voucher stands for its holder: usable, used, past its own end, or void (its campaign was closed with its
 * vouchers voided, or the holder is no longer a union member).
 */
export const VOUCHER_STATES = ['valid', 'redeemed', 'expired', 'void'] as const;
export const voucherStateSchema = z.enum(VOUCHER_STATES);
export type VoucherState = z.infer<typeof voucherStateSchema>;

/** A shop (普惠商户) where a voucher is honoured; lat/lng (GCJ-02) when known, for nearest first. */
export const voucherShopSchema = z.object({ id: z.string(), name: z.string(), lat: z.number().nullable(), lng: z.number().nullable() });
export type VoucherShop = z.infer<typeof voucherShopSchema>;

export const voucherSchema = claimSchema.extend({
  /** The use that makes it `redeemed` is the last one: a voucher with uses left stays `valid`. */
  status: voucherStateSchema,
  /** What one use takes off the bill, in 元; null when the campaign did not say. */
  value: z.number().nullable(),
  /** Uses this voucher has in all (4 for 4×40元), and how many are left. */
  uses: z.number().int(),
  usesLeft: z.number().int(),
  /** The shops whose clerks redeem it (the campaign's merchants); staff of the campaign's union redeem it anywhere. */
  shops: z.array(voucherShopSchema),
  /** A signed, short-lived code for the QR, only while the voucher is valid; only the owner can fetch it, so a screenshot is useless soon after. */
  code: z.string().nullable(),
  codeExpiresAt: z.string().nullable(),
  /** The short code printed under the QR (`K7QM-3XPA`), typed by the clerk when the QR cannot be scanned. */
  shortCode: z.string().nullable(),
});
export type Voucher = z.infer<typeof voucherSchema>;
export const voucherListSchema = z.object({ items: z.array(voucherSchema) });

export const redeemInputSchema = z.strictObject({ code: z.string().min(1, { error: '请扫描会员的券码' }).max(200) });
export const redeemResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** Masked (maskName): 王*国 */
  memberName: z.string(),
  redeemedAt: z.string(),
  /** What to take off the bill for this use, in 元 (null: the campaign named no value). */
  value: z.number().nullable(),
  uses: z.number().int(),
  /** Uses left after this one. */
  usesLeft: z.number().int(),
});
export type RedeemResult = z.infer<typeof redeemResultSchema>;

/** What the person at the counter does after a redemption: 请减免 40 元，本券剩余 3 次. */
export function redeemInstruction(r: Pick<RedeemResult, 'value' | 'usesLeft'>): string {
  const discount = r.value === null ? '请按券面优惠' : `请减免 ${r.value} 元`;
  return `${discount}，${r.usesLeft > 0 ? `本券剩余 ${r.usesLeft} 次` : '本券已用完'}`;
}

/** A voucher's value for its holder: 40元 × 4次 (or 40元 for a single use). */
export function voucherValueText(v: { value: number | null; uses: number }): string | null {
  if (v.value === null) return v.uses > 1 ? `可用 ${v.uses} 次` : null;
  return v.uses > 1 ? `${v.value}元 × ${v.uses}次` : `${v.value}元`;
}

export const placeCodeSchema = z.object({
  place: z.object({ kind: placeKindSchema, id: z.string(), name: z.string() }),
  code: z.string(),
  /** The short code printed under the QR (`K7QM-3XPA`), typed by a member whose camera cannot scan. */
  shortCode: z.string().nullable(),
  /** null for a poster code (valid until reprinted). */
  expiresAt: z.string().nullable(),
  /** When the page should fetch the next code. */
  refreshAt: z.string().nullable(),
  claimUrl: z.string(),
  weappPath: z.string(),
});
export type PlaceCode = z.infer<typeof placeCodeSchema>;

export const placeClaimsTodaySchema = z.object({
  place: z.object({ kind: placeKindSchema, id: z.string(), name: z.string() }),
  total: z.number(),
  /** memberName masked (maskName): 王*国 */
  items: z.array(z.object({ id: z.string(), title: z.string(), memberName: z.string(), claimedAt: z.string() })),
});

/**
 * 积分商城: the point-priced campaigns a member can exchange now, with the member's balance. `exchanged`: the member
 * has exchanged it in the current period (once, today, this week), so another exchange would be refused.
 */
export const mallItemSchema = benefitSchema.extend({ pointsPrice: z.number().int(), exchanged: z.boolean() });
export type MallItem = z.infer<typeof mallItemSchema>;
export const mallSchema = z.object({ balance: z.number().int(), items: z.array(mallItemSchema) });
export type Mall = z.infer<typeof mallSchema>;
/** POST /benefits/:id/exchange takes no body at all: the price is the campaign's, never the client's. */
export const exchangeInputSchema = z.strictObject({});
