import { and, desc, eq, gt, gte, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { PlaceKind } from '@union/shared';
import type { Database } from '../../db/client';
import { queryPrepared } from '../../db/prepared';
import { inScope, movedPath, type StaffScope } from '../../lib/scope';
import { currentMemberships, memberships } from '../members';
import { orgs } from '../orgs';
import { benefitCampaignPlaces, benefitCampaignShards, benefitCampaigns, benefitClaims } from './benefits.table';

/** Counter rows per campaign: enough batches commit side by side to share WAL flushes, few enough to sum cheaply. */
export const SHARDS = 16;

export async function insertCampaign(
  db: Database,
  values: typeof benefitCampaigns.$inferInsert,
  places: Omit<typeof benefitCampaignPlaces.$inferInsert, 'campaignId'>[],
) {
  const [row] = await db.insert(benefitCampaigns).values(values).returning({ id: benefitCampaigns.id });
  const n = Math.min(SHARDS, values.quota);
  await db
    .insert(benefitCampaignShards)
    .values(
      Array.from({ length: n }, (_, shard) => ({ campaignId: row!.id, shard, quota: Math.floor(values.quota / n) + (shard < values.quota % n ? 1 : 0) })),
    );
  await db.insert(benefitCampaignPlaces).values(places.map((p) => ({ ...p, campaignId: row!.id })));
  return row!.id;
}

const campaignColumns = {
  id: benefitCampaigns.id,
  orgId: benefitCampaigns.orgId,
  orgName: orgs.name,
  orgPath: orgs.path,
  title: benefitCampaigns.title,
  description: benefitCampaigns.description,
  kind: benefitCampaigns.kind,
  quota: benefitCampaigns.quota,
  claimed: sql<number>`(select coalesce(sum(s.claimed), 0)::int from benefit_campaign_shards s where s.campaign_id = ${benefitCampaigns.id})`.mapWith(Number),
  shards: sql<number>`(select count(*)::int from benefit_campaign_shards s where s.campaign_id = ${benefitCampaigns.id})`.mapWith(Number),
  period: benefitCampaigns.period,
  startsAt: benefitCampaigns.startsAt,
  endsAt: benefitCampaigns.endsAt,
  closedAt: benefitCampaigns.closedAt,
  voucherValidDays: benefitCampaigns.voucherValidDays,
  vouchersVoidedAt: benefitCampaigns.vouchersVoidedAt,
  voucherValue: benefitCampaigns.voucherValue,
  voucherUses: benefitCampaigns.voucherUses,
  pointsPrice: benefitCampaigns.pointsPrice,
  eligibleOrgId: benefitCampaigns.eligibleOrgId,
  eligiblePath: benefitCampaigns.eligiblePath,
  requiresRotatingCode: benefitCampaigns.requiresRotatingCode,
  maxDistanceMeters: benefitCampaigns.maxDistanceMeters,
};

export type CampaignRow = Awaited<ReturnType<typeof findCampaign>> & {};

export async function findCampaign(db: Database, id: string) {
  const [row] = await db.select(campaignColumns).from(benefitCampaigns).innerJoin(orgs, eq(orgs.id, benefitCampaigns.orgId)).where(eq(benefitCampaigns.id, id));
  return row;
}

export async function placesOf(db: Database, campaignIds: string[]) {
  if (campaignIds.length === 0) return [];
  return db
    .select({
      campaignId: benefitCampaignPlaces.campaignId,
      kind: benefitCampaignPlaces.kind,
      id: benefitCampaignPlaces.placeId,
      name: benefitCampaignPlaces.name,
      lat: benefitCampaignPlaces.lat,
      lng: benefitCampaignPlaces.lng,
    })
    .from(benefitCampaignPlaces)
    .where(inArray(benefitCampaignPlaces.campaignId, campaignIds));
}

/**
 * Campaigns not yet ended (nor closed early) whose eligible subtree holds `memberPath`: those claimed by scanning a
 * place's code, or (`mall`) those exchanged for points in the 积分商城.
 */
export async function openCampaignsFor(db: Database, memberPath: string, at: Date, claimedBy: 'scan' | 'mall' = 'scan') {
  return db
    .select(campaignColumns)
    .from(benefitCampaigns)
    .innerJoin(orgs, eq(orgs.id, benefitCampaigns.orgId))
    .where(
      and(
        gt(benefitCampaigns.endsAt, at),
        isNull(benefitCampaigns.closedAt),
        claimedBy === 'mall' ? isNotNull(benefitCampaigns.pointsPrice) : isNull(benefitCampaigns.pointsPrice),
        sql`(${memberPath} = ${benefitCampaigns.eligiblePath} or starts_with(${memberPath}, ${benefitCampaigns.eligiblePath} || '.'))`,
      ),
    )
    .orderBy(benefitCampaigns.endsAt)
    .limit(100);
}

export async function campaignsInScope(db: Database, scope: StaffScope) {
  return db
    .select(campaignColumns)
    .from(benefitCampaigns)
    .innerJoin(orgs, eq(orgs.id, benefitCampaigns.orgId))
    .where(inScope(scope, orgs.path))
    .orderBy(desc(benefitCampaigns.createdAt))
    .limit(100);
}

export async function drainFigures(db: Database, campaignId: string, since: Date) {
  const [row] = await db
    .select({
      lastMinute: sql<number>`count(*) filter (where ${benefitClaims.claimedAt} >= ${since})`.mapWith(Number),
      redeemed: sql<number>`count(*) filter (where ${benefitClaims.redeemedAt} is not null)`.mapWith(Number),
      usesRedeemed: sql<number>`coalesce(sum(${benefitClaims.usesRedeemed}), 0)`.mapWith(Number),
    })
    .from(benefitClaims)
    .where(eq(benefitClaims.campaignId, campaignId));
  return row ?? { lastMinute: 0, redeemed: 0, usesRedeemed: 0 };
}

/**
 * Locks the campaign row for an edit or a close (edits of one campaign take turns). FOR NO KEY UPDATE does not
 * conflict with the key-share lock a claim's insert takes on it (foreign key), so claims keep flowing meanwhile.
 */
export async function lockCampaign(db: Database, id: string) {
  const [row] = await db
    .select({
      id: benefitCampaigns.id,
      title: benefitCampaigns.title,
      description: benefitCampaigns.description,
      kind: benefitCampaigns.kind,
      startsAt: benefitCampaigns.startsAt,
      endsAt: benefitCampaigns.endsAt,
      closedAt: benefitCampaigns.closedAt,
      vouchersVoidedAt: benefitCampaigns.vouchersVoidedAt,
      quota: benefitCampaigns.quota,
    })
    .from(benefitCampaigns)
    .where(eq(benefitCampaigns.id, id))
    .for('no key update');
  return row;
}

export async function updateCampaignRow(
  db: Database,
  id: string,
  values: Partial<Pick<typeof benefitCampaigns.$inferInsert, 'title' | 'description' | 'endsAt' | 'quota' | 'closedAt' | 'vouchersVoidedAt'>>,
) {
  if (Object.keys(values).length === 0) return;
  await db.update(benefitCampaigns).set(values).where(eq(benefitCampaigns.id, id));
}

/**
 * Sets a campaign's total quota (inside the caller's transaction, after lockCampaign). Every counter shard is locked
 * first, in shard order: a claim batch holds one shard lock for its one statement, so the change waits for the
 * batches writing now and later batches wait for it; under the locks the claimed counts cannot move. Refused
 * (`{ claimed }` returned) when fewer than the claimed; otherwise what is left (quota - claimed) is spread evenly
 * over the shards, each keeping at least what it has given out. The shards' check (claimed <= quota) stands behind it.
 */
export async function setQuota(db: Database, id: string, quota: number): Promise<{ ok: true; claimed: number } | { ok: false; claimed: number }> {
  const shards = await db
    .select({ shard: benefitCampaignShards.shard, claimed: benefitCampaignShards.claimed })
    .from(benefitCampaignShards)
    .where(eq(benefitCampaignShards.campaignId, id))
    .orderBy(benefitCampaignShards.shard)
    .for('no key update');
  const claimed = shards.reduce((sum, s) => sum + s.claimed, 0);
  if (quota < claimed) return { ok: false, claimed };
  const left = quota - claimed;
  const n = shards.length;
  // Shards are numbered 0..n-1 at creation; rank them anyway so a gap could not skew the split.
  await db.execute(sql`
    update benefit_campaign_shards s set quota = s.claimed + ${Math.floor(left / n)}::int + (case when r.rank < ${left % n}::int then 1 else 0 end)
    from (select shard, row_number() over (order by shard) - 1 as rank from benefit_campaign_shards where campaign_id = ${id}) r
    where s.campaign_id = ${id} and s.shard = r.shard`);
  await db.update(benefitCampaigns).set({ quota }).where(eq(benefitCampaigns.id, id));
  return { ok: true, claimed };
}

/** The member's current membership and its union path, or undefined for a non-member. */
export async function memberOf(db: Database, accountId: string) {
  const [row] = await db
    .select({ membershipId: currentMemberships.id, orgPath: orgs.path, name: currentMemberships.name })
    .from(currentMemberships)
    .innerJoin(orgs, eq(orgs.id, currentMemberships.orgId))
    .where(eq(currentMemberships.accountId, accountId))
    .orderBy(desc(currentMemberships.joinedAt))
    .limit(1);
  return row;
}

/**
 * A voucher's end: its own, or, for one claimed before vouchers had their own end (or by an instance of the earlier
 * release during a rolling deploy), its campaign's planned end; null for a claim that is not a voucher.
 */
const voucherValidUntil =
  sql<Date | null>`case when ${benefitCampaigns.kind} = 'voucher' then coalesce(${benefitClaims.validUntil}, ${benefitCampaigns.endsAt}) end`.mapWith(
    benefitClaims.validUntil,
  );

const claimColumns = {
  id: benefitClaims.id,
  campaignId: benefitClaims.campaignId,
  title: benefitCampaigns.title,
  kind: benefitCampaigns.kind,
  placeKind: benefitClaims.placeKind,
  placeId: benefitClaims.placeId,
  placeName: benefitCampaignPlaces.name,
  claimedAt: benefitClaims.claimedAt,
  validUntil: voucherValidUntil,
  redeemedAt: benefitClaims.redeemedAt,
  vouchersVoidedAt: benefitCampaigns.vouchersVoidedAt,
  voucherValue: benefitCampaigns.voucherValue,
  voucherUses: benefitClaims.voucherUses,
  usesRedeemed: benefitClaims.usesRedeemed,
  membershipId: benefitClaims.membershipId,
};

/** Joins a claim to the campaign place it was made at (its name and position). */
export const placeOfClaim = and(
  eq(benefitCampaignPlaces.campaignId, benefitClaims.campaignId),
  eq(benefitCampaignPlaces.kind, benefitClaims.placeKind),
  eq(benefitCampaignPlaces.placeId, benefitClaims.placeId),
);

export async function claimsOfAccount(db: Database, accountId: string, onlyVouchers: boolean) {
  return db
    .select(claimColumns)
    .from(benefitClaims)
    .innerJoin(benefitCampaigns, eq(benefitCampaigns.id, benefitClaims.campaignId))
    .innerJoin(benefitCampaignPlaces, placeOfClaim)
    .where(and(eq(benefitClaims.accountId, accountId), onlyVouchers ? eq(benefitCampaigns.kind, 'voucher') : undefined))
    .orderBy(desc(benefitClaims.claimedAt))
    .limit(200);
}

export async function claimsAtPlace(db: Database, kind: PlaceKind, placeId: string, since: Date) {
  const where = and(eq(benefitClaims.placeKind, kind), eq(benefitClaims.placeId, placeId), gte(benefitClaims.claimedAt, since));
  const items = await db
    .select({ id: benefitClaims.id, title: benefitCampaigns.title, memberName: memberships.name, claimedAt: benefitClaims.claimedAt })
    .from(benefitClaims)
    .innerJoin(benefitCampaigns, eq(benefitCampaigns.id, benefitClaims.campaignId))
    .innerJoin(memberships, eq(memberships.id, benefitClaims.membershipId))
    .where(where)
    .orderBy(desc(benefitClaims.claimedAt))
    .limit(50);
  const [count] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(benefitClaims)
    .where(where);
  return { items, total: count?.n ?? 0 };
}

/** The member's claim on this campaign made with this idempotency key, if any (found through the once-per-period index). */
export async function claimByKey(db: Database, campaignId: string, accountId: string, key: string) {
  const [row] = await db
    .select({
      id: benefitClaims.id,
      requestHash: benefitClaims.requestHash,
      placeKind: benefitClaims.placeKind,
      placeId: benefitClaims.placeId,
      claimedAt: benefitClaims.claimedAt,
      validUntil: benefitClaims.validUntil,
    })
    .from(benefitClaims)
    .where(and(eq(benefitClaims.campaignId, campaignId), eq(benefitClaims.accountId, accountId), eq(benefitClaims.idempotencyKey, key)))
    .limit(1);
  return row;
}

/**
 * Whether the voucher's holder is still a member through the membership it was claimed with. A transfer moves that
 * membership (it stays current); leaving ends it, so the unused vouchers are void for good, even if the person joins
 * again later (a new membership).
 */
const holderIsMember = sql<boolean>`exists (select 1 from current_memberships h where h.id = ${benefitClaims.membershipId})`;

export async function findVoucher(db: Database, claimId: string) {
  const [row] = await db
    .select({
      id: benefitClaims.id,
      campaignId: benefitClaims.campaignId,
      accountId: benefitClaims.accountId,
      orgId: benefitCampaigns.orgId,
      title: benefitCampaigns.title,
      kind: benefitCampaigns.kind,
      orgPath: orgs.path,
      memberName: memberships.name,
      redeemedAt: benefitClaims.redeemedAt,
      validUntil: voucherValidUntil,
      vouchersVoidedAt: benefitCampaigns.vouchersVoidedAt,
      voucherValue: benefitCampaigns.voucherValue,
      voucherUses: benefitClaims.voucherUses,
      usesRedeemed: benefitClaims.usesRedeemed,
      holderIsMember,
    })
    .from(benefitClaims)
    .innerJoin(benefitCampaigns, eq(benefitCampaigns.id, benefitClaims.campaignId))
    .innerJoin(orgs, eq(orgs.id, benefitCampaigns.orgId))
    .innerJoin(memberships, eq(memberships.id, benefitClaims.membershipId))
    .where(eq(benefitClaims.id, claimId));
  return row;
}

/** The first of `placeIds` (of one kind) where the campaign can be claimed, or undefined: where its vouchers are honoured. */
export async function campaignPlaceAmong(db: Database, campaignId: string, kind: PlaceKind, placeIds: string[]) {
  if (placeIds.length === 0) return undefined;
  const [row] = await db
    .select({ placeId: benefitCampaignPlaces.placeId, name: benefitCampaignPlaces.name })
    .from(benefitCampaignPlaces)
    .where(and(eq(benefitCampaignPlaces.campaignId, campaignId), eq(benefitCampaignPlaces.kind, kind), inArray(benefitCampaignPlaces.placeId, placeIds)))
    .limit(1);
  return row;
}

/**
 * Takes one use of a voucher still good at `at`, all decided by this one statement: a use left (parallel redemptions
 * wait for the row lock and re-check it on the newest row, so of N+1 racing for N uses one is refused; the check
 * `uses_redeemed <= voucher_uses` stands behind it), before its own end, its campaign's vouchers not voided, and its
 * holder still a union member. The last use sets `redeemed_at`. The campaign row is share-locked: a close that voids
 * the vouchers (which updates that row under its lock) and a redemption take turns, so none is redeemed once the
 * void has committed.
 */
export async function redeemVoucher(db: Database, claimId: string, byAccountId: string, at: Date) {
  const [row] = await db
    .update(benefitClaims)
    .set({
      usesRedeemed: sql`${benefitClaims.usesRedeemed} + 1`,
      redeemedAt: sql`case when ${benefitClaims.usesRedeemed} + 1 >= ${benefitClaims.voucherUses} then ${at.toISOString()}::timestamptz end`,
      redeemedBy: byAccountId,
    })
    .where(
      and(
        eq(benefitClaims.id, claimId),
        sql`${benefitClaims.usesRedeemed} < ${benefitClaims.voucherUses}`,
        sql`coalesce(${benefitClaims.validUntil}, (select c.ends_at from benefit_campaigns c where c.id = ${benefitClaims.campaignId})) > ${at.toISOString()}::timestamptz`,
        sql`exists (select 1 from benefit_campaigns c where c.id = ${benefitClaims.campaignId} and c.vouchers_voided_at is null for share)`,
        holderIsMember,
      ),
    )
    .returning({ usesRedeemed: benefitClaims.usesRedeemed, voucherUses: benefitClaims.voucherUses });
  return row;
}

/** The shards of a campaign with quota left, as committed now (the writer asks before it calls a campaign exhausted). */
export async function shardsWithRoom(db: Database, campaignId: string): Promise<number[]> {
  const rows = await db
    .select({ shard: benefitCampaignShards.shard })
    .from(benefitCampaignShards)
    .where(and(eq(benefitCampaignShards.campaignId, campaignId), sql`${benefitCampaignShards.claimed} < ${benefitCampaignShards.quota}`));
  return rows.map((r) => r.shard);
}

export interface ClaimRequestRow {
  ord: number;
  claim_id: string;
  account_id: string;
  period_key: string;
  place_kind: PlaceKind;
  place_id: string;
  idem_key: string;
  req_hash: string;
  at: string;
}

export interface ClaimOutcomeRow {
  ord: number;
  won: boolean;
  /** A candidate the shard's remaining quota did not reach: it may still win on another shard. */
  cut: boolean;
  member: boolean;
  eligible: boolean;
  prior_id: string | null;
  prior_key: string | null;
  prior_hash: string | null;
  prior_at: Date | string | null;
  prior_place_kind: PlaceKind | null;
  prior_place_id: string | null;
  prior_valid_until: Date | string | null;
  /** The won claim's voucher end (null for a claim that is not a voucher, or none won). */
  valid_until: Date | string | null;
  /** The campaign was open (window, not closed early) at the claim's moment, as the database sees it now. */
  open: boolean;
  /** What the shard has left after this batch. */
  shard_remaining: number;
}

/**
 * Group commit: many members' claims on one campaign in one statement (one round trip, its own transaction).
 * The statement locks one counter shard first (`lock`) and inserts at most what that shard has left, as read under
 * the lock: under READ COMMITTED a locked row is re-read in its newest committed version, so batches from every
 * instance take turns on a shard and never exceed it. Earlier claims are found by the unique index (one per member
 * and period): one committed by a batch on another shard, or one this statement waited for, is skipped by
 * ON CONFLICT DO NOTHING, which checks the index rather than the snapshot. The shard moves by exactly the rows
 * inserted, and its check (claimed <= quota) would fail the whole batch rather than let one claim too many through.
 * The campaign's window and close are read here too: an instance whose cached definition is a few seconds old
 * cannot give out a claim after an operator has closed or shortened the campaign.
 */
export async function claimBatch(
  db: Database,
  campaignId: string,
  shard: number,
  eligiblePath: string,
  requests: ClaimRequestRow[],
): Promise<ClaimOutcomeRow[]> {
  return queryPrepared<ClaimOutcomeRow>(db, 'benefits_claim_batch', CLAIM_BATCH_SQL, [
    campaignId,
    shard,
    eligiblePath,
    `${eligiblePath}.`,
    JSON.stringify(requests),
  ]);
}

// $1 campaign, $2 shard, $3 eligible path, $4 the path with its dot, $5 the requests (jsonb). Prepared: planning these
// CTEs took PostgreSQL about 1.5 ms, longer than running them for a batch.
const CLAIM_BATCH_SQL = `
    with lock as (
      select quota - claimed as remaining from benefit_campaign_shards where campaign_id = $1::uuid and shard = $2::int for no key update
    ),
    r as (
      select * from jsonb_to_recordset($5::jsonb)
        as r(ord int, claim_id uuid, account_id uuid, period_key text, place_kind place_kind, place_id uuid, idem_key text, req_hash text, at timestamptz)
    ),
    o as (
      select r.ord,
        case when c.kind = 'voucher' then coalesce(r.at + make_interval(days => c.voucher_valid_days), c.ends_at) end as valid_until,
        case when c.kind = 'voucher' then c.voucher_uses else 1 end as voucher_uses
      from r join benefit_campaigns c on c.id = $1::uuid
      where c.closed_at is null and r.at >= c.starts_at and r.at < c.ends_at
    ),
    m as (
      select r.ord, x.membership_id, (x.path = $3::text or starts_with(x.path, $4::text)) as eligible
      from r cross join lateral (
        select ms.id as membership_id, o.path from current_memberships ms join orgs o on o.id = ms.org_id
        where ms.account_id = r.account_id order by ms.joined_at desc limit 1
      ) x
    ),
    prior as (
      select r.ord, x.id, x.idempotency_key, x.request_hash, x.claimed_at, x.place_kind, x.place_id, x.valid_until
      from r cross join lateral (
        select * from benefit_claims x where x.campaign_id = $1::uuid and x.account_id = r.account_id and x.period_key = r.period_key limit 1
      ) x
    ),
    cand as (
      select distinct on (r.account_id, r.period_key) r.*, m.membership_id, o.valid_until, o.voucher_uses
      from r join m on m.ord = r.ord and m.eligible join o on o.ord = r.ord
      where not exists (select 1 from prior p where p.ord = r.ord)
      order by r.account_id, r.period_key, r.ord
    ),
    w as (
      select * from cand order by ord limit (select greatest(remaining, 0) from lock)
    ),
    ins as (
      insert into benefit_claims (id, campaign_id, account_id, membership_id, period_key, place_kind, place_id, idempotency_key, request_hash, claimed_at, valid_until, voucher_uses)
      select claim_id, $1::uuid, account_id, membership_id, period_key, place_kind, place_id, idem_key, req_hash, at, valid_until, voucher_uses from w
      on conflict do nothing
      returning id, valid_until
    ),
    upd as (
      update benefit_campaign_shards set claimed = claimed + (select count(*) from ins)
      where campaign_id = $1::uuid and shard = $2::int
      returning quota - claimed as remaining
    )
    select r.ord, ins.id is not null as won, ins.valid_until, o.ord is not null as open,
      (c.ord is not null and wr.ord is null) as cut,
      m.membership_id is not null as member, coalesce(m.eligible, false) as eligible,
      p.id as prior_id, p.idempotency_key as prior_key, p.request_hash as prior_hash, p.claimed_at as prior_at,
      p.place_kind as prior_place_kind, p.place_id as prior_place_id, p.valid_until as prior_valid_until, (select remaining from upd) as shard_remaining
    from r
    left join ins on ins.id = r.claim_id
    left join cand c on c.ord = r.ord
    left join w wr on wr.ord = r.ord
    left join m on m.ord = r.ord
    left join o on o.ord = r.ord
    left join prior p on p.ord = r.ord
    order by r.ord`;

/**
 * The campaigns (of those given, each with its current period) the member has claimed in that period: a 积分商城
 * item already exchanged this time.
 */
export async function claimedInPeriod(db: Database, accountId: string, items: { campaignId: string; periodKey: string }[]): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const rows = await db
    .select({ campaignId: benefitClaims.campaignId })
    .from(benefitClaims)
    .where(
      and(
        eq(benefitClaims.accountId, accountId),
        or(...items.map((i) => and(eq(benefitClaims.campaignId, i.campaignId), eq(benefitClaims.periodKey, i.periodKey)))),
      ),
    );
  return new Set(rows.map((r) => r.campaignId));
}

/** A statement written with $1, $2… for a pg prepared statement, bound as drizzle parameters (runs in a transaction). */
function bound(text: string, values: unknown[]): SQL {
  return sql.join(text.split(/\$(\d+)/).map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${values[Number(part) - 1]}`)));
}

/**
 * One claim through the very statement of the group-commit writer (CLAIM_BATCH_SQL), but inside the caller's
 * transaction, so that what the claim costs (a 积分商城 price) is paid in the same commit: the shard stays locked and
 * the claim uncommitted until the caller's transaction ends, and a refusal after the claim (points short) undoes it.
 * Slower than a batch (one transaction per claim, the shard held a little longer): only point-priced campaigns use it.
 */
export async function claimInTransaction(
  tx: Database,
  campaignId: string,
  shard: number,
  eligiblePath: string,
  request: ClaimRequestRow,
): Promise<ClaimOutcomeRow> {
  const result = (await tx.execute(bound(CLAIM_BATCH_SQL, [campaignId, shard, eligiblePath, `${eligiblePath}.`, JSON.stringify([request])]))) as unknown as {
    rows: ClaimOutcomeRow[];
  };
  return result.rows[0]!;
}

/** A union moved in the tree: campaigns that name it or a union below it follow (in the caller's transaction). */
export async function rewriteEligiblePaths(db: Database, oldPath: string, newPath: string): Promise<void> {
  const moved = movedPath(benefitCampaigns.eligiblePath, oldPath, newPath);
  await db.update(benefitCampaigns).set({ eligiblePath: moved.value }).where(moved.within);
}

/** The holders of a campaign's vouchers that could still be used at `at` (uses left, not past their end, still members). */
export async function unusedVoucherHolders(db: Database, campaignId: string, at: Date) {
  return db
    .select({ claimId: benefitClaims.id, accountId: benefitClaims.accountId })
    .from(benefitClaims)
    .innerJoin(benefitCampaigns, eq(benefitCampaigns.id, benefitClaims.campaignId))
    .where(
      and(
        eq(benefitClaims.campaignId, campaignId),
        sql`${benefitClaims.usesRedeemed} < ${benefitClaims.voucherUses}`,
        sql`coalesce(${benefitClaims.validUntil}, ${benefitCampaigns.endsAt}) > ${at.toISOString()}::timestamptz`,
        holderIsMember,
      ),
    );
}
