import { z } from 'zod';

/**
 * Short codes: what a person reads out or types when a QR cannot be scanned, printed under the QR as `K7QM-3XPA`.
 * Eight characters of an alphabet without look-alikes (no 0/O, 1/I), 40 bits; each stands for one QR of one purpose
 * and expires with it (server/src/modules/short-codes).
 */
export const SHORT_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const SHORT_CODE_LENGTH = 8;

/** What a short code may be used for: the scan page that accepts it. */
export const shortCodePurposeSchema = z.enum(['member', 'booking', 'voucher', 'place']);
export type ShortCodePurpose = z.infer<typeof shortCodePurposeSchema>;

/** The short code in what a person typed (any case, with or without the dash or spaces); null when it is not one. */
export function normalizeShortCode(text: string): string | null {
  const compact = text.replace(/[\s-]/g, '').toUpperCase();
  if (compact.length !== SHORT_CODE_LENGTH) return null;
  for (const ch of compact) if (!SHORT_CODE_ALPHABET.includes(ch)) return null;
  return compact;
}

/** `K7QM3XPA` → `K7QM-3XPA`, for reading. */
export function formatShortCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export const resolveShortCodeRequestSchema = z.strictObject({
  code: z.string({ error: '请输入二维码下方的码' }).trim().min(1, { error: '请输入二维码下方的码' }).max(20, { error: '码过长，请核对' }),
  purpose: shortCodePurposeSchema,
});
export type ResolveShortCodeRequest = z.infer<typeof resolveShortCodeRequestSchema>;

export const resolveShortCodeResponseSchema = z.object({
  /** The full text of the QR the short code stands for; the scan page goes on as if it had scanned it. */
  text: z.string(),
});
export type ResolveShortCodeResponse = z.infer<typeof resolveShortCodeResponseSchema>;

/** The short code printed under a QR, formatted (`K7QM-3XPA`); null when none could be issued. */
export const shortCodeFieldSchema = z.string().nullable();
