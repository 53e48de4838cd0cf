import { and, asc, desc, eq, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { queryPrepared } from '../../db/prepared';
import { orgs } from '../orgs';
import { currentMemberships, memberNoCounters, membershipEvents, memberships, serviceCards } from './members.table';

/** A membership with its union's name and path, read from the table (any membership) or the view (current ones). */
const membershipColumns = (m: typeof memberships | typeof currentMemberships) => ({
  id: m.id,
  memberNo: m.memberNo,
  accountId: m.accountId,
  orgId: m.orgId,
  orgName: orgs.name,
  orgPath: orgs.path,
  status: m.status,
  name: m.name,
  gender: m.gender,
  idEnc: m.idEnc,
  phoneEnc: m.phoneEnc,
  personIdHash: m.personIdHash,
  employer: m.employer,
  category: m.category,
  joinedAt: m.joinedAt,
  endedAt: m.endedAt,
  retainedUntil: m.retainedUntil,
});
const currentColumns = membershipColumns(currentMemberships);

export async function currentMembershipByPerson(db: Database, personIdHash: string) {
  const [row] = await db
    .select(currentColumns)
    .from(currentMemberships)
    .innerJoin(orgs, eq(orgs.id, currentMemberships.orgId))
    .where(eq(currentMemberships.personIdHash, personIdHash));
  return row;
}

export async function currentMembershipByAccount(db: Database, accountId: string) {
  const [row] = await db
    .select(currentColumns)
    .from(currentMemberships)
    .innerJoin(orgs, eq(orgs.id, currentMemberships.orgId))
    .where(eq(currentMemberships.accountId, accountId))
    .orderBy(desc(currentMemberships.joinedAt))
    .limit(1);
  return row;
}

/**
 * Takes the next member number for the region of union `orgId` (read now, inside the caller's
 * transaction), creates the membership with it and writes its history row, in one statement: the
 * counter row is locked only from here to the commit, so approvals in one region queue as briefly
 * as they can, and no number is spent unless the membership is created.
 */
export async function insertNumberedMembership(
  db: Database,
  values: Omit<typeof memberships.$inferInsert, 'memberNo' | 'id'> & {
    id: string;
    year: number;
    actorAccountId: string | null;
  },
) {
  const yy = String(values.year % 100).padStart(2, '0');
  const result = await db.execute(sql`
    with n as (
      insert into ${memberNoCounters} (region_code, year, last)
      select ${orgs.regionCode}, ${values.year}, 1 from ${orgs} where ${orgs.id} = ${values.orgId}
      on conflict (region_code, year) do update set last = ${memberNoCounters}.last + 1
      returning region_code, last
    ), m as (
      insert into ${memberships} (id, member_no, person_id_hash, account_id, org_id, application_id, name, gender, id_enc, phone_enc, employer, category, joined_at)
      select ${values.id}, n.region_code || ${yy} || lpad(n.last::text, 6, '0'), ${values.personIdHash}, ${values.accountId}, ${values.orgId},
             ${values.applicationId ?? null}, ${values.name}, ${values.gender}, ${values.idEnc}, ${values.phoneEnc}, ${values.employer ?? null},
             ${values.category ?? null}, ${values.joinedAt ?? sql`now()`}
      from n
      returning id, member_no
    ), e as (
      insert into ${membershipEvents} (membership_id, kind, org_id, application_id, actor_account_id, at)
      select m.id, 'join', ${values.orgId}, ${values.applicationId ?? null}, ${values.actorAccountId}, ${values.joinedAt ?? sql`now()`} from m
    )
    select id, member_no from m`);
  const row = (result as unknown as { rows: { id: string; member_no: string }[] }).rows[0];
  if (!row) throw new Error(`no union ${values.orgId} to number a member for`);
  return { id: row.id, memberNo: row.member_no };
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
    .select({ personIdHash: currentMemberships.personIdHash, orgId: currentMemberships.orgId, orgName: orgs.name })
    .from(currentMemberships)
    .innerJoin(orgs, eq(orgs.id, currentMemberships.orgId))
    .where(inArray(currentMemberships.personIdHash, personIdHashes));
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
      .where(
        inArray(
          serviceCards.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
}

export async function findMembershipById(db: Database, id: string) {
  const [row] = await db.select(membershipColumns(memberships)).from(memberships).innerJoin(orgs, eq(orgs.id, memberships.orgId)).where(eq(memberships.id, id));
  return row;
}

export async function updateServiceCard(db: Database, id: string, values: Partial<typeof serviceCards.$inferInsert>) {
  const [row] = await db.update(serviceCards).set(values).where(eq(serviceCards.id, id)).returning();
  return row!;
}

/** What a member-code scan needs of the membership the code names: one primary-key read and a join by key. */
export interface ScanRow {
  id: string;
  name: string;
  memberNo: string;
  status: (typeof memberships.$inferSelect)['status'];
  orgId: string;
  orgName: string;
  orgPath: string;
}

/**
 * Many scanned memberships in one round trip (the scan path batches the lookups of one moment), written as plain
 * SQL, prepared: on the hottest read the query builder's per-call work cost more CPU than PostgreSQL's.
 */
export async function membershipsForScan(db: Database, ids: readonly string[]): Promise<ScanRow[]> {
  return queryPrepared<ScanRow>(
    db,
    'members_for_scan',
    `select m.id, m.name, m.member_no as "memberNo", m.status, m.org_id as "orgId", o.name as "orgName", o.path as "orgPath"
     from memberships m join orgs o on o.id = m.org_id
     where m.id = any($1::uuid[])`,
    [`{${ids.join(',')}}`],
  );
}

/**
 * A closing union hands its members to another (in the caller's transaction): every membership that has not ended
 * moves, keeping its member number, with a transfer_out and a transfer_in in its history. Returns how many moved.
 */
export async function moveMembershipsToOrg(db: Database, fromOrgId: string, toOrgId: string, actorAccountId: string, note: string): Promise<number> {
  const moved = await db
    .update(memberships)
    .set({ orgId: toOrgId })
    .where(and(eq(memberships.orgId, fromOrgId), ne(memberships.status, 'left')))
    .returning({ id: memberships.id });
  if (moved.length === 0) return 0;
  const events = moved.flatMap(({ id }) => [
    { membershipId: id, kind: 'transfer_out' as const, orgId: fromOrgId, actorAccountId, note },
    { membershipId: id, kind: 'transfer_in' as const, orgId: toOrgId, actorAccountId, note },
  ]);
  await db.insert(membershipEvents).values(events);
  return moved.length;
}

/** Members of the union whose membership has not ended. */
export async function countCurrentMembers(db: Database, orgId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), ne(memberships.status, 'left')));
  return row?.n ?? 0;
}
