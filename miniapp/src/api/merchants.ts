import { z } from 'zod';
import { clerkInvitationListSchema, merchantListResponseSchema, type ClerkInvitation, type MerchantCategory, type NearbyMerchant } from '@union/shared';
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

/** 404 merchants.not_found when the invitation is gone (answered, or withdrawn). */
export async function answerClerkInvitation(merchantId: string, accept: boolean): Promise<void> {
  await request({ method: 'POST', path: `/merchant/invitations/${encodeURIComponent(merchantId)}/${accept ? 'accept' : 'decline'}`, schema: z.undefined() });
}
