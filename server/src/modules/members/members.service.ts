import type { FastifyBaseLogger } from 'fastify';
import { BANK_CONSENT_VERSION, type MemberCard, type MeResponse } from '@union/shared';
import type { BankProvider } from '../../adapters/bank/bank.adapter';
import { maskCardNo } from '../../adapters/bank/card-number';
import type { Database } from '../../db/client';
import type { FieldCrypto } from '../../lib/crypto';
import { recordAudit } from '../audit/audit.repository';
import type { ApplicationRow } from '../applications/applications.table';
import { memberErrors } from './members.errors';
import * as repo from './members.repository';
import type { ServiceCardRow } from './members.table';

/** 110102 + 26 + 000123: the union's region code, the year, a per-region sequence. */
export function formatMemberNo(regionCode: string, year: number, seq: number): string {
  return `${regionCode}${String(year % 100).padStart(2, '0')}${String(seq).padStart(6, '0')}`;
}

/** How often the card page may ask the bank about a card being issued. */
const BANK_POLL_MS = 2_000;

/**
 * Creates the membership for an approved application, inside the caller's transaction:
 * ends the old one on a transfer, takes a member number, writes the history rows.
 */
export async function createMembershipFromApplication(
  tx: Database,
  app: ApplicationRow,
  org: { id: string; regionCode: string },
  actorAccountId: string | null,
  at: Date,
  preallocated?: { regionCode: string; memberNo: string },
) {
  let kind: 'join' | 'transfer_in' = 'join';
  if (app.kind === 'transfer') {
    const old = await repo.currentMembershipByPerson(tx, app.idHash);
    if (old) {
      await repo.endMembership(tx, old.id, at);
      await repo.insertMembershipEvent(tx, { membershipId: old.id, kind: 'transfer_out', orgId: old.orgId, applicationId: app.id, actorAccountId, at });
      kind = 'transfer_in';
    }
  }
  // The application may have moved to a union of another region since the number was taken.
  const memberNo =
    preallocated && preallocated.regionCode === org.regionCode
      ? preallocated.memberNo
      : formatMemberNo(org.regionCode, at.getFullYear(), await repo.nextMemberSeq(tx, org.regionCode, at.getFullYear()));
  const membership = await repo.insertMembership(tx, {
    memberNo,
    personIdHash: app.idHash,
    accountId: app.accountId,
    orgId: org.id,
    applicationId: app.id,
    name: app.name,
    gender: app.gender,
    idEnc: app.idEnc,
    phoneEnc: app.phoneEnc,
    joinedAt: at,
  });
  await repo.insertMembershipEvent(tx, { membershipId: membership.id, kind, orgId: org.id, applicationId: app.id, actorAccountId, at });
  return membership;
}

export interface MembersServiceDeps {
  db: Database;
  crypto: FieldCrypto;
  bank: BankProvider;
  log: FastifyBaseLogger;
  now?: () => Date;
}

export function createMembersService(deps: MembersServiceDeps) {
  const { db, crypto, bank } = deps;
  const now = deps.now ?? (() => new Date());

  async function refreshServiceCard(card: ServiceCardRow, membership: NonNullable<Awaited<ReturnType<typeof repo.currentMembershipByAccount>>>) {
    if (card.status !== 'applying') return card;
    const t = now();
    if (card.lastCheckedAt && t.getTime() - card.lastCheckedAt.getTime() < BANK_POLL_MS) return card;
    try {
      if (!card.bankRef) {
        // The first call to the bank failed; the same request id makes the retry idempotent.
        const { bankRef } = await bank.applyCard({
          requestId: card.id,
          name: membership.name,
          idNumber: crypto.decrypt(membership.idEnc),
          phone: crypto.decrypt(membership.phoneEnc),
          memberNo: membership.memberNo,
        });
        return repo.updateServiceCard(db, card.id, { bankRef, lastCheckedAt: t });
      }
      const status = await bank.cardStatus(card.bankRef);
      if (status.status === 'issued') {
        return repo.updateServiceCard(db, card.id, { status: 'issued', cardNoEnc: crypto.encrypt(status.cardNo), cardNoMasked: maskCardNo(status.cardNo), issuedAt: t, lastCheckedAt: t });
      }
      if (status.status === 'failed') {
        return repo.updateServiceCard(db, card.id, { status: 'failed', failureReason: status.reason, lastCheckedAt: t });
      }
      return repo.updateServiceCard(db, card.id, { lastCheckedAt: t });
    } catch (error) {
      deps.log.warn({ err: error, provider: bank.name }, 'bank did not answer; will retry');
      return repo.updateServiceCard(db, card.id, { lastCheckedAt: t });
    }
  }

  async function loadCard(accountId: string): Promise<MemberCard> {
    const m = await repo.currentMembershipByAccount(db, accountId);
    if (!m) throw memberErrors.notMember();
    let serviceCard = await repo.findServiceCard(db, m.id);
    if (serviceCard) serviceCard = await refreshServiceCard(serviceCard, m);
    return {
      memberNo: m.memberNo,
      name: m.name,
      gender: m.gender,
      orgId: m.orgId,
      orgName: m.orgName,
      status: m.status,
      joinedAt: m.joinedAt.toISOString(),
      serviceCard: {
        status: serviceCard?.status ?? 'none',
        bankName: serviceCard?.bankName ?? bank.bankName,
        cardNo: serviceCard?.cardNoMasked ?? null,
        failureReason: serviceCard?.failureReason ?? null,
        requestedAt: serviceCard?.requestedAt.toISOString() ?? null,
        issuedAt: serviceCard?.issuedAt?.toISOString() ?? null,
      },
    };
  }

  return {
    card: loadCard,

    /**
     * Takes the next member number in its own short statement, outside the approval's transaction,
     * so approvals in one region do not queue on the counter row. Like a sequence, a rolled-back
     * approval leaves a gap; numbers stay unique and readable.
     */
    async allocateMemberNo(regionCode: string, at: Date): Promise<string> {
      const year = at.getFullYear();
      return formatMemberNo(regionCode, year, await repo.nextMemberSeq(db, regionCode, year));
    },

    createFromApplication: createMembershipFromApplication,

    async membershipOf(database: Database, accountId: string): Promise<MeResponse['membership']> {
      const m = await repo.currentMembershipByAccount(database, accountId);
      return m ? { memberNo: m.memberNo, orgId: m.orgId, orgName: m.orgName, status: m.status, joinedAt: m.joinedAt.toISOString() } : null;
    },

    /** Records the separate bank consent and sends the application to the bank. */
    async applyServiceCard(accountId: string) {
      const m = await repo.currentMembershipByAccount(db, accountId);
      if (!m) throw memberErrors.notMember();
      const t = now();
      const existing = await repo.findServiceCard(db, m.id);
      let card: ServiceCardRow | undefined;
      if (existing && existing.status !== 'failed') throw memberErrors.serviceCardExists();
      if (existing) {
        card = await repo.updateServiceCard(db, existing.id, {
          status: 'applying', bankRef: null, failureReason: null, consentVersion: BANK_CONSENT_VERSION, consentAt: t, requestedAt: t, lastCheckedAt: null,
        });
      } else {
        card = await repo.insertServiceCard(db, { membershipId: m.id, bankName: bank.bankName, consentVersion: BANK_CONSENT_VERSION, consentAt: t, requestedAt: t });
        if (!card) throw memberErrors.serviceCardExists();
      }
      await recordAudit(db, {
        actorAccountId: accountId,
        action: 'service_card.consent',
        targetType: 'membership',
        targetId: m.id,
        orgId: m.orgId,
        detail: { consentVersion: BANK_CONSENT_VERSION, bank: bank.bankName, fields: ['name', 'idNumber', 'phone'] },
      });
      await refreshServiceCard(card, m);
      return loadCard(accountId);
    },
  };
}

export type MembersService = ReturnType<typeof createMembersService>;
