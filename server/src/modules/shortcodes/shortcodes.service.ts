import { createHash } from 'node:crypto';
import { formatShortCode, normalizeShortCode, SHORT_CODE_ALPHABET, SHORT_CODE_LENGTH, type ShortCodePurpose } from '@union/shared';
import type { Database } from '../../db/client';
import type { PeriodicJob } from '../../lib/periodic';
import { shortCodeErrors } from './shortcodes.errors';
import * as repo from './shortcodes.repository';

/** A QR to print a short code under: its purpose, its full text, and when it stops being accepted (null: never). */
export interface ShortCodeIssue {
  purpose: ShortCodePurpose;
  text: string;
  expiresAt: Date | null;
}

/** The port other modules take: the formatted short code of each QR (null in the very rare case none is free). */
export type ShortCodeIssuer = (items: ShortCodeIssue[]) => Promise<(string | null)[]>;

export interface ShortCodeLimits {
  /** Wrong tries allowed per account, and per IP (generous: carriers put many phones behind one address). */
  account: number;
  ip: number;
  windowSeconds: number;
}

export const DEFAULT_SHORT_CODE_LIMITS: ShortCodeLimits = { account: 10, ip: 50, windowSeconds: 15 * 60 };

/**
 * The code is the first 40 bits of SHA-256 over purpose and QR text, in the 32-letter alphabet. No key is needed:
 * every QR text carries a 128-bit MAC (signed-codes.ts) an outsider cannot know, so its hash cannot be predicted.
 * Deriving it (instead of drawing it at random) makes issuing idempotent: the same QR always prints the same code
 * and a repeated fetch writes nothing new; the table is still needed to go back from the code to the QR.
 */
export function deriveShortCode(purpose: string, text: string): string {
  const digest = createHash('sha256').update(`${purpose}\n${text}`).digest();
  let bits = 0n;
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(digest[i]!);
  let code = '';
  for (let i = SHORT_CODE_LENGTH - 1; i >= 0; i--) code += SHORT_CODE_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return code;
}

/**
 * Wrong guesses of a typed code, counted per key (`account:…`, `ip:…`) in a window (`short_code_misses`): once a key
 * has used up its misses, every try (right or wrong) is refused until its window closes. Short codes use it, and so
 * does any other lookup by a code a person types (a certificate's verification code). A try is counted before the
 * look-up, atomically (one upsert-increment-returning, `takeTry`), so parallel tries cannot slip past the limit; a
 * right code, or a refused try, is given back: only wrong look-ups stay counted.
 */
export interface GuessLimiter {
  /**
   * Counts one try for each key (`max` is its allowance) and runs `lookUp`. Past any key's allowance the try is given
   * back and `refused(seconds until that window closes)` is thrown without a look-up; a look-up that finds something
   * gives the try back; one that finds nothing leaves it counted.
   */
  guess<T>(keys: { key: string; max: number }[], lookUp: () => Promise<T | undefined>, refused: (waitSeconds: number) => Error): Promise<T | undefined>;
}

export function createGuessLimiter(deps: { db: Database; now?: () => Date; windowSeconds: number }): GuessLimiter {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  return {
    async guess(keys, lookUp, refused) {
      const at = now();
      const max = new Map(keys.map((k) => [k.key, k.max]));
      const tries = await repo.takeTry(
        db,
        keys.map((k) => k.key),
        at,
        deps.windowSeconds,
      );
      const over = tries.filter((w) => w.misses > (max.get(w.key) ?? Infinity));
      if (over.length > 0) {
        await repo.giveBackTry(db, tries);
        const until = Math.max(...over.map((w) => w.windowEndsAt.getTime()));
        throw refused(Math.max(1, Math.ceil((until - at.getTime()) / 1000)));
      }
      const found = await lookUp();
      if (found !== undefined) await repo.giveBackTry(db, tries);
      return found;
    },
  };
}

export interface ShortCodesDeps {
  db: Database;
  now?: () => Date;
  limits?: ShortCodeLimits;
}

export function createShortCodesService(deps: ShortCodesDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const limits = deps.limits ?? DEFAULT_SHORT_CODE_LIMITS;
  const guesses = createGuessLimiter({ db, now, windowSeconds: limits.windowSeconds });

  const issue: ShortCodeIssuer = async (items) => {
    const rows = new Map<string, repo.ShortCodeRow>();
    const codes = items.map((item) => {
      const code = deriveShortCode(item.purpose, item.text);
      rows.set(code, { code, purpose: item.purpose, target: item.text, expiresAt: item.expiresAt });
      return code;
    });
    const held = await repo.upsertShortCodes(db, [...rows.values()], now());
    return codes.map((code) => (held.has(code) ? formatShortCode(code) : null));
  };

  return {
    issue,

    /**
     * The QR text a typed short code stands for, only for its purpose and until its QR expires. Wrong tries are
     * limited per account and per IP (`GuessLimiter`).
     */
    async resolve(typed: string, purpose: ShortCodePurpose, who: { accountId: string; ip: string }): Promise<{ text: string }> {
      const at = now();
      const code = normalizeShortCode(typed);
      const text = await guesses.guess(
        [
          { key: `account:${who.accountId}`, max: limits.account },
          { key: `ip:${who.ip}`, max: limits.ip },
        ],
        async () => (code ? repo.findLiveShortCode(db, code, purpose, at) : undefined),
        shortCodeErrors.tooManyTries,
      );
      if (text === undefined) throw shortCodeErrors.notFound();
      return { text };
    },

    /** Drops codes an hour after their QR expired, and closed miss windows. */
    cleanUp: () => repo.deleteExpiredShortCodes(db, new Date(now().getTime() - 3_600_000), now()),
  };
}

export type ShortCodesService = ReturnType<typeof createShortCodesService>;

export function shortCodesCleanupJob(service: ShortCodesService, intervalMs: number): PeriodicJob {
  return { name: 'short codes clean-up', intervalMs, pass: async () => void (await service.cleanUp()) };
}
