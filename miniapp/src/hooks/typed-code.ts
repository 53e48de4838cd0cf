import { normalizeShortCode, type ShortCodePurpose } from '@union/shared';
import { toApiError } from '../api/errors';
import { resolveShortCode } from '../api/scan';

/**
 * What a scan page does with a typed code: a short code (the 8 characters under a QR, K7QM-3XPA) becomes the QR's text,
 * asked of the server for this page's purpose only; anything else (a pasted QR text) goes on as typed. Throws an Error
 * whose message is the server's plain-Chinese answer.
 */
export function typedCodeResolver(purpose: ShortCodePurpose): (typed: string) => Promise<string> {
  return async (typed) => {
    if (!normalizeShortCode(typed)) return typed;
    try {
      return (await resolveShortCode(typed, purpose)).text;
    } catch (error) {
      throw new Error(toApiError(error).message);
    }
  };
}
