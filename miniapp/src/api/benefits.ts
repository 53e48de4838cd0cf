import { z } from 'zod';
import {
  benefitListSchema,
  campaignDrainListSchema,
  campaignDrainSchema,
  type campaignInputSchema,
  claimListSchema,
  claimSchema,
  IDEMPOTENCY_KEY_HEADER,
  mallSchema,
  placeClaimsTodaySchema,
  placeCodeSchema,
  placeLookupSchema,
  placeOptionListSchema,
  redeemResultSchema,
  voucherListSchema,
  type Benefit,
  type CampaignCloseInput,
  type CampaignDrain,
  type CampaignUpdateInput,
  type Claim,
  type Mall,
  type PlaceCode,
  type PlaceKind,
  type PlaceOptionList,
  type RedeemResult,
  type Voucher,
} from '@union/shared';
import { request } from './http';

export type CampaignInput = z.input<typeof campaignInputSchema>;
export type PlaceLookup = z.infer<typeof placeLookupSchema>;
export type PlaceClaimsToday = z.infer<typeof placeClaimsTodaySchema>;

export async function listBenefits(): Promise<Benefit[]> {
  return (await request({ path: '/benefits', schema: benefitListSchema })).items;
}

/** What a scanned place code offers: the place and the campaigns claimable there. */
export function lookupPlace(placeToken: string): Promise<PlaceLookup> {
  return request({ method: 'POST', path: '/benefits/scan', body: { placeToken }, schema: placeLookupSchema });
}

/** `key` is made once per tap on 领取 and reused on a retry, so a retried request never claims twice. */
export function claimBenefit(campaignId: string, placeToken: string, key: string, location?: { lat: number; lng: number }): Promise<Claim> {
  return request({
    method: 'POST',
    path: `/benefits/${campaignId}/claims`,
    body: { placeToken, ...location },
    headers: { [IDEMPOTENCY_KEY_HEADER]: key },
    schema: claimSchema,
  });
}

/** 积分商城: the point-priced vouchers the member can exchange, and their balance. */
export function mall(): Promise<Mall> {
  return request({ path: '/benefits/mall', schema: mallSchema });
}

/** 积分兑换: the price is the campaign's; `key` is kept for a retry after a network failure, so it never spends twice. */
export function exchangePoints(campaignId: string, key: string): Promise<Claim> {
  return request({ method: 'POST', path: `/benefits/${campaignId}/exchange`, body: {}, headers: { [IDEMPOTENCY_KEY_HEADER]: key }, schema: claimSchema });
}

export async function myClaims(): Promise<Claim[]> {
  return (await request({ path: '/benefits/claims/mine', schema: claimListSchema })).items;
}

export async function myVouchers(): Promise<Voucher[]> {
  return (await request({ path: '/vouchers/mine', schema: voucherListSchema })).items;
}

export function placeCode(kind: PlaceKind, id: string): Promise<PlaceCode> {
  return request({ path: `/staff/places/${kind}/${id}/code`, schema: placeCodeSchema });
}

export function placeClaimsToday(kind: PlaceKind, id: string): Promise<PlaceClaimsToday> {
  return request({ path: `/staff/places/${kind}/${id}/claims/today`, schema: placeClaimsTodaySchema });
}

export function redeemVoucher(code: string): Promise<RedeemResult> {
  return request({ method: 'POST', path: '/staff/vouchers/redeem', body: { code }, schema: redeemResultSchema });
}

/** A 普惠商户 clerk redeems a member's voucher at the counter: only vouchers of campaigns that name this shop. */
export function redeemVoucherAtMerchant(code: string): Promise<RedeemResult> {
  return request({ method: 'POST', path: '/merchant/vouchers/redeem', body: { code }, schema: redeemResultSchema });
}

export function campaignDrain(id: string): Promise<CampaignDrain> {
  return request({ path: `/admin/benefits/${id}`, schema: campaignDrainSchema });
}

/** The campaigns of the operator's or admin's unions, newest first, each with its drain figures. */
export async function listCampaigns(): Promise<CampaignDrain[]> {
  return (await request({ path: '/admin/benefits', schema: campaignDrainListSchema })).items;
}

export function createCampaign(input: CampaignInput): Promise<CampaignDrain> {
  return request({ method: 'POST', path: '/admin/benefits', body: input, schema: campaignDrainSchema });
}

/** Changes name, description, end or total; the server refuses a total below what has been claimed (field quota). */
export function updateCampaign(id: string, changes: CampaignUpdateInput): Promise<CampaignDrain> {
  return request({ method: 'PATCH', path: `/admin/benefits/${id}`, body: changes, schema: campaignDrainSchema });
}

/**
 * 提前结束: no claims from now on. A voucher campaign's claimed vouchers stay valid to their own end (`keep`) or are
 * void from now (`void`); closing an already closed campaign with `keep` changes nothing.
 */
export function closeCampaign(id: string, input: CampaignCloseInput = {}): Promise<CampaignDrain> {
  return request({ method: 'POST', path: `/admin/benefits/${id}/close`, body: input, schema: campaignDrainSchema });
}

/** Stations, stall events or merchants of my unions, to name where a campaign is claimed. */
/** A page of the places of one kind in the staffer's unions, searched by name or address. */
export function listPlaces(kind: PlaceKind, page: { q?: string; limit?: number; offset?: number } = {}): Promise<PlaceOptionList> {
  return request({
    path: '/admin/places',
    query: { kind, q: page.q || undefined, limit: page.limit, offset: page.offset || undefined },
    schema: placeOptionListSchema,
  });
}

/** A key for one claim attempt (RFC 4122 v4 shape; crypto where the platform has it). */
export function newIdempotencyKey(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (ch) => {
    const r = (Math.random() * 16) | 0;
    return (ch === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
}
