import { and, asc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { StaffRole } from '@union/shared';
import type { Database } from '../../db/client';
import { atOrAbove, inScope, type StaffScope } from '../../lib/scope';
import { accounts, refreshTokens } from '../auth';
import { orgs } from '../orgs';
import { staffGrants, staffInvitations } from './access.table';

export async function listGrants(db: Database, accountId: string) {
  return db
    .select({ role: staffGrants.role, orgId: orgs.id, orgName: orgs.name, orgCode: orgs.code, orgPath: orgs.path })
    .from(staffGrants)
    .innerJoin(orgs, eq(orgs.id, staffGrants.orgId))
    .where(eq(staffGrants.accountId, accountId))
    .orderBy(orgs.path, staffGrants.role);
}

export async function insertGrant(db: Database, values: { accountId: string; orgId: string; role: StaffRole; grantedBy?: string | null }) {
  const [row] = await db.insert(staffGrants).values(values).onConflictDoNothing().returning({ id: staffGrants.id });
  return row;
}

const granter = alias(accounts, 'granter');

/** One grant with what the staff list shows: the person, the union, who granted it and when the person was last active. */
function staffQuery(db: Database) {
  return db
    .select({
      id: staffGrants.id,
      accountId: staffGrants.accountId,
      phoneEnc: accounts.phoneEnc,
      role: staffGrants.role,
      orgId: orgs.id,
      orgName: orgs.name,
      orgPath: orgs.path,
      grantedAt: staffGrants.createdAt,
      grantedByPhoneEnc: granter.phoneEnc,
      disabledAt: accounts.disabledAt,
      lastActiveAt: sql<Date | string | null>`greatest(${accounts.lastLoginAt},
        (select max(${refreshTokens.createdAt}) from ${refreshTokens} where ${refreshTokens.accountId} = ${accounts.id}))`,
    })
    .from(staffGrants)
    .innerJoin(orgs, eq(orgs.id, staffGrants.orgId))
    .innerJoin(accounts, eq(accounts.id, staffGrants.accountId))
    .leftJoin(granter, eq(granter.id, staffGrants.grantedBy));
}

export type StaffRow = Awaited<ReturnType<typeof findStaffGrant>> & object;

export async function listStaffInScope(db: Database, scope: StaffScope, orgId: string | undefined, limit: number) {
  return staffQuery(db)
    .where(and(inScope(scope, orgs.path), orgId ? eq(orgs.id, orgId) : undefined))
    .orderBy(asc(orgs.path), asc(staffGrants.role), asc(staffGrants.createdAt))
    .limit(limit);
}

export async function findStaffGrant(db: Database, id: string) {
  const [row] = await staffQuery(db).where(eq(staffGrants.id, id));
  return row;
}

/** Grant changes of one union run one at a time (the last-admin rule reads, then deletes). */
export async function lockOrgGrants(db: Database, orgId: string) {
  await db.execute(sql`select id from ${orgs} where id = ${orgId} for update`);
}

export async function countActiveAdmins(db: Database, orgId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(staffGrants)
    .innerJoin(accounts, eq(accounts.id, staffGrants.accountId))
    .where(and(eq(staffGrants.orgId, orgId), eq(staffGrants.role, 'admin'), sql`${accounts.disabledAt} is null`));
  return row?.n ?? 0;
}

export async function setGrantRole(db: Database, id: string, role: StaffRole) {
  await db.update(staffGrants).set({ role }).where(eq(staffGrants.id, id));
}

export async function holdsRoleIn(db: Database, accountId: string, orgId: string, role: StaffRole) {
  const [row] = await db
    .select({ id: staffGrants.id })
    .from(staffGrants)
    .where(and(eq(staffGrants.accountId, accountId), eq(staffGrants.orgId, orgId), eq(staffGrants.role, role)));
  return row !== undefined;
}

export async function deleteGrant(db: Database, id: string) {
  const rows = await db.delete(staffGrants).where(eq(staffGrants.id, id)).returning({ id: staffGrants.id });
  return rows.length === 1;
}

/** Every grant of the account, with the union's path (who may disable the account must cover all of them). */
export async function grantsWithOrgs(db: Database, accountId: string) {
  return db
    .select({ id: staffGrants.id, role: staffGrants.role, orgId: orgs.id, orgPath: orgs.path })
    .from(staffGrants)
    .innerJoin(orgs, eq(orgs.id, staffGrants.orgId))
    .where(eq(staffGrants.accountId, accountId));
}

export async function accountDisabledAt(db: Database, accountId: string) {
  const [row] = await db.select({ disabledAt: accounts.disabledAt }).from(accounts).where(eq(accounts.id, accountId));
  return row?.disabledAt ?? null;
}

const inviter = alias(accounts, 'inviter');

/** Invitations with what the staff list shows, like `staffQuery` for grants. */
function invitationQuery(db: Database) {
  return db
    .select({
      id: staffInvitations.id,
      accountId: staffInvitations.accountId,
      phoneEnc: accounts.phoneEnc,
      role: staffInvitations.role,
      orgId: orgs.id,
      orgName: orgs.name,
      orgPath: orgs.path,
      orgClosedAt: orgs.closedAt,
      invitedAt: staffInvitations.createdAt,
      invitedBy: staffInvitations.invitedBy,
      invitedByPhoneEnc: inviter.phoneEnc,
      expiresAt: staffInvitations.expiresAt,
      disabledAt: accounts.disabledAt,
      lastActiveAt: sql<Date | string | null>`greatest(${accounts.lastLoginAt},
        (select max(${refreshTokens.createdAt}) from ${refreshTokens} where ${refreshTokens.accountId} = ${accounts.id}))`,
    })
    .from(staffInvitations)
    .innerJoin(orgs, eq(orgs.id, staffInvitations.orgId))
    .innerJoin(accounts, eq(accounts.id, staffInvitations.accountId))
    .leftJoin(inviter, eq(inviter.id, staffInvitations.invitedBy));
}

export type InvitationRow = Awaited<ReturnType<typeof findInvitation>> & object;

/** Sends the invitation, or sends it again (a new sender, a new expiry); its id. */
export async function upsertInvitation(
  db: Database,
  values: { accountId: string; orgId: string; role: StaffRole; invitedBy: string; at: Date; expiresAt: Date },
): Promise<string> {
  const [row] = await db
    .insert(staffInvitations)
    .values({
      accountId: values.accountId,
      orgId: values.orgId,
      role: values.role,
      invitedBy: values.invitedBy,
      createdAt: values.at,
      expiresAt: values.expiresAt,
    })
    .onConflictDoUpdate({
      target: [staffInvitations.accountId, staffInvitations.orgId, staffInvitations.role],
      set: { invitedBy: values.invitedBy, createdAt: values.at, expiresAt: values.expiresAt },
    })
    .returning({ id: staffInvitations.id });
  return row!.id;
}

export async function findInvitation(db: Database, id: string) {
  const [row] = await invitationQuery(db).where(eq(staffInvitations.id, id));
  return row;
}

export async function listInvitationsInScope(db: Database, scope: StaffScope, orgId: string | undefined, limit: number) {
  return invitationQuery(db)
    .where(and(inScope(scope, orgs.path), orgId ? eq(orgs.id, orgId) : undefined))
    .orderBy(asc(orgs.path), asc(staffInvitations.role), asc(staffInvitations.createdAt))
    .limit(limit);
}

/** The invitations waiting for this person's answer that have not lapsed, oldest first. */
export async function pendingInvitationsOf(db: Database, accountId: string, at: Date) {
  return invitationQuery(db)
    .where(and(eq(staffInvitations.accountId, accountId), gt(staffInvitations.expiresAt, at), isNull(orgs.closedAt)))
    .orderBy(asc(staffInvitations.createdAt));
}

export async function deleteInvitation(db: Database, id: string) {
  const rows = await db.delete(staffInvitations).where(eq(staffInvitations.id, id)).returning({ id: staffInvitations.id });
  return rows.length === 1;
}

/**
 * Who speaks for the union at `orgPath` with one of `roles`: the enabled holders of a grant on the union itself or, when
 * it has none, on the nearest union above it that has one (a small union's members are looked after by its street or
 * district union). Used to tell a union about something of theirs that waits on them (a member asking to move away).
 */
export async function staffOfNearestUnion(db: Database, orgPath: string, roles: readonly StaffRole[]): Promise<string[]> {
  const rows = await db
    .select({ accountId: staffGrants.accountId, depth: sql<number>`length(${orgs.path})` })
    .from(staffGrants)
    .innerJoin(orgs, eq(orgs.id, staffGrants.orgId))
    .innerJoin(accounts, eq(accounts.id, staffGrants.accountId))
    .where(and(atOrAbove(orgs.path, orgPath), inArray(staffGrants.role, [...roles]), isNull(accounts.disabledAt)));
  const deepest = Math.max(...rows.map((r) => Number(r.depth)));
  return [...new Set(rows.filter((r) => Number(r.depth) === deepest).map((r) => r.accountId))];
}

/** Removes invitations that lapsed before `before` (until then the union's staff list shows them as 已过期). */
export async function deleteLapsedInvitations(db: Database, before: Date): Promise<number> {
  const gone = await db.delete(staffInvitations).where(lt(staffInvitations.expiresAt, before)).returning({ id: staffInvitations.id });
  return gone.length;
}
