import { merchantListResponseSchema, type MerchantCategory, type NearbyMerchant } from '@union/shared';
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
