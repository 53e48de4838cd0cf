import {
  maskName,
  type ClerkInvitation,
  type MerchantCategory,
  type MerchantCreate,
  type MerchantScanResult,
  type NearbyMerchant,
  type Merchant,
  type MembershipStatus,
} from '@union/shared';
import type { Database } from '../../db/client';
import { covers, type ScopeFor } from '../../lib/scope';
import { merchantErrors } from './merchants.errors';
import * as repo from './merchants.repository';
import { canonicalHours, createMerchantAdmin, MANAGE_ROLES } from './merchants.admin';
import type { OrgLookup } from '../orgs';
import type { AuditPort } from '../audit';

export { MANAGE_ROLES };
/** Search rings, nearest first: stop at the first ring that holds enough merchants. */
const RADII_M = [5_000, 30_000, 150_000, 1_000_000];

/** What a member-code check needs from the members module. */
export interface MemberCodeCheck {
  verify(token: string): Promise<{ membershipId: string; name: string; status: MembershipStatus; orgId: string }>;
}

export interface MerchantsServiceDeps {
  db: Database;
  scopeFor: ScopeFor;
  findOrg: OrgLookup;
  /** Finds or creates the account that logs in with this phone (auth module). */
  accountByPhone: (db: Database, phone: string) => Promise<{ id: string }>;
  codes: MemberCodeCheck;
  isValidMembership: (status: MembershipStatus) => boolean;
  audit: AuditPort;
  /** Batched audit for the counter check, which is a read. */
  scanAudit: {
    record(entry: {
      actorAccountId: string;
      action: string;
      targetType: string;
      targetId: string;
      orgId?: string | null;
      detail?: Record<string, unknown>;
    }): void;
  };
  clerkCacheTtlMs?: number;
  /** Decrypts an account's stored phone, to show it masked. */
  decryptPhone: (phoneEnc: string) => string;
  now?: () => Date;
}

export function createMerchantsService(deps: MerchantsServiceDeps) {
  const { db } = deps;
  const ttl = deps.clerkCacheTtlMs ?? 10_000;
  const now = deps.now ?? (() => new Date());
  const clerkCache = new Map<string, { until: number; merchants: Promise<{ id: string; name: string }[]> }>();

  function clerkOf(accountId: string) {
    const t = Date.now();
    const hit = clerkCache.get(accountId);
    if (ttl > 0 && hit && hit.until > t) return hit.merchants;
    if (clerkCache.size >= 20_000) clerkCache.clear();
    const merchants = repo.merchantsOfClerk(db, accountId);
    if (ttl > 0) clerkCache.set(accountId, { until: t + ttl, merchants });
    merchants.catch(() => clerkCache.delete(accountId));
    return merchants;
  }

  async function merchantDto(id: string): Promise<Merchant> {
    const m = await repo.findMerchant(db, id);
    if (!m) throw merchantErrors.notFound();
    return {
      id: m.id,
      name: m.name,
      category: m.category,
      address: m.address,
      lat: m.lat,
      lng: m.lng,
      discount: m.discount,
      discountPercent: m.discountPercent,
      orgName: m.orgName,
      hours: m.hours,
    };
  }

  const admin = createMerchantAdmin(deps, (clerkAccountId) => (clerkAccountId ? clerkCache.delete(clerkAccountId) : clerkCache.clear()));

  return {
    ...admin,

    /** The periodic clean-up: clerk invitations that lapsed unanswered before `before` go. */
    cleanUpInvitations: (before: Date) => repo.deleteLapsedClerkInvitations(db, before),

    /** Nearest active merchants first, within the first search ring that holds `limit` of them. */
    async nearby(q: { lat: number; lng: number; category?: MerchantCategory; limit: number }): Promise<NearbyMerchant[]> {
      let rows: Awaited<ReturnType<typeof repo.merchantsWithin>> = [];
      for (const radiusM of RADII_M) {
        rows = await repo.merchantsWithin(db, { ...q, radiusM });
        if (rows.length >= q.limit) break;
      }
      return rows.map((r) => ({ ...r, distanceM: Math.round(r.distanceM) }));
    },

    /** Signs up a merchant for a union in the caller's scope (admins and operators). */
    async create(accountId: string, input: MerchantCreate): Promise<Merchant> {
      const scope = await deps.scopeFor(accountId, MANAGE_ROLES);
      const org = await deps.findOrg(db, input.orgId);
      if (!org || !covers(scope, org.path)) throw merchantErrors.orgNotFound();
      const id = await db.transaction(async (tx) => {
        const row = await repo.insertMerchant(tx, {
          ...input,
          hours: canonicalHours(input.hours),
          discountPercent: input.discountPercent ?? null,
          createdBy: accountId,
        });
        await deps.audit.record(tx, {
          actorAccountId: accountId,
          action: 'merchant.create',
          targetType: 'merchant',
          targetId: row.id,
          orgId: org.id,
          detail: { name: input.name, category: input.category },
        });
        return row.id;
      });
      return merchantDto(id);
    },

    /** The clerk invitations waiting for this account's answer. */
    async invitations(accountId: string): Promise<ClerkInvitation[]> {
      return (await repo.pendingInvitations(db, accountId, now())).map((i) => ({
        ...i,
        invitedAt: i.invitedAt.toISOString(),
        expiresAt: i.expiresAt!.toISOString(),
      }));
    },

    /** Accepts (the person checks codes at that counter from now on) or declines a waiting invitation. */
    async answerInvitation(accountId: string, merchantId: string, accept: boolean): Promise<void> {
      const merchant = await repo.findMerchant(db, merchantId);
      if (!merchant) throw merchantErrors.notFound();
      await db.transaction(async (tx) => {
        const answered = await repo.answerInvitation(tx, merchantId, accountId, accept, now());
        if (answered === 'expired') throw merchantErrors.invitationExpired();
        if (answered === 'none') throw merchantErrors.invitationNotFound();
        await deps.audit.record(tx, {
          actorAccountId: accountId,
          action: accept ? 'merchant.clerk_accept' : 'merchant.clerk_decline',
          targetType: 'merchant',
          targetId: merchantId,
          orgId: merchant.orgId,
        });
      });
      clerkCache.delete(accountId);
    },

    /** The merchants an account is a clerk of (for /me). */
    merchantsOf: (accountId: string) => repo.merchantsOfClerk(db, accountId),

    /** The counter check: valid member or not, and the masked name. No union, no number, no status. */
    async scan(accountId: string, token: string): Promise<MerchantScanResult> {
      const [merchant] = await clerkOf(accountId);
      if (!merchant) throw merchantErrors.notClerk();
      let member;
      try {
        member = await deps.codes.verify(token);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code)
          deps.scanAudit.record({
            actorAccountId: accountId,
            action: 'member_code.merchant_scan',
            targetType: 'membership',
            targetId: '-',
            detail: { merchantId: merchant.id, outcome: code },
          });
        throw error;
      }
      const valid = deps.isValidMembership(member.status);
      deps.scanAudit.record({
        actorAccountId: accountId,
        action: 'member_code.merchant_scan',
        targetType: 'membership',
        targetId: member.membershipId,
        orgId: member.orgId,
        detail: { merchantId: merchant.id, outcome: valid ? 'valid' : 'not_valid' },
      });
      return { valid, maskedName: maskName(member.name) };
    },
  };
}

export type MerchantsService = ReturnType<typeof createMerchantsService>;
