import { z } from 'zod';

/**
 * Certificates (证书): completing every lesson of a course or passing a test gives the member one certificate per
 * course or test, with a verification code (验证码) anyone can check without signing in. The code is eight characters
 * of the short-code alphabet (no 0/O, 1/I), shown as `K7QM-3XPA` (formatShortCode); docs/capabilities/learning.md.
 */
export const CERTIFICATE_SOURCES = ['course', 'test'] as const;
export type CertificateSource = (typeof CERTIFICATE_SOURCES)[number];
export const CERTIFICATE_SOURCE_LABELS: Record<CertificateSource, string> = { course: '完成课程', test: '通过测试' };

/** The holder's own certificate: their full name, what it is for, when, which union issued it, and the code. */
export const certificateSchema = z.object({
  id: z.string(),
  /** Formatted: K7QM-3XPA. */
  code: z.string(),
  source: z.enum(CERTIFICATE_SOURCES),
  /** The course's or the test's title. */
  title: z.string(),
  holderName: z.string(),
  /** The union that set the course or test. */
  orgName: z.string(),
  /** A test's score on the attempt that passed it; null for a course. */
  score: z.number().int().nullable(),
  issuedAt: z.string(),
});
export type Certificate = z.infer<typeof certificateSchema>;
export const certificateListSchema = z.object({ items: z.array(certificateSchema) });

/** What anyone checking a code learns: the holder's name masked (张*三), what, when and which union. */
export const certificateCheckSchema = z.object({
  code: z.string(),
  source: z.enum(CERTIFICATE_SOURCES),
  title: z.string(),
  holderName: z.string(),
  orgName: z.string(),
  issuedAt: z.string(),
});
export type CertificateCheck = z.infer<typeof certificateCheckSchema>;

/** The code as typed or scanned (any case, with or without the dash); a malformed one is simply not found. */
export const certificateCodeParamSchema = z.strictObject({
  code: z.string({ error: '请输入证书验证码' }).trim().min(1, { error: '请输入证书验证码' }).max(20, { error: '验证码过长，请核对' }),
});
