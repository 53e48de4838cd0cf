import { and, count, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { inScope, type StaffScope } from '../../lib/scope';
import { stallEvents } from '../events';
import { orgs } from '../orgs';
import { applications, type ApplicationRow } from './applications.table';

/** An application with its union and its stall event. */
const viewColumns = {
  app: applications,
  orgName: orgs.name,
  orgPath: orgs.path,
  orgContactPhone: orgs.contactPhone,
  orgOfficeHours: orgs.officeHours,
  eventTitle: stallEvents.title,
};

function viewQuery(db: Database) {
  return db
    .select(viewColumns)
    .from(applications)
    .innerJoin(orgs, eq(orgs.id, applications.orgId))
    .leftJoin(stallEvents, eq(stallEvents.id, applications.eventId));
}

export type BaseView = Awaited<ReturnType<typeof findView>> & {};

export async function findView(db: Database, id: string) {
  const [row] = await viewQuery(db).where(eq(applications.id, id));
  return row;
}

export async function listViewsByAccount(db: Database, accountId: string) {
  return viewQuery(db).where(eq(applications.accountId, accountId)).orderBy(desc(applications.submittedAt)).limit(20);
}

export interface QueueParams {
  status: ApplicationRow['status'];
  orgId?: string;
  /** One stall event's applications. */
  eventId?: string;
  /** The last four digits of the applicant's phone. */
  phoneLast4?: string;
  limit: number;
}

export async function listQueue(db: Database, scope: StaffScope, params: QueueParams) {
  const where = and(
    inScope(scope, orgs.path),
    eq(applications.status, params.status),
    params.orgId ? eq(applications.orgId, params.orgId) : undefined,
    params.eventId ? eq(applications.eventId, params.eventId) : undefined,
    params.phoneLast4 ? eq(applications.phoneLast4, params.phoneLast4) : undefined,
  );
  // Newest first: the person standing at the stall has just submitted.
  const order = params.status === 'pending' ? desc(applications.submittedAt) : desc(applications.decidedAt);
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

/** The application's union lies in the scope (checked in the same statement that changes it). */
function orgInScope(scope: StaffScope): SQL {
  return sql`${applications.orgId} in (select ${orgs.id} from ${orgs} where ${inScope(scope, orgs.path)})`;
}

/**
 * Decides a pending application in one statement: only while it is pending, only while its union is
 * in the decider's scope, and never the decider's own application. Undefined when any of these fails.
 */
export async function decide(db: Database, id: string, scope: StaffScope, values: Partial<typeof applications.$inferInsert>) {
  const [row] = await db
    .update(applications)
    .set(values)
    .where(and(eq(applications.id, id), eq(applications.status, 'pending'), ne(applications.accountId, scope.accountId), orgInScope(scope)))
    .returning();
  return row;
}

/** Moves a pending application in scope to another union; undefined when it was not pending or not in scope. */
export async function reassign(db: Database, id: string, scope: StaffScope, orgId: string) {
  const [row] = await db
    .update(applications)
    .set({ orgId })
    .where(and(eq(applications.id, id), eq(applications.status, 'pending'), orgInScope(scope)))
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

export async function countByEvent(db: Database, eventIds: string[]) {
  if (eventIds.length === 0) return new Map<string, number>();
  const rows = await db
    .select({ eventId: applications.eventId, n: count() })
    .from(applications)
    .where(inArray(applications.eventId, eventIds))
    .groupBy(applications.eventId);
  return new Map(rows.map((r) => [r.eventId!, Number(r.n)]));
}

/** A closing union's pending applications go to the union that takes its members (in the caller's transaction). */
export async function movePendingApplications(db: Database, fromOrgId: string, toOrgId: string): Promise<number> {
  const moved = await db
    .update(applications)
    .set({ orgId: toOrgId })
    .where(and(eq(applications.orgId, fromOrgId), eq(applications.status, 'pending')))
    .returning({ id: applications.id });
  return moved.length;
}

export async function countPendingApplications(db: Database, orgId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(applications)
    .where(and(eq(applications.orgId, orgId), eq(applications.status, 'pending')));
  return row?.n ?? 0;
}
