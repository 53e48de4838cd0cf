import {
  CLERK_INVITATION_DAYS,
  formatOpeningHours,
  maskPhone,
  parseOpeningHours,
  type Clerk,
  type MerchantAdmin,
  type MerchantUpdate,
  type StaffRole,
} from '@union/shared';
import { covers } from '../../lib/scope';
import { merchantErrors } from './merchants.errors';
import * as repo from './merchants.repository';
import type { Database } from '../../db/client';
import type { ScopeFor } from '../../lib/scope';
import type { AuditPort } from '../audit';
import type { OrgLookup } from '../orgs';

/** Who may sign up merchants and their clerks: a union's admins and operators above it. */
export const MANAGE_ROLES: readonly StaffRole[] = ['admin', 'operator'];

/** What the admin side needs (a part of the merchants service's deps). */
export interface MerchantAdminDeps {
  db: Database;
  scopeFor: ScopeFor;
  findOrg: OrgLookup;
  accountByPhone: (db: Database, phone: string) => Promise<{ id: string }>;
  audit: AuditPort;
  decryptPhone: (phoneEnc: string) => string;
  now?: () => Date;
}

/** Opening hours as stored: the canonical text of what was typed (每天 10:00-21:00), or null. */
export function canonicalHours(hours: string | null | undefined): string | null {
  const parsed = hours ? parseOpeningHours(hours) : undefined;
  return parsed ? formatOpeningHours(parsed) : null;
}

/**
 * What a union's admins do with their merchants: list them, edit them, invite clerks, withdraw an invitation or
 * remove a clerk. A merchant of a union the admin does not manage looks the same as a missing one. `forget` drops
 * the clerk cache of the counter check (one account, or everyone's) after a change.
 */
export function createMerchantAdmin(deps: MerchantAdminDeps, forget: (clerkAccountId?: string) => void) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  /** A merchant the caller manages (its union or one above it), else not found: another union's looks missing. */
  async function managed(accountId: string, merchantId: string) {
    const scope = await deps.scopeFor(accountId, MANAGE_ROLES);
    const merchant = await repo.findMerchant(db, merchantId);
    if (!merchant || !covers(scope, merchant.orgPath)) throw merchantErrors.notFound();
    return { scope, merchant };
  }

  const clerkStatus = (c: { acceptedAt: Date | null; expiresAt: Date | null }, at: Date): Clerk['status'] =>
    c.acceptedAt ? 'active' : c.expiresAt && c.expiresAt > at ? 'invited' : 'expired';

  return {
    /** The merchants of the caller's unions (active or not), by name, 50 a page. */
    async adminList(accountId: string, q: { orgId?: string; q?: string; limit: number; offset: number }) {
      const scope = await deps.scopeFor(accountId, MANAGE_ROLES);
      const rows = await repo.merchantsInScope(db, scope, { orgId: q.orgId, text: q.q || undefined, limit: q.limit, offset: q.offset, at: now() });
      const items: MerchantAdmin[] = rows.slice(0, q.limit).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
      return { items, nextOffset: rows.length > q.limit ? q.offset + q.limit : null };
    },

    /**
     * Edits a merchant the caller manages: any field, the union too (to one they manage), and `active` (off: members no
     * longer see it and its clerks no longer check codes there). The audit row lists each changed field's old and new value.
     */
    async update(accountId: string, merchantId: string, input: MerchantUpdate): Promise<MerchantAdmin> {
      const { scope, merchant } = await managed(accountId, merchantId);
      let orgId = merchant.orgId;
      if (input.orgId !== undefined && input.orgId !== merchant.orgId) {
        const org = await deps.findOrg(db, input.orgId);
        if (!org || !covers(scope, org.path)) throw merchantErrors.orgNotFound();
        orgId = org.id;
      }
      const next = {
        ...input,
        ...(input.hours !== undefined ? { hours: canonicalHours(input.hours) } : {}),
        ...(input.orgId !== undefined ? { orgId } : {}),
      };
      const before = merchant as unknown as Record<string, unknown>;
      const changed = Object.fromEntries(
        Object.entries(next)
          .filter(([key, value]) => value !== undefined && before[key] !== value)
          .map(([key, value]) => [key, { from: before[key] ?? null, to: value }]),
      );
      if (Object.keys(changed).length > 0) {
        await db.transaction(async (tx) => {
          await repo.updateMerchant(tx, merchantId, Object.fromEntries(Object.entries(changed).map(([key, v]) => [key, (v as { to: unknown }).to])));
          await deps.audit.record(tx, {
            actorAccountId: accountId,
            action: 'merchant.update',
            targetType: 'merchant',
            targetId: merchantId,
            orgId,
            detail: { changed },
          });
        });
        // Its clerks' counter follows `active` at once on this instance (others within the cache's 10 s).
        if ('active' in changed) forget();
      }
      const [fresh] = await repo.merchantsInScope(db, scope, { id: merchantId, limit: 1, offset: 0, at: now() });
      if (!fresh) throw merchantErrors.notFound();
      return { ...fresh, createdAt: fresh.createdAt.toISOString() };
    },

    /** A merchant's clerks and invitations (waiting, lapsed), for its union's admins; phones masked. */
    async clerks(accountId: string, merchantId: string): Promise<Clerk[]> {
      await managed(accountId, merchantId);
      const at = now();
      return (await repo.clerksOf(db, merchantId)).map((c) => ({
        merchantId,
        accountId: c.accountId,
        phone: c.phoneEnc ? maskPhone(deps.decryptPhone(c.phoneEnc)) : '微信账号',
        status: clerkStatus(c, at),
        invitedAt: c.invitedAt.toISOString(),
        expiresAt: c.acceptedAt ? null : (c.expiresAt?.toISOString() ?? null),
      }));
    },

    /**
     * Invites the person with this phone to be a clerk of the merchant: they become one only when they accept, within
     * CLERK_INVITATION_DAYS. Inviting again sends a waiting or lapsed invitation anew; a clerk already stays one.
     */
    async addClerk(accountId: string, merchantId: string, phone: string): Promise<Clerk> {
      const { merchant } = await managed(accountId, merchantId);
      const at = now();
      const expiresAt = new Date(at.getTime() + CLERK_INVITATION_DAYS * 86_400_000);
      const { account, outcome } = await db.transaction(async (tx) => {
        const account = await deps.accountByPhone(tx, phone);
        const outcome = await repo.inviteClerk(tx, { merchantId, accountId: account.id, addedBy: accountId, at, expiresAt });
        if (outcome !== 'active') {
          await deps.audit.record(tx, {
            actorAccountId: accountId,
            action: 'merchant.clerk_add',
            targetType: 'merchant',
            targetId: merchantId,
            orgId: merchant.orgId,
            detail: {
              clerkAccountId: account.id,
              phone: maskPhone(phone),
              expiresAt: expiresAt.toISOString(),
              ...(outcome === 'renewed' ? { again: true } : {}),
            },
          });
        }
        return { account, outcome };
      });
      forget(account.id);
      const row = (await repo.clerksOf(db, merchantId)).find((c) => c.accountId === account.id)!;
      return {
        merchantId,
        accountId: account.id,
        phone: maskPhone(phone),
        status: outcome === 'active' ? 'active' : 'invited',
        invitedAt: row.invitedAt.toISOString(),
        expiresAt: row.acceptedAt ? null : (row.expiresAt?.toISOString() ?? null),
      };
    },

    /** Withdraws a waiting invitation, or removes a clerk (they no longer check codes there); audited either way. */
    async removeClerk(accountId: string, merchantId: string, clerkAccountId: string): Promise<void> {
      const { merchant } = await managed(accountId, merchantId);
      await db.transaction(async (tx) => {
        const gone = await repo.deleteClerk(tx, merchantId, clerkAccountId);
        if (!gone) throw merchantErrors.clerkNotFound();
        await deps.audit.record(tx, {
          actorAccountId: accountId,
          action: gone.acceptedAt ? 'merchant.clerk_remove' : 'merchant.clerk_withdraw',
          targetType: 'merchant',
          targetId: merchantId,
          orgId: merchant.orgId,
          detail: { clerkAccountId },
        });
      });
      forget(clerkAccountId);
    },
  };
}
