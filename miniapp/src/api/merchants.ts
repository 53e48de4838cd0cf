import { z } from 'zod';
import {
  clerkInvitationListSchema,
  clerkListResponseSchema,
  clerkSchema,
  merchantAdminListResponseSchema,
  merchantAdminSchema,
  merchantListResponseSchema,
  merchantSchema,
  type Clerk,
  type ClerkInvitation,
  type Merchant,
  type MerchantAdmin,
  type MerchantCategory,
  type MerchantCreate,
  type MerchantUpdate,
  type NearbyMerchant,
} from '@union/shared';
import { request } from './http';

/** 普惠商户 near a point (GCJ-02), nearest first. Public: no sign-in needed. */
export async function nearbyMerchants(params: { lat: number; lng: number; category?: MerchantCategory; limit?: number }): Promise<NearbyMerchant[]> {
  const { items } = await request({
    path: '/merchants',
    query: { near: `${params.lat.toFixed(6)},${params.lng.toFixed(6)}`, category: params.category, limit: params.limit ?? 30 },
    schema: merchantListResponseSchema,
    auth: false,
  });
  return items;
}

/** Invitations to be a 普惠商户 clerk waiting for this account's answer. */
export async function fetchClerkInvitations(): Promise<ClerkInvitation[]> {
  return (await request({ path: '/merchant/invitations', schema: clerkInvitationListSchema })).items;
}

/** 404 merchants.invitation_not_found when it is gone (answered, or withdrawn); 409 merchants.invitation_expired when it lapsed. */
export async function answerClerkInvitation(merchantId: string, accept: boolean): Promise<void> {
  await request({ method: 'POST', path: `/merchant/invitations/${encodeURIComponent(merchantId)}/${accept ? 'accept' : 'decline'}`, schema: z.undefined() });
}

/** The merchants of the unions this admin manages, active or not, by name. */
export function fetchManagedMerchants(query: { q?: string; offset?: number }): Promise<{ items: MerchantAdmin[]; nextOffset: number | null }> {
  return request({ path: '/admin/merchants', query: { q: query.q, offset: query.offset, limit: 50 }, schema: merchantAdminListResponseSchema });
}

/** 404 orgs.not_found for a union the admin does not manage; 400 with the field for a bad value. */
export function createMerchant(input: MerchantCreate): Promise<Merchant> {
  return request({ method: 'POST', path: '/admin/merchants', body: input, schema: merchantSchema });
}

export function updateMerchant(id: string, input: MerchantUpdate): Promise<MerchantAdmin> {
  return request({ method: 'PATCH', path: `/admin/merchants/${encodeURIComponent(id)}`, body: input, schema: merchantAdminSchema });
}

/** A merchant's clerks and invitations (waiting or lapsed). */
export async function fetchClerks(merchantId: string): Promise<Clerk[]> {
  return (await request({ path: `/admin/merchants/${encodeURIComponent(merchantId)}/clerks`, schema: clerkListResponseSchema })).items;
}

/** Invites a phone to be a clerk: they become one when they accept on 我的 within 7 days. */
export function inviteClerk(merchantId: string, phone: string): Promise<Clerk> {
  return request({ method: 'POST', path: `/admin/merchants/${encodeURIComponent(merchantId)}/clerks`, body: { phone }, schema: clerkSchema });
}

/** Withdraws an invitation, or removes a clerk. */
export async function removeClerk(merchantId: string, accountId: string): Promise<void> {
  await request({
    method: 'DELETE',
    path: `/admin/merchants/${encodeURIComponent(merchantId)}/clerks/${encodeURIComponent(accountId)}`,
    schema: z.undefined(),
  });
}
