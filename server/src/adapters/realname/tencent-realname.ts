import { callTencentCloud } from '../tencent-cloud';
import type { RealNameConfig, RealNameInput, RealNameProvider, RealNameResult } from './realname.adapter';

export type TencentRealNameConfig = RealNameConfig['tencent'];

export interface TencentRealNameOptions {
  /** Request timeout; 5 s by default. */
  timeoutMs?: number;
  /** Clock for the X-TC-Timestamp header and the signature. */
  now?: () => number;
}

const SERVICE = 'faceid';
const ACTION = 'PhoneVerification';
const VERSION = '2018-03-01';

/** Result codes of PhoneVerification that mean "the identity does not match" (the applicant must correct something). */
const FAILED_RESULTS: Record<string, string> = {
  '-4': 'name, ID number and phone do not match',
  '-6': 'invalid phone number',
  '-7': 'invalid ID number',
  '-8': 'name check failed',
  '-9': 'no record',
};

interface PhoneVerificationResponse {
  Response?: {
    Error?: { Code?: string; Message?: string };
    Result?: string;
    Description?: string;
    Isp?: string;
    RequestId?: string;
  };
}

/** Replaces the applicant's ID number and phone with masks, should a provider echo them back in a message. */
function redact(text: string, input: RealNameInput): string {
  let out = text.slice(0, 200);
  for (const secret of [input.idNumber.trim(), input.phone.trim()]) {
    if (secret.length >= 4) out = out.split(secret).join(`***${secret.slice(-4)}`);
  }
  // Anything else that looks like an ID number or a mobile number.
  return out.replace(/\d{6,}[\dXx]?/g, (m) => `***${m.slice(-4)}`);
}

/**
 * Tencent Cloud FaceID PhoneVerification (手机号三要素核验), API 3.0 with TC3-HMAC-SHA256 signing.
 * Result 0 -> passed; -4/-6/-7/-8/-9 -> failed; any other result, an Error body, an HTTP error or a
 * timeout -> unavailable. Never throws. Reasons never carry the full ID number or phone.
 */
export function createTencentRealName(config: TencentRealNameConfig, options: TencentRealNameOptions = {}): RealNameProvider {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 5_000;

  async function call(input: RealNameInput): Promise<RealNameResult> {
    let response: Response;
    try {
      response = await callTencentCloud({
        ...config,
        service: SERVICE,
        action: ACTION,
        version: VERSION,
        payload: { IdCard: input.idNumber, Name: input.name, Phone: input.phone },
        timeoutMs,
        now,
      });
    } catch (error) {
      const e = error as Error;
      const what = e.name === 'TimeoutError' || e.name === 'AbortError' ? `timed out after ${timeoutMs} ms` : `request failed: ${e.message}`;
      return { outcome: 'unavailable', reason: `tencent-faceid: ${redact(what, input)}` };
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { outcome: 'unavailable', reason: `tencent-faceid: HTTP ${response.status}` };
    }
    let body: PhoneVerificationResponse;
    try {
      body = (await response.json()) as PhoneVerificationResponse;
    } catch {
      return { outcome: 'unavailable', reason: 'tencent-faceid: response is not JSON' };
    }
    const r = body.Response;
    if (!r) return { outcome: 'unavailable', reason: 'tencent-faceid: response without Response' };
    if (r.Error) {
      const message = redact(`${r.Error.Code ?? 'Error'}: ${r.Error.Message ?? ''}`, input);
      return { outcome: 'unavailable', reason: `tencent-faceid: ${message}${r.RequestId ? ` (RequestId ${r.RequestId})` : ''}` };
    }
    const result = String(r.Result ?? '');
    const description = redact(r.Description ?? '', input);
    if (result === '0') return { outcome: 'passed' };
    const failed = FAILED_RESULTS[result];
    if (failed) return { outcome: 'failed', reason: description || failed };
    return { outcome: 'unavailable', reason: `tencent-faceid: Result ${result || '(none)'}${description ? ` ${description}` : ''}` };
  }

  return { name: 'tencent', verify: call };
}
