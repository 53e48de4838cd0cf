import DataLoader from 'dataloader';
import type { MemberCodeResponse, MembershipStatus } from '@union/shared';
import type { Database } from '../../db/client';
import { createCodeSigner, SignedCodeError, type SignedCodeFailure, type SignedCodeKeys } from '../../lib/signed-codes';
import { memberErrors } from './members.errors';
import * as repo from './members.repository';
import type { ShortCodeIssuer } from '../shortcodes';

/**
 * The member code (会员码): a rotating signed code naming the membership. A new step begins every 30 s and a
 * code is accepted for 60 s from the start of its step, so the code on screen always has 30-60 s left and a
 * screenshot is useless a minute later. The server keeps no state per code: a code is reusable within its
 * 60 s (showing it twice at one counter is the normal case), and a scan never writes to the membership.
 */
export const MEMBER_CODE = { purpose: 'm', stepSeconds: 30, maxAgeSeconds: 60, skewSeconds: 5 } as const;

const FAILURE_CODES: Record<
  SignedCodeFailure,
  'codes.malformed' | 'codes.invalid' | 'codes.unknown_key' | 'codes.wrong_kind' | 'codes.expired' | 'codes.future'
> = {
  malformed: 'codes.malformed',
  bad_signature: 'codes.invalid',
  unknown_key: 'codes.unknown_key',
  wrong_purpose: 'codes.wrong_kind',
  static_not_allowed: 'codes.wrong_kind',
  expired: 'codes.expired',
  future: 'codes.future',
};

export interface ScannedMember {
  membershipId: string;
  name: string;
  memberNo: string;
  status: MembershipStatus;
  orgId: string;
  orgName: string;
  orgPath: string;
  /** Unix seconds after which the scanned code is refused. */
  codeExpiresAt: number;
}

/** A membership that has not ended still counts: 保留会籍 and 转出中 are members. */
export const isValidMembership = (status: MembershipStatus) => status !== 'left';

export function createMemberCodes(deps: { db: Database; keys: SignedCodeKeys; now?: () => Date; cacheTtlMs?: number; shortCodes?: ShortCodeIssuer }) {
  const { db } = deps;
  const signer = createCodeSigner(deps.keys, { stepSeconds: MEMBER_CODE.stepSeconds });
  const now = deps.now ?? (() => new Date());
  // A scanned member's row, kept briefly: the same member is scanned again at the next counter, and a burst of
  // scans should not be a burst of reads. A membership that ends is seen as ended within `ttl` on every instance.
  const ttl = deps.cacheTtlMs ?? 5_000;
  const cache = new Map<string, { until: number; row: Promise<repo.ScanRow | undefined> }>();
  const MAX_CACHED = 50_000;
  // The scans arriving in one turn of the event loop share one query (one round trip for a burst at many counters).
  // The batch waits for setImmediate, after every request read in this turn's poll has run, not for the end of
  // the first request's tick (DataLoader's default), which would give each request a query of its own.
  const loader = new DataLoader<string, repo.ScanRow | undefined>(
    async (ids) => {
      const rows = await repo.membershipsForScan(db, ids);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id));
    },
    { cache: false, maxBatchSize: 500, batchScheduleFn: (callback) => setImmediate(callback) },
  );

  function lookup(id: string) {
    if (ttl <= 0) return loader.load(id);
    const t = Date.now();
    const hit = cache.get(id);
    if (hit && hit.until > t) return hit.row;
    if (cache.size >= MAX_CACHED) cache.clear();
    const row = loader.load(id);
    cache.set(id, { until: t + ttl, row });
    row.catch(() => cache.delete(id));
    return row;
  }

  return {
    /** A fresh code for the account's current membership. */
    async issue(accountId: string): Promise<MemberCodeResponse> {
      const m = await repo.currentMembershipByAccount(db, accountId);
      if (!m) throw memberErrors.notMember();
      const t = now().getTime() / 1000;
      const { code, issuedAt } = signer.signRotating(MEMBER_CODE.purpose, m.id, t);
      const expiresAt = issuedAt + MEMBER_CODE.maxAgeSeconds;
      const refreshAt = issuedAt + MEMBER_CODE.stepSeconds;
      const round = (s: number) => Math.round(s * 1000) / 1000;
      // The short code under the QR expires with it: a new one every time the code rotates.
      const [shortCode] = deps.shortCodes ? await deps.shortCodes([{ purpose: 'member', text: code, expiresAt: new Date(expiresAt * 1000) }]) : [null];
      return {
        code,
        shortCode: shortCode ?? null,
        expiresAt: new Date(expiresAt * 1000).toISOString(),
        refreshAt: new Date(refreshAt * 1000).toISOString(),
        expiresIn: round(expiresAt - t),
        refreshIn: round(refreshAt - t),
      };
    },

    /** Checks a scanned member code and returns whose it is; every refusal is an AppError with a `codes.*` code. */
    async verify(token: string): Promise<ScannedMember> {
      let verified;
      try {
        verified = signer.verify(token, {
          purpose: MEMBER_CODE.purpose,
          maxAgeSeconds: MEMBER_CODE.maxAgeSeconds,
          skewSeconds: MEMBER_CODE.skewSeconds,
          now: now().getTime() / 1000,
        });
      } catch (error) {
        if (error instanceof SignedCodeError) throw memberErrors.codeRefused(FAILURE_CODES[error.reason]);
        throw error;
      }
      const row = await lookup(verified.subject);
      if (!row) throw memberErrors.codeMemberNotFound();
      return {
        membershipId: row.id,
        name: row.name,
        memberNo: row.memberNo,
        status: row.status,
        orgId: row.orgId,
        orgName: row.orgName,
        orgPath: row.orgPath,
        codeExpiresAt: verified.expiresAt!,
      };
    },
  };
}

export type MemberCodes = ReturnType<typeof createMemberCodes>;
