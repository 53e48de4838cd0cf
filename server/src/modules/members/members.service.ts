import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { BANK_CONSENT_VERSION, type Gender, type MemberCard, type MeResponse, type WorkerCategory } from '@union/shared';
import type { BankProvider } from '../../adapters/bank/bank.adapter';
import { maskCardNo } from '../../adapters/bank/card-number';
import type { Database } from '../../db/client';
import type { PeriodicJob } from '../../lib/periodic';
import type { FieldCrypto } from '../../lib/crypto';
import { serviceYear } from '../../lib/dates';
import { memberErrors } from './members.errors';
import * as repo from './members.repository';
import type { ServiceCardRow } from './members.table';
import type { AuditPort } from '../audit';

/** What admission needs to know of an approved application. */
export interface Admission {
  applicationId: string;
  personIdHash: string;
  accountId: string;
  name: string;
  gender: Gender;
  idEnc: string;
  phoneEnc: string;
  employer: string;
  category: WorkerCategory;
}

/**
 * Creates the membership for an approved application, inside the caller's transaction: takes a member number for
 * the region of the union that decides and writes the history row. A member never comes through here a second time:
 * a move to another union is a transfer of the membership itself (members.lifecycle.ts), which keeps the number.
 */
export async function admit(tx: Database, input: { admission: Admission; orgId: string; actorAccountId: string | null; at: Date }) {
  const { admission: a, orgId, actorAccountId, at } = input;
  return repo.insertNumberedMembership(tx, {
    id: randomUUID(),
    year: serviceYear(at),
    personIdHash: a.personIdHash,
    accountId: a.accountId,
    orgId,
    applicationId: a.applicationId,
    name: a.name,
    gender: a.gender,
    idEnc: a.idEnc,
    phoneEnc: a.phoneEnc,
    employer: a.employer,
    category: a.category,
    joinedAt: at,
    actorAccountId,
  });
}

/** Member numbers and current memberships for a page of applications (no join across modules). */
export async function membershipFacts(db: Database, applicationIds: string[], personIdHashes: string[]) {
  const [numbers, current] = await Promise.all([repo.memberNosByApplication(db, applicationIds), repo.currentByPersons(db, personIdHashes)]);
  return {
    memberNoByApplication: new Map(numbers.map((n) => [n.applicationId!, n.memberNo])),
    currentByPerson: new Map(current.map((c) => [c.personIdHash, { orgId: c.orgId, orgName: c.orgName }])),
  };
}

export async function currentMembershipOfPerson(db: Database, personIdHash: string) {
  const m = await repo.currentMembershipByPerson(db, personIdHash);
  return m ? { orgId: m.orgId, orgName: m.orgName } : undefined;
}

/** Who the account is as a member, for services and bookings: the union (and its path) and the name. */
/**
 * Whether an account is a member in good standing now, and of which union: the one definition claims, vouchers,
 * bookings and member codes use (its newest membership that has not ended; `isValidMembership` for a row in hand).
 */
export async function memberStanding(db: Database, accountId: string) {
  const m = await repo.currentMembershipByAccount(db, accountId);
  return m ? { membershipId: m.id, orgId: m.orgId, orgPath: m.orgPath, name: m.name, status: m.status } : undefined;
}

export interface MembersServiceDeps {
  db: Database;
  crypto: FieldCrypto;
  bank: BankProvider;
  log: FastifyBaseLogger;
  audit: AuditPort;
  now?: () => Date;
}

/** Backoff for asking the bank about a card: 1 s, 1.5 s, 2.25 s… capped at 5 minutes. */
export function nextCheckDelayMs(attempts: number): number {
  return Math.min(1_000 * 1.5 ** attempts, 300_000);
}
/** A claimed card is not claimed again by another worker for this long. */
const CLAIM_LEASE_MS = 60_000;

export function createMembersService(deps: MembersServiceDeps) {
  const { db, crypto, bank } = deps;
  const now = deps.now ?? (() => new Date());

  type Membership = NonNullable<Awaited<ReturnType<typeof repo.currentMembershipByAccount>>>;

  /** One conversation with the bank about one card; records the answer and when to ask again. */
  async function syncCard(card: ServiceCardRow, membership: Membership): Promise<ServiceCardRow> {
    const t = now();
    const later = (attempts: number) => ({ checkAttempts: attempts, lastCheckedAt: t, nextCheckAt: new Date(t.getTime() + nextCheckDelayMs(attempts)) });
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
        return repo.updateServiceCard(db, card.id, { bankRef, ...later(0) });
      }
      const status = await bank.cardStatus(card.bankRef);
      if (status.status === 'issued') {
        return repo.updateServiceCard(db, card.id, {
          status: 'issued',
          cardNoEnc: crypto.encrypt(status.cardNo),
          cardNoMasked: maskCardNo(status.cardNo),
          issuedAt: t,
          lastCheckedAt: t,
          nextCheckAt: null,
        });
      }
      if (status.status === 'failed') {
        return repo.updateServiceCard(db, card.id, { status: 'failed', failureReason: status.reason, lastCheckedAt: t, nextCheckAt: null });
      }
      return repo.updateServiceCard(db, card.id, later(card.checkAttempts + 1));
    } catch (error) {
      deps.log.warn({ err: error, provider: bank.name }, 'bank did not answer; will retry');
      return repo.updateServiceCard(db, card.id, later(card.checkAttempts + 1));
    }
  }

  async function loadCard(accountId: string): Promise<MemberCard> {
    const m = await repo.currentMembershipByAccount(db, accountId);
    if (!m) throw memberErrors.notMember();
    const serviceCard = await repo.findServiceCard(db, m.id);
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
    /** The card as stored: reading it never calls the bank and never writes. */
    card: loadCard,

    async membershipOf(accountId: string): Promise<MeResponse['membership']> {
      const m = await repo.currentMembershipByAccount(db, accountId);
      return m ? { memberNo: m.memberNo, name: m.name, orgId: m.orgId, orgName: m.orgName, status: m.status, joinedAt: m.joinedAt.toISOString() } : null;
    },

    /** Records the separate bank consent and sends the application to the bank. */
    async applyServiceCard(accountId: string) {
      const m = await repo.currentMembershipByAccount(db, accountId);
      if (!m) throw memberErrors.notMember();
      const t = now();
      const existing = await repo.findServiceCard(db, m.id);
      let card: ServiceCardRow | undefined;
      if (existing && existing.status !== 'failed') throw memberErrors.serviceCardExists();
      // This request talks to the bank itself; the background job keeps off the card until it has.
      const leased = new Date(t.getTime() + CLAIM_LEASE_MS);
      if (existing) {
        card = await repo.updateServiceCard(db, existing.id, {
          status: 'applying',
          bankRef: null,
          failureReason: null,
          consentVersion: BANK_CONSENT_VERSION,
          consentAt: t,
          requestedAt: t,
          lastCheckedAt: null,
          checkAttempts: 0,
          nextCheckAt: leased,
        });
      } else {
        card = await repo.insertServiceCard(db, {
          membershipId: m.id,
          bankName: bank.bankName,
          consentVersion: BANK_CONSENT_VERSION,
          consentAt: t,
          requestedAt: t,
          nextCheckAt: leased,
        });
        if (!card) throw memberErrors.serviceCardExists();
      }
      await deps.audit.record(db, {
        actorAccountId: accountId,
        action: 'service_card.consent',
        targetType: 'membership',
        targetId: m.id,
        orgId: m.orgId,
        detail: { consentVersion: BANK_CONSENT_VERSION, bank: bank.bankName, fields: ['name', 'idNumber', 'phone'] },
      });
      // Hand the application to the bank now; the background sync follows its status from here.
      await syncCard(card, m);
      return loadCard(accountId);
    },

    /** One pass of the background sync: asks the bank about every card that is due. Returns how many. */
    async syncDueServiceCards(limit = 20): Promise<number> {
      const t = now();
      const cards = await repo.claimDueServiceCards(db, t, new Date(t.getTime() + CLAIM_LEASE_MS), limit);
      for (const card of cards) {
        const m = await repo.findMembershipById(db, card.membershipId);
        if (m) await syncCard(card, m);
      }
      return cards.length;
    },
  };
}

export type MembersService = ReturnType<typeof createMembersService>;

/** The service-card sync as a periodic job (lib/periodic): full pages are drained at once. */
export function serviceCardSyncJob(members: Pick<MembersService, 'syncDueServiceCards'>, intervalMs: number): PeriodicJob {
  return { name: 'service-card sync', intervalMs, pass: async () => ((await members.syncDueServiceCards()) === 20 ? 'more' : 'done') };
}

export type MemberStanding = typeof memberStanding;
