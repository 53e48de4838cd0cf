import { and, asc, desc, eq, gt, ilike, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { EARTH_RADIUS_M, type MerchantCategory } from '@union/shared';
import type { Database } from '../../db/client';
import { inScope, type StaffScope } from '../../lib/scope';
import { accounts } from '../auth';
import { orgs } from '../orgs';
import { merchants, merchantStaff } from './merchants.table';

const METRES_PER_DEGREE = 111_320;

const dtoColumns = {
  id: merchants.id,
  name: merchants.name,
  category: merchants.category,
  address: merchants.address,
  lat: merchants.lat,
  lng: merchants.lng,
  discount: merchants.discount,
  discountPercent: merchants.discountPercent,
  orgName: orgs.name,
  hours: merchants.hours,
};

export async function insertMerchant(db: Database, values: typeof merchants.$inferInsert) {
  const [row] = await db.insert(merchants).values(values).returning({ id: merchants.id });
  return row!;
}

export async function findMerchant(db: Database, id: string) {
  const [row] = await db
    .select({ ...dtoColumns, active: merchants.active, orgId: merchants.orgId, orgPath: orgs.path })
    .from(merchants)
    .innerJoin(orgs, eq(orgs.id, merchants.orgId))
    .where(eq(merchants.id, id));
  return row;
}

/** Invites the clerk (or adds an accepted one, for the seed); true when they were not invited already. */
export async function insertClerk(db: Database, values: typeof merchantStaff.$inferInsert) {
  const rows = await db.insert(merchantStaff).values(values).onConflictDoNothing().returning({ accountId: merchantStaff.accountId });
  return rows.length === 1;
}

/**
 * Invites the person, or sends a waiting or lapsed invitation again (it waits another `expiresAt`); an accepted clerk
 * is left as they are. 'invited' when a new invitation went out, 'renewed', or 'active' for a clerk already.
 */
export async function inviteClerk(
  db: Database,
  values: { merchantId: string; accountId: string; addedBy: string; at: Date; expiresAt: Date },
): Promise<'invited' | 'renewed' | 'active'> {
  const [row] = await db
    .insert(merchantStaff)
    .values({ merchantId: values.merchantId, accountId: values.accountId, addedBy: values.addedBy, createdAt: values.at, expiresAt: values.expiresAt })
    .onConflictDoUpdate({
      target: [merchantStaff.merchantId, merchantStaff.accountId],
      set: { addedBy: values.addedBy, createdAt: values.at, expiresAt: values.expiresAt },
      setWhere: isNull(merchantStaff.acceptedAt),
    })
    // xmax = 0 on a row this statement inserted; an updated row carries the updating transaction's id.
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
  if (!row) return 'active';
  return row.inserted ? 'invited' : 'renewed';
}

/** A merchant's clerks and invitations, with the phone to mask, newest first. */
export async function clerksOf(db: Database, merchantId: string) {
  return db
    .select({
      accountId: merchantStaff.accountId,
      phoneEnc: accounts.phoneEnc,
      invitedAt: merchantStaff.createdAt,
      acceptedAt: merchantStaff.acceptedAt,
      expiresAt: merchantStaff.expiresAt,
    })
    .from(merchantStaff)
    .innerJoin(accounts, eq(accounts.id, merchantStaff.accountId))
    .where(eq(merchantStaff.merchantId, merchantId))
    .orderBy(desc(merchantStaff.createdAt), asc(merchantStaff.accountId));
}

/** Withdraws an invitation or removes a clerk; what it was, or undefined when there was none. */
export async function deleteClerk(db: Database, merchantId: string, accountId: string) {
  const [row] = await db
    .delete(merchantStaff)
    .where(and(eq(merchantStaff.merchantId, merchantId), eq(merchantStaff.accountId, accountId)))
    .returning({ acceptedAt: merchantStaff.acceptedAt });
  return row;
}

/** The merchants of the staffer's unions, active or not, by name, with their clerk and invitation counts. */
export async function merchantsInScope(
  db: Database,
  scope: StaffScope,
  q: { orgId?: string; id?: string; text?: string; limit: number; offset: number; at: Date },
) {
  const like = q.text ? `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const clerks = sql<number>`(select count(*)::int from ${merchantStaff} s where s.merchant_id = ${merchants.id} and s.accepted_at is not null)`;
  const invited = sql<number>`(select count(*)::int from ${merchantStaff} s where s.merchant_id = ${merchants.id} and s.accepted_at is null and s.expires_at > ${q.at.toISOString()}::timestamptz)`;
  return db
    .select({ ...dtoColumns, orgId: merchants.orgId, active: merchants.active, createdAt: merchants.createdAt, clerks, invited })
    .from(merchants)
    .innerJoin(orgs, eq(orgs.id, merchants.orgId))
    .where(
      and(
        inScope(scope, orgs.path),
        q.orgId ? eq(merchants.orgId, q.orgId) : undefined,
        q.id ? eq(merchants.id, q.id) : undefined,
        like ? or(ilike(merchants.name, like), ilike(merchants.address, like)) : undefined,
      ),
    )
    .orderBy(asc(merchants.name), asc(merchants.id))
    .limit(q.limit + 1)
    .offset(q.offset);
}

/** Writes the changed fields of a merchant. */
export async function updateMerchant(db: Database, id: string, values: Partial<typeof merchants.$inferInsert>) {
  await db
    .update(merchants)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(merchants.id, id));
}

export async function clerkAcceptedAt(db: Database, merchantId: string, accountId: string) {
  const [row] = await db
    .select({ acceptedAt: merchantStaff.acceptedAt })
    .from(merchantStaff)
    .where(and(eq(merchantStaff.merchantId, merchantId), eq(merchantStaff.accountId, accountId)));
  return row?.acceptedAt ?? null;
}

/** Invitations the account has not answered yet and that have not lapsed, with the merchant and the union that signed it. */
export async function pendingInvitations(db: Database, accountId: string, at: Date) {
  return db
    .select({
      merchantId: merchants.id,
      merchantName: merchants.name,
      orgName: orgs.name,
      invitedAt: merchantStaff.createdAt,
      expiresAt: merchantStaff.expiresAt,
    })
    .from(merchantStaff)
    .innerJoin(merchants, eq(merchants.id, merchantStaff.merchantId))
    .innerJoin(orgs, eq(orgs.id, merchants.orgId))
    .where(and(eq(merchantStaff.accountId, accountId), isNull(merchantStaff.acceptedAt), gt(merchantStaff.expiresAt, at), eq(merchants.active, true)))
    .orderBy(asc(merchantStaff.createdAt));
}

/**
 * Accepts (true) or declines (false) a waiting invitation that has not lapsed, in one guarded statement (an
 * invitation withdrawn or lapsed meanwhile matches nothing): 'done', or why not ('none', 'expired').
 */
export async function answerInvitation(db: Database, merchantId: string, accountId: string, accept: boolean, at: Date) {
  const mine = and(eq(merchantStaff.merchantId, merchantId), eq(merchantStaff.accountId, accountId), isNull(merchantStaff.acceptedAt));
  const live = and(mine, gt(merchantStaff.expiresAt, at));
  const rows = accept
    ? await db.update(merchantStaff).set({ acceptedAt: at, expiresAt: null }).where(live).returning({ id: merchantStaff.accountId })
    : await db.delete(merchantStaff).where(live).returning({ id: merchantStaff.accountId });
  if (rows.length === 1) return 'done' as const;
  const [lapsed] = await db.select({ id: merchantStaff.accountId }).from(merchantStaff).where(mine);
  return lapsed ? ('expired' as const) : ('none' as const);
}

/** The active merchants the account is a clerk of. */
export async function merchantsOfClerk(db: Database, accountId: string) {
  return db
    .select({ id: merchants.id, name: merchants.name })
    .from(merchantStaff)
    .innerJoin(merchants, eq(merchants.id, merchantStaff.merchantId))
    .where(and(eq(merchantStaff.accountId, accountId), isNotNull(merchantStaff.acceptedAt), eq(merchants.active, true)))
    .orderBy(asc(merchants.name));
}

/**
 * Active merchants within `radiusM` of the point, nearest first, with the great-circle (haversine) distance.
 * A lat/lng box around the point narrows the rows on the btree index first; the haversine then orders them
 * and drops the box's corners.
 */
export async function merchantsWithin(db: Database, q: { lat: number; lng: number; radiusM: number; category?: MerchantCategory; limit: number }) {
  const dLat = q.radiusM / METRES_PER_DEGREE;
  const dLng = q.radiusM / (METRES_PER_DEGREE * Math.max(Math.cos((q.lat * Math.PI) / 180), 0.01));
  const lat = sql`${q.lat}::float8`;
  const lng = sql`${q.lng}::float8`;
  const distance = sql<number>`(2 * ${EARTH_RADIUS_M}::float8 * asin(sqrt(
      power(sin(radians(${merchants.lat} - ${lat}) / 2), 2)
      + cos(radians(${lat})) * cos(radians(${merchants.lat})) * power(sin(radians(${merchants.lng} - ${lng}) / 2), 2))))`;
  const inner = db
    .select({ ...dtoColumns, orgName: sql<string>`${orgs.name}`.as('org_name'), distanceM: sql<number>`${distance}`.as('distance_m') })
    .from(merchants)
    .innerJoin(orgs, eq(orgs.id, merchants.orgId))
    .where(
      and(
        eq(merchants.active, true),
        sql`${merchants.lat} between ${q.lat - dLat}::float8 and ${q.lat + dLat}::float8`,
        sql`${merchants.lng} between ${q.lng - dLng}::float8 and ${q.lng + dLng}::float8`,
        q.category ? eq(merchants.category, q.category) : undefined,
      ),
    )
    .as('box');
  return db
    .select()
    .from(inner)
    .where(sql`${inner.distanceM} <= ${q.radiusM}::float8`)
    .orderBy(asc(inner.distanceM), asc(inner.id))
    .limit(q.limit);
}

/** An active merchant as a place where benefits are claimed: its name, owning union and position. */
export async function findMerchantPlace(db: Database, id: string) {
  const row = await findMerchant(db, id);
  return row?.active ? { name: row.name, orgId: row.orgId, orgPath: row.orgPath, lat: row.lat, lng: row.lng } : undefined;
}

/** Active merchants of the staffer's unions as places a campaign can name, by name or address. */
export async function merchantPlacesInScope(db: Database, scope: StaffScope, q: { text?: string; limit: number; offset: number }) {
  const like = q.text ? `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return db
    .select({ id: merchants.id, name: merchants.name, address: merchants.address, orgName: orgs.name })
    .from(merchants)
    .innerJoin(orgs, eq(orgs.id, merchants.orgId))
    .where(and(eq(merchants.active, true), inScope(scope, orgs.path), like ? or(ilike(merchants.name, like), ilike(merchants.address, like)) : undefined))
    .orderBy(asc(merchants.name), asc(merchants.id))
    .limit(q.limit)
    .offset(q.offset);
}

/** Removes clerk invitations nobody accepted that lapsed before `before` (until then the shop's list shows 已过期). */
export async function deleteLapsedClerkInvitations(db: Database, before: Date): Promise<number> {
  const gone = await db
    .delete(merchantStaff)
    .where(and(isNull(merchantStaff.acceptedAt), lt(merchantStaff.expiresAt, before)))
    .returning({ id: merchantStaff.accountId });
  return gone.length;
}
