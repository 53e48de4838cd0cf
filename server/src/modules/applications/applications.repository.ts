import { and, asc, count, desc, eq, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { stallEvents } from '../events/events.table';
import { memberships } from '../members/members.table';
import { orgs } from '../orgs/orgs.table';
import { inScope, type StaffScope } from '../orgs/orgs.scope';
import { applications, type ApplicationRow } from './applications.table';


/** An application with what every view of it needs: its union, its stall event, and any current membership of the person elsewhere. */
const viewColumns = {
  app: applications,
  orgName: orgs.name,
  orgPath: orgs.path,
  orgRegionCode: orgs.regionCode,
  eventTitle: stallEvents.title,
  memberNo: sql<string | null>`(select m.member_no from memberships m where m.application_id = ${applications.id} limit 1)`,
  // The person's current membership, if any (at most one: partial unique index). Its union's name
  // comes by primary key: joining orgs a second time under an alias breaks drizzle's row type.
  currentOrgId: memberships.orgId,
  currentOrgName: sql<string | null>`(select o.name from orgs o where o.id = ${memberships.orgId})`,
};

function viewQuery(db: Database) {
  return db
    .select(viewColumns)
    .from(applications)
    .innerJoin(orgs, eq(orgs.id, applications.orgId))
    .leftJoin(stallEvents, eq(stallEvents.id, applications.eventId))
    .leftJoin(memberships, and(eq(memberships.personIdHash, applications.idHash), ne(memberships.status, 'left')));
}


export async function findView(db: Database, id: string) {
  const [row] = await viewQuery(db).where(eq(applications.id, id));
  return row;
}

export async function listViewsByAccount(db: Database, accountId: string) {
  return viewQuery(db).where(eq(applications.accountId, accountId)).orderBy(desc(applications.submittedAt)).limit(20);
}

export async function listQueue(db: Database, scope: StaffScope, params: { status: ApplicationRow['status']; orgId?: string; limit: number }) {
  const where = and(inScope(scope), eq(applications.status, params.status), params.orgId ? eq(applications.orgId, params.orgId) : undefined);
  const order = params.status === 'pending' ? asc(applications.submittedAt) : desc(applications.decidedAt);
  const [items, [total]] = await Promise.all([
    viewQuery(db).where(where).orderBy(order).limit(params.limit),
    db.select({ n: count() }).from(applications).innerJoin(orgs, eq(orgs.id, applications.orgId)).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function insertApplication(db: Database, values: typeof applications.$inferInsert) {
  const [row] = await db.insert(applications).values(values).returning();
  return row!;
}

/** Moves a pending application to a decision; undefined when it was not pending (someone decided first). */
export async function decide(db: Database, id: string, values: Partial<typeof applications.$inferInsert>) {
  const [row] = await db
    .update(applications)
    .set(values)
    .where(and(eq(applications.id, id), eq(applications.status, 'pending')))
    .returning();
  return row;
}

export async function updateApplication(db: Database, id: string, expectedStatus: ApplicationRow['status'], values: Partial<typeof applications.$inferInsert>) {
  const [row] = await db
    .update(applications)
    .set(values)
    .where(and(eq(applications.id, id), eq(applications.status, expectedStatus)))
    .returning();
  return row;
}
