import { z } from 'zod';
import { membershipStatusSchema } from './enums';

/**
 * Signed QR codes (server/src/lib/signed-codes.ts): `<purpose>.<kid>.<subject>.<step>.<mac>`.
 * The purpose is readable without the key, so a scanner can tell a member code from a place code
 * before it asks the server; only the server can tell whether a code is genuine.
 */
export const CODE_PURPOSES = { member: 'm', place: 'p', booking: 'b' } as const;

const CODE_SHAPE = /^[a-z]{1,4}\.[a-z0-9]{1,8}\.[A-Za-z0-9_~-]{2,65}\.s?[0-9a-z]{1,12}\.[A-Za-z0-9_-]{22}$/;

/**
 * The code inside whatever a scanner read: the code itself, or a link that carries it as `code=` (a
 * printed poster may encode a link that opens the mini-program). Null when nothing code-shaped is there.
 */
export function extractSignedCode(scanned: string): string | null {
  const text = scanned.trim();
  if (CODE_SHAPE.test(text)) return text;
  const m = /[?&#]code=([^&#\s]+)/.exec(text);
  if (!m) return null;
  let value: string;
  try {
    value = decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
  return CODE_SHAPE.test(value) ? value : null;
}

/** `member`, `place`, or `other` for a code of another purpose (booking, voucher…); null for no code at all. */
export function signedCodeKind(scanned: string): { kind: 'member' | 'place' | 'other'; code: string } | null {
  const code = extractSignedCode(scanned);
  if (!code) return null;
  const purpose = code.slice(0, code.indexOf('.'));
  const kind = purpose === CODE_PURPOSES.member ? 'member' : purpose === CODE_PURPOSES.place ? 'place' : 'other';
  return { kind, code };
}

export const memberCodeResponseSchema = z.object({
  /** What the QR encodes. */
  code: z.string(),
  /** The short code printed under the QR (`K7QM-3XPA`), expiring with it; null in the rare case none was free. */
  shortCode: z.string().nullable(),
  /** When the server stops accepting it (at most 60 s after it was made). */
  expiresAt: z.string(),
  /** When the client should fetch the next one (the next code's step has begun). */
  refreshAt: z.string(),
  /** The same two moments as seconds from now, so a phone with a wrong clock still counts down right. */
  expiresIn: z.number(),
  refreshIn: z.number(),
});
export type MemberCodeResponse = z.infer<typeof memberCodeResponseSchema>;

/** A scanned or typed code; the body is closed and the token bounded. */
export const scanRequestSchema = z.strictObject({
  token: z.string({ error: '请扫描或输入会员码' }).trim().min(1, { error: '请扫描或输入会员码' }).max(200, { error: '会员码过长，请核对' }),
});
export type ScanRequest = z.infer<typeof scanRequestSchema>;

/**
 * What staff see when they scan a member code. Staff of the member's union (or a union above it) see the
 * status and the masked member number; staff of another union see only whether the member is valid, the
 * masked name and the union (what the member's own card shows them anyway).
 */
export const staffScanResultSchema = z.object({
  valid: z.boolean(),
  /** The member belongs to a union this staffer serves. */
  inScope: z.boolean(),
  /** 王*国 */
  maskedName: z.string(),
  orgName: z.string(),
  /** Null outside the staffer's unions. */
  status: membershipStatusSchema.nullable(),
  /** Masked, e.g. 110102******123; null outside the staffer's unions. */
  memberNo: z.string().nullable(),
  /** When the scanned code stops being accepted. */
  codeExpiresAt: z.string(),
});
export type StaffScanResult = z.infer<typeof staffScanResultSchema>;

/** A merchant's counter check: valid or not, and the masked name to compare with the person. Nothing else. */
export const merchantScanResultSchema = z.object({
  valid: z.boolean(),
  maskedName: z.string(),
});
export type MerchantScanResult = z.infer<typeof merchantScanResultSchema>;

/**
 * The one rule for a member's name shown to anyone but the member (staff scanning a member code, a clerk at
 * the counter, booking check-in, voucher redemption, a place's claims today): enough to compare with the
 * person in front of you, not enough to learn who they are.
 *
 * Characters are counted as characters (code points), after trimming:
 * - three or more: the first and the last kept, one star for each in between: 王建国 -> 王*国, 欧阳建锋 -> 欧**锋,
 *   阿依古丽·买买提 -> 阿******提;
 * - two: the first kept: 李娜 -> 李*;
 * - one (or none): a single star.
 * Only the first character is kept even for a two-character surname (欧阳锋 -> 欧*锋): a name alone does not say
 * whether 欧阳 is the surname, and keeping less is the safer mistake.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 11010226000123 -> 110102*****123 */
export function maskMemberNo(memberNo: string): string {
  if (memberNo.length < 10) return '*'.repeat(memberNo.length);
  return `${memberNo.slice(0, 6)}${'*'.repeat(memberNo.length - 9)}${memberNo.slice(-3)}`;
}
