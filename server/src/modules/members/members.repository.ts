import { and, asc, eq, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { orgs } from '../orgs';
import { memberNoCounters, membershipEvents, memberships, serviceCards } from './members.table';

const currentColumns = {
  id: memberships.id,
  memberNo: memberships.memberNo,
  accountId: memberships.accountId,
  orgId: memberships.orgId,
  orgName: orgs.name,
  status: memberships.status,
  name: memberships.name,
  gender: memberships.gender,
  idEnc: memberships.idEnc,
  phoneEnc: memberships.phoneEnc,
  joinedAt: memberships.joinedAt,
};

export async function currentMembershipByPerson(db: Database, personIdHash: string) {
  const [row] = await db
    .select(currentColumns)
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(and(eq(memberships.personIdHash, personIdHash), ne(memberships.status, 'left')));
  return row;
}

export async function currentMembershipByAccount(db: Database, accountId: string) {
  const [row] = await db
    .select(currentColumns)
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(and(eq(memberships.accountId, accountId), ne(memberships.status, 'left')));
  return row;
}

/**
 * Takes the next number for the region of the union `orgId` and the year, in one statement: the
 * region is read from the union as it is at this moment, inside the caller's transaction. The
 * counter row stays locked until that transaction ends, so numbers have no gaps from losers.
 */
export async function nextMemberSeq(db: Database, orgId: string, year: number): Promise<{ regionCode: string; seq: number }> {
  const result = await db.execute<{ region_code: string; last: number }>(sql`
    insert into ${memberNoCounters} (region_code, year, last)
    select ${orgs.regionCode}, ${year}, 1 from ${orgs} where ${orgs.id} = ${orgId}
    on conflict (region_code, year) do update set last = ${memberNoCounters}.last + 1
    returning region_code, last`);
  const row = (result as unknown as { rows: { region_code: string; last: number }[] }).rows[0];
  if (!row) throw new Error(`no union ${orgId} to number a member for`);
  return { regionCode: row.region_code, seq: Number(row.last) };
}

/** Member numbers of the memberships created from these applications. */
export async function memberNosByApplication(db: Database, applicationIds: string[]) {
  if (applicationIds.length === 0) return [];
  return db
    .select({ applicationId: memberships.applicationId, memberNo: memberships.memberNo })
    .from(memberships)
    .where(inArray(memberships.applicationId, applicationIds));
}

/** The current memberships of these people, with their unions' names. */
export async function currentByPersons(db: Database, personIdHashes: string[]) {
  if (personIdHashes.length === 0) return [];
  return db
    .select({ personIdHash: memberships.personIdHash, orgId: memberships.orgId, orgName: orgs.name })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(and(inArray(memberships.personIdHash, personIdHashes), ne(memberships.status, 'left')));
}

export async function insertMembership(db: Database, values: typeof memberships.$inferInsert) {
  const [row] = await db.insert(memberships).values(values).returning();
  return row!;
}

/** Ends a current membership; false when it had already ended. */
export async function endMembership(db: Database, id: string, at: Date) {
  const rows = await db
    .update(memberships)
    .set({ status: 'left', endedAt: at })
    .where(and(eq(memberships.id, id), ne(memberships.status, 'left')))
    .returning({ id: memberships.id });
  return rows.length === 1;
}

export async function insertMembershipEvent(db: Database, values: typeof membershipEvents.$inferInsert) {
  await db.insert(membershipEvents).values(values);
}

export async function membershipHistory(db: Database, personIdHash: string) {
  return db
    .select({ kind: membershipEvents.kind, orgId: membershipEvents.orgId, memberNo: memberships.memberNo, at: membershipEvents.at })
    .from(membershipEvents)
    .innerJoin(memberships, eq(memberships.id, membershipEvents.membershipId))
    .where(eq(memberships.personIdHash, personIdHash))
    .orderBy(membershipEvents.at);
}

export async function findServiceCard(db: Database, membershipId: string) {
  const [row] = await db.select().from(serviceCards).where(eq(serviceCards.membershipId, membershipId));
  return row;
}

export async function insertServiceCard(db: Database, values: typeof serviceCards.$inferInsert) {
  const [row] = await db.insert(serviceCards).values(values).onConflictDoNothing().returning();
  return row;
}

/**
 * Claims up to `limit` cards whose bank status is due, pushing their next check past a lease so that
 * another instance's worker skips them (SKIP LOCKED) and a crashed worker's claim expires.
 */
export async function claimDueServiceCards(db: Database, at: Date, leaseUntil: Date, limit: number) {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: serviceCards.id })
      .from(serviceCards)
      .where(and(eq(serviceCards.status, 'applying'), or(isNull(serviceCards.nextCheckAt), lte(serviceCards.nextCheckAt, at))))
      .orderBy(asc(serviceCards.nextCheckAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(serviceCards)
      .set({ nextCheckAt: leaseUntil })
      .where(inArray(serviceCards.id, due.map((d) => d.id)))
      .returning();
  });
}

export async function findMembershipById(db: Database, id: string) {
  const [row] = await db.select(currentColumns).from(memberships).innerJoin(orgs, eq(orgs.id, memberships.orgId)).where(eq(memberships.id, id));
  return row;
}

export async function updateServiceCard(db: Database, id: string, values: Partial<typeof serviceCards.$inferInsert>) {
  const [row] = await db.update(serviceCards).set(values).where(eq(serviceCards.id, id)).returning();
  return row!;
}
