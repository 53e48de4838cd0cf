import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Short signed codes for QR: the member code (rotating, about a minute), place codes of stations, events and
 * merchants (static for a printed poster, or rotating on a staffer's phone), booking and voucher codes.
 *
 * A code is `<purpose>.<kid>.<subject>.<step>.<mac>`, all URL-safe and short enough for a low-density QR:
 * - `purpose`: a few lowercase letters naming what the code is for (`m` member, `p` place, …); a code made for one
 *   purpose never verifies for another, because the purpose is part of what is signed;
 * - `kid`: the signing key's id, so keys rotate (old keys stay configured for verifying until their codes are gone);
 * - `subject`: what the code stands for (a uuid is packed into 22 base64url characters);
 * - `step`: the time step (`floor(unix seconds / stepSeconds)`) it was made in, in base 36, or `s<generation>` for a
 *   static code (no expiry; bump the generation to revoke printed posters);
 * - `mac`: HMAC-SHA256 over everything before it, truncated to 128 bits.
 */

export type SignedCodeFailure = 'malformed' | 'bad_signature' | 'unknown_key' | 'wrong_purpose' | 'expired' | 'future' | 'static_not_allowed';

export class SignedCodeError extends Error {
  /**
   * What a genuine code stood for, when it was refused only for its time (`expired`, `future`): the signature and
   * purpose were checked first, so the subject is authentic (a late re-upload of a scan can be answered as before).
   */
  constructor(
    readonly reason: SignedCodeFailure,
    readonly subject?: string,
  ) {
    super(`signed code refused: ${reason}`);
    this.name = 'SignedCodeError';
  }
}

export interface SignedCodeKeys {
  /** The key new codes are signed with. */
  currentKid: string;
  /** Every key that may verify, the current one included. */
  keys: ReadonlyMap<string, Buffer>;
}

export interface VerifiedCode {
  purpose: string;
  kid: string;
  subject: string;
  /** `null` for a static code. */
  step: number | null;
  /** Static codes: the generation they were printed with. */
  generation: number | null;
  /** Unix seconds the step began (rotating codes). */
  issuedAt: number | null;
  /** Unix seconds after which the code is refused (rotating codes). */
  expiresAt: number | null;
}

const PURPOSE = /^[a-z]{1,4}$/;
const KID = /^[a-z0-9]{1,8}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAC_BYTES = 16;

/** A uuid as 22 base64url characters; anything else as itself (it must not contain a dot). */
function packSubject(subject: string): string {
  if (UUID.test(subject)) return Buffer.from(subject.replace(/-/g, ''), 'hex').toString('base64url');
  if (!/^[A-Za-z0-9_~-]{1,64}$/.test(subject) || subject.length === 22) throw new Error(`subject cannot be packed: ${subject}`);
  return `~${subject}`;
}

function unpackSubject(packed: string): string | null {
  if (packed.startsWith('~')) return packed.length > 1 ? packed.slice(1) : null;
  if (!/^[A-Za-z0-9_-]{22}$/.test(packed)) return null;
  const hex = Buffer.from(packed, 'base64url').toString('hex');
  if (hex.length !== 32) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function createCodeSigner(keys: SignedCodeKeys, options: { stepSeconds: number }) {
  if (!keys.keys.has(keys.currentKid)) throw new Error(`current code key ${keys.currentKid} is not among the keys`);
  for (const kid of keys.keys.keys()) if (!KID.test(kid)) throw new Error(`bad code key id: ${kid}`);
  const { stepSeconds } = options;

  const mac = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);

  function make(purpose: string, subject: string, stepPart: string): string {
    if (!PURPOSE.test(purpose)) throw new Error(`bad code purpose: ${purpose}`);
    const body = `${purpose}.${keys.currentKid}.${packSubject(subject)}.${stepPart}`;
    return `${body}.${mac(keys.keys.get(keys.currentKid)!, body).toString('base64url')}`;
  }

  return {
    stepSeconds,

    /** A rotating code for the time step `now` falls in (unix seconds). */
    signRotating(purpose: string, subject: string, now = Date.now() / 1000): { code: string; issuedAt: number; step: number } {
      const step = Math.floor(now / stepSeconds);
      return { code: make(purpose, subject, step.toString(36)), issuedAt: step * stepSeconds, step };
    },

    /** A code with no expiry, for print; `generation` lets the owner revoke every earlier print. */
    signStatic(purpose: string, subject: string, generation = 0): string {
      if (!Number.isInteger(generation) || generation < 0) throw new Error('generation must be a non-negative integer');
      return make(purpose, subject, `s${generation.toString(36)}`);
    },

    /**
     * Checks the signature first (a forged code learns nothing else), then the purpose, then time.
     * A rotating code is accepted from the start of its step until `maxAgeSeconds` later; a code from a step that
     * has not begun (more than `skewSeconds` ahead) is `future`.
     */
    verify(code: string, expect: { purpose: string; maxAgeSeconds: number; allowStatic?: boolean; skewSeconds?: number; now?: number }): VerifiedCode {
      if (typeof code !== 'string' || code.length > 200) throw new SignedCodeError('malformed');
      const parts = code.split('.');
      if (parts.length !== 5) throw new SignedCodeError('malformed');
      const [purpose, kid, packed, stepPart, macPart] = parts as [string, string, string, string, string];
      if (!PURPOSE.test(purpose) || !KID.test(kid) || !/^s?[0-9a-z]{1,12}$/.test(stepPart) || !/^[A-Za-z0-9_-]{22}$/.test(macPart)) {
        throw new SignedCodeError('malformed');
      }
      const key = keys.keys.get(kid);
      if (!key) throw new SignedCodeError('unknown_key');
      // Compare the text, not decoded bytes: base64url has spare bits in its last character, so two spellings
      // decode to one MAC and a changed code could otherwise pass.
      const given = Buffer.from(macPart);
      const wanted = Buffer.from(mac(key, `${purpose}.${kid}.${packed}.${stepPart}`).toString('base64url'));
      if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) throw new SignedCodeError('bad_signature');
      const subject = unpackSubject(packed);
      if (!subject) throw new SignedCodeError('malformed');
      if (purpose !== expect.purpose) throw new SignedCodeError('wrong_purpose');

      if (stepPart.startsWith('s')) {
        if (!expect.allowStatic) throw new SignedCodeError('static_not_allowed');
        return { purpose, kid, subject, step: null, generation: parseInt(stepPart.slice(1), 36), issuedAt: null, expiresAt: null };
      }
      const now = expect.now ?? Date.now() / 1000;
      const step = parseInt(stepPart, 36);
      const issuedAt = step * stepSeconds;
      const expiresAt = issuedAt + expect.maxAgeSeconds;
      if (issuedAt > now + (expect.skewSeconds ?? 5)) throw new SignedCodeError('future', subject);
      if (now >= expiresAt) throw new SignedCodeError('expired', subject);
      return { purpose, kid, subject, step, generation: null, issuedAt, expiresAt };
    },
  };
}

export type CodeSigner = ReturnType<typeof createCodeSigner>;
