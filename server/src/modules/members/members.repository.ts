import { and, eq, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { orgs } from '../orgs/orgs.table';
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

/** Atomically takes the next number for a region and year (row lock on the counter). */
export async function nextMemberSeq(db: Database, regionCode: string, year: number): Promise<number> {
  const [row] = await db
    .insert(memberNoCounters)
    .values({ regionCode, year, last: 1 })
    .onConflictDoUpdate({ target: [memberNoCounters.regionCode, memberNoCounters.year], set: { last: sql`${memberNoCounters.last} + 1` } })
    .returning({ last: memberNoCounters.last });
  return row!.last;
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

export async function updateServiceCard(db: Database, id: string, values: Partial<typeof serviceCards.$inferInsert>) {
  const [row] = await db.update(serviceCards).set(values).where(eq(serviceCards.id, id)).returning();
  return row!;
}
