import { and, asc, desc, eq, ilike, inArray, like, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { MembershipStatus, StaffMemberQuery, TransferStatus } from '@union/shared';
import type { Database } from '../../db/client';
import { inScope, type StaffScope } from '../../lib/scope';
import { orgs } from '../orgs';
import { membershipEvents, memberships, membershipTransfers, type TransferRow } from './members.table';

/**
 * The SQL of a membership's life after joining: transfers, retention, leaving, profile changes and the history. Every
 * change is a guarded update (it names the statuses it may start from), so of two racing changes one finds nothing to do.
 */

const fromOrg = alias(orgs, 'from_org');
const toOrg = alias(orgs, 'to_org');

/** A membership with its union, as the lifecycle reads it (the table, so a former member's too). */
const membershipView = {
  id: memberships.id,
  memberNo: memberships.memberNo,
  personIdHash: memberships.personIdHash,
  accountId: memberships.accountId,
  orgId: memberships.orgId,
  orgName: orgs.name,
  orgPath: orgs.path,
  status: memberships.status,
  name: memberships.name,
  phoneEnc: memberships.phoneEnc,
  employer: memberships.employer,
  category: memberships.category,
  joinedAt: memberships.joinedAt,
  endedAt: memberships.endedAt,
  retainedUntil: memberships.retainedUntil,
};
export type MembershipView = Awaited<ReturnType<typeof findMembership>> & object;

export async function findMembership(db: Database, id: string) {
  const [row] = await db.select(membershipView).from(memberships).innerJoin(orgs, eq(orgs.id, memberships.orgId)).where(eq(memberships.id, id));
  return row;
}

/** The account's membership that has not ended, locked for the caller's transaction (its change waits for any other). */
export async function lockCurrentOfAccount(db: Database, accountId: string) {
  const [row] = await db
    .select(membershipView)
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(and(eq(memberships.accountId, accountId), sql`${memberships.status} <> 'left'`))
    .orderBy(desc(memberships.joinedAt))
    .limit(1)
    .for('update', { of: memberships });
  return row;
}

/** The account's newest membership, ended or not: a former member still reads their history. */
export async function latestOfAccount(db: Database, accountId: string) {
  const [row] = await db
    .select(membershipView)
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(eq(memberships.accountId, accountId))
    .orderBy(sql`${memberships.status} = 'left'`, desc(memberships.joinedAt))
    .limit(1);
  return row;
}

/** Changes a membership only from one of `from`; undefined when it had moved on meanwhile. */
export async function changeMembership(db: Database, id: string, from: readonly MembershipStatus[], values: Partial<typeof memberships.$inferInsert>) {
  const [row] = await db
    .update(memberships)
    .set(values)
    .where(and(eq(memberships.id, id), inArray(memberships.status, [...from])))
    .returning();
  return row;
}

export async function insertEvents(db: Database, values: (typeof membershipEvents.$inferInsert)[]) {
  if (values.length) await db.insert(membershipEvents).values(values);
}

/** The history of these memberships (a person's, or one membership's), oldest first, with each union's name. */
export async function historyOf(db: Database, where: { personIdHash: string } | { membershipId: string }) {
  return db
    .select({
      id: membershipEvents.id,
      kind: membershipEvents.kind,
      orgName: orgs.name,
      at: membershipEvents.at,
      note: membershipEvents.note,
      detail: membershipEvents.detail,
      actorAccountId: membershipEvents.actorAccountId,
      accountId: memberships.accountId,
    })
    .from(membershipEvents)
    .innerJoin(memberships, eq(memberships.id, membershipEvents.membershipId))
    .innerJoin(orgs, eq(orgs.id, membershipEvents.orgId))
    .where('personIdHash' in where ? eq(memberships.personIdHash, where.personIdHash) : eq(memberships.id, where.membershipId))
    .orderBy(asc(membershipEvents.at), asc(sql`case ${membershipEvents.kind} when 'transfer_out' then 0 else 1 end`));
}

// ---- transfers ------------------------------------------------------------------------------

const transferView = {
  transfer: membershipTransfers,
  fromOrgName: fromOrg.name,
  fromOrgPath: fromOrg.path,
  toOrgName: toOrg.name,
  toOrgPath: toOrg.path,
  memberName: memberships.name,
  memberNo: memberships.memberNo,
  phoneEnc: memberships.phoneEnc,
};
export type TransferView = Awaited<ReturnType<typeof findTransfer>> & object;

function transferQuery(db: Database) {
  return db
    .select(transferView)
    .from(membershipTransfers)
    .innerJoin(fromOrg, eq(fromOrg.id, membershipTransfers.fromOrgId))
    .innerJoin(toOrg, eq(toOrg.id, membershipTransfers.toOrgId))
    .innerJoin(memberships, eq(memberships.id, membershipTransfers.membershipId));
}

export async function findTransfer(db: Database, id: string) {
  const [row] = await transferQuery(db).where(eq(membershipTransfers.id, id));
  return row;
}

export async function pendingTransferOf(db: Database, membershipId: string) {
  const [row] = await transferQuery(db).where(and(eq(membershipTransfers.membershipId, membershipId), eq(membershipTransfers.status, 'pending')));
  return row;
}

export async function transfersOf(db: Database, membershipId: string, limit = 20) {
  return transferQuery(db).where(eq(membershipTransfers.membershipId, membershipId)).orderBy(desc(membershipTransfers.requestedAt)).limit(limit);
}

/** Transfers into (or out of) the unions in scope, newest first. */
export async function listTransfers(db: Database, scope: StaffScope, direction: 'in' | 'out', status: TransferStatus, limit: number) {
  return transferQuery(db)
    .where(and(inScope(scope, direction === 'in' ? toOrg.path : fromOrg.path), eq(membershipTransfers.status, status)))
    .orderBy(status === 'pending' ? asc(membershipTransfers.requestedAt) : desc(membershipTransfers.decidedAt))
    .limit(limit);
}

export async function insertTransfer(db: Database, values: typeof membershipTransfers.$inferInsert): Promise<TransferRow> {
  const [row] = await db.insert(membershipTransfers).values(values).returning();
  return row!;
}

/** Changes a transfer only while it waits (and while `also` holds); undefined when it was decided meanwhile. */
export async function changePendingTransfer(db: Database, id: string, values: Partial<typeof membershipTransfers.$inferInsert>, also?: SQL) {
  const [row] = await db
    .update(membershipTransfers)
    .set(values)
    .where(and(eq(membershipTransfers.id, id), eq(membershipTransfers.status, 'pending'), also))
    .returning();
  return row;
}

/** The old union's window is over, or it agreed: the new union may decide. */
export const objectionSettled = (at: Date) =>
  or(sql`${membershipTransfers.releasedAt} is not null`, lt(membershipTransfers.objectionUntil, sql`${at.toISOString()}::timestamptz`))!;

/** The old union may still speak: it has not agreed yet and its window is open. */
export const objectionOpenAt = (at: Date) =>
  and(sql`${membershipTransfers.releasedAt} is null`, sql`${membershipTransfers.objectionUntil} >= ${at.toISOString()}::timestamptz`)!;

// ---- staff's register -----------------------------------------------------------------------

/** The members of the unions in scope, as the staff list filters them. */
export async function listMembers(db: Database, scope: StaffScope, q: StaffMemberQuery, at: Date) {
  const status: SQL | undefined = {
    current: sql`${memberships.status} <> 'left'`,
    active: eq(memberships.status, 'active'),
    retained: eq(memberships.status, 'retained'),
    transferring: eq(memberships.status, 'transferring'),
    left: eq(memberships.status, 'left'),
    expired: and(eq(memberships.status, 'retained'), lt(memberships.retainedUntil, sql`${at.toISOString()}::timestamptz`)),
  }[q.status];
  const text = q.q?.replace(/[\\%_]/g, (c) => `\\${c}`);
  return db
    .select(membershipView)
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(
      and(
        inScope(scope, orgs.path),
        status,
        q.orgId ? eq(memberships.orgId, q.orgId) : undefined,
        text ? (/^\d+$/.test(text) ? like(memberships.memberNo, `${text}%`) : ilike(memberships.name, `${text}%`)) : undefined,
      ),
    )
    .orderBy(desc(memberships.joinedAt), asc(memberships.id))
    .limit(q.limit);
}
