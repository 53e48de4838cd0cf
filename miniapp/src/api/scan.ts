import {
  merchantScanResultSchema,
  resolveShortCodeResponseSchema,
  staffScanResultSchema,
  type MerchantScanResult,
  type ResolveShortCodeResponse,
  type ShortCodePurpose,
  type StaffScanResult,
} from '@union/shared';
import { request } from './http';

/** Staff check a member code: who it is and whether the membership is valid. */
export function staffScan(token: string): Promise<StaffScanResult> {
  return request({ method: 'POST', path: '/staff/scan', body: { token }, schema: staffScanResultSchema });
}

/** A merchant clerk's counter check: valid or not, and the masked name. */
export function merchantScan(token: string): Promise<MerchantScanResult> {
  return request({ method: 'POST', path: '/merchant/scan', body: { token }, schema: merchantScanResultSchema });
}

/** The full QR text a typed short code stands for, for one scan page's purpose only. */
export function resolveShortCode(code: string, purpose: ShortCodePurpose): Promise<ResolveShortCodeResponse> {
  return request({ method: 'POST', path: '/short-codes/resolve', body: { code, purpose }, schema: resolveShortCodeResponseSchema });
}
