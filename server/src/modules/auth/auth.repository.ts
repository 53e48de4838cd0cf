import { and, count, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { accounts, refreshTokens, sessions, smsCodes, smsDailyCounts, usedLiveTickets } from './auth.table';

/** Serialises work on one key inside the current transaction (both drivers support advisory locks). */
export async function lockKey(db: Database, key: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

/** Like lockKey, in a key space of its own (two-int form), so no other lock key can collide with it. */
export async function lockKeyIn(db: Database, space: number, key: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${space}::int, hashtext(${key}))`);
}

/** Counts one more code sent on `day` unless `limit` is reached; false at the limit. The row lock serialises senders. */
export async function takeDailySms(db: Database, day: string, limit: number) {
  const rows = await db
    .insert(smsDailyCounts)
    .values({ day, sent: 1 })
    .onConflictDoUpdate({
      target: smsDailyCounts.day,
      set: { sent: sql`${smsDailyCounts.sent} + 1` },
      setWhere: lt(smsDailyCounts.sent, limit),
    })
    .returning({ sent: smsDailyCounts.sent });
  return rows.length === 1 && rows[0]!.sent <= limit;
}

export async function returnDailySms(db: Database, day: string) {
  await db
    .update(smsDailyCounts)
    .set({ sent: sql`greatest(${smsDailyCounts.sent} - 1, 0)` })
    .where(eq(smsDailyCounts.day, day));
}

export async function countSmsForPhoneSince(db: Database, phoneHash: string, since: Date) {
  const [row] = await db
    .select({ n: count() })
    .from(smsCodes)
    .where(and(eq(smsCodes.phoneHash, phoneHash), gt(smsCodes.createdAt, since)));
  return row?.n ?? 0;
}

export async function countSmsForIpSince(db: Database, ip: string, since: Date) {
  const [row] = await db
    .select({ n: count() })
    .from(smsCodes)
    .where(and(eq(smsCodes.ip, ip), gt(smsCodes.createdAt, since)));
  return row?.n ?? 0;
}

export async function latestSmsCode(db: Database, phoneHash: string) {
  const [row] = await db.select().from(smsCodes).where(eq(smsCodes.phoneHash, phoneHash)).orderBy(desc(smsCodes.createdAt)).limit(1);
  return row;
}

export async function insertSmsCode(db: Database, values: typeof smsCodes.$inferInsert) {
  const [row] = await db.insert(smsCodes).values(values).returning({ id: smsCodes.id });
  return row!;
}

export async function deleteSmsCode(db: Database, id: string) {
  await db.delete(smsCodes).where(eq(smsCodes.id, id));
}

/** Counts a wrong try; returns the new count, or undefined when the code was used meanwhile. */
export async function recordWrongAttempt(db: Database, id: string) {
  const [row] = await db
    .update(smsCodes)
    .set({ attempts: sql`${smsCodes.attempts} + 1` })
    .where(and(eq(smsCodes.id, id), isNull(smsCodes.consumedAt)))
    .returning({ attempts: smsCodes.attempts });
  return row?.attempts;
}

/** Marks the code used; only one caller can win. */
export async function consumeSmsCode(db: Database, id: string, at: Date) {
  const rows = await db
    .update(smsCodes)
    .set({ consumedAt: at })
    .where(and(eq(smsCodes.id, id), isNull(smsCodes.consumedAt)))
    .returning({ id: smsCodes.id });
  return rows.length === 1;
}

export async function upsertAccountByPhone(db: Database, phoneHash: string, phoneEnc: string, at: Date) {
  const [row] = await db
    .insert(accounts)
    .values({ phoneHash, phoneEnc, lastLoginAt: at })
    .onConflictDoUpdate({ target: accounts.phoneHash, set: { lastLoginAt: at } })
    .returning();
  return row!;
}

/** The account that logs in with this phone, created (never logged in yet) when there is none. */
export async function ensureAccountByPhone(db: Database, phoneHash: string, phoneEnc: string) {
  const [created] = await db
    .insert(accounts)
    .values({ phoneHash, phoneEnc })
    .onConflictDoNothing({ target: accounts.phoneHash })
    .returning({ id: accounts.id });
  if (created) return created;
  const [existing] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.phoneHash, phoneHash));
  return existing!;
}

export async function upsertAccountByOpenId(db: Database, openId: string, unionId: string | undefined, at: Date) {
  const [row] = await db
    .insert(accounts)
    .values({ wechatOpenId: openId, wechatUnionId: unionId, lastLoginAt: at })
    .onConflictDoUpdate({ target: accounts.wechatOpenId, set: { lastLoginAt: at } })
    .returning();
  return row!;
}

export async function findAccount(db: Database, id: string) {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row;
}

export async function insertRefreshToken(db: Database, values: typeof refreshTokens.$inferInsert) {
  const [row] = await db.insert(refreshTokens).values(values).returning();
  return row!;
}

export async function findRefreshToken(db: Database, tokenHash: string) {
  const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash));
  return row;
}

/** Revokes exactly this live token; false when it was already rotated or revoked (a concurrent or replayed use). */
export async function revokeRefreshToken(db: Database, id: string, at: Date, replacedById?: string) {
  const rows = await db
    .update(refreshTokens)
    .set({ revokedAt: at, replacedById })
    .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.revokedAt)))
    .returning({ id: refreshTokens.id });
  return rows.length === 1;
}

export async function revokeRefreshFamily(db: Database, familyId: string, at: Date) {
  await db
    .update(refreshTokens)
    .set({ revokedAt: at })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

export async function setAccountDisabled(db: Database, id: string, at: Date | null) {
  const rows = await db.update(accounts).set({ disabledAt: at }).where(eq(accounts.id, id)).returning({ id: accounts.id });
  return rows.length === 1;
}

export async function insertSession(db: Database, values: typeof sessions.$inferInsert) {
  await db.insert(sessions).values(values).onConflictDoNothing();
}

export async function findSession(db: Database, id: string) {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
  return row;
}

/** Ends one session and its refresh tokens; returns the id when this call revoked it. */
export async function revokeSession(db: Database, id: string, at: Date, reason: string) {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: at, revokeReason: reason })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  await revokeRefreshFamily(db, id, at);
  return rows.map((r) => r.id);
}

/** Ends every live session of the account and all its refresh tokens; returns the sessions it revoked. */
export async function revokeAccountSessions(db: Database, accountId: string, at: Date, reason: string) {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: at, revokeReason: reason })
    .where(and(eq(sessions.accountId, accountId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  await db
    .update(refreshTokens)
    .set({ revokedAt: at })
    .where(and(eq(refreshTokens.accountId, accountId), isNull(refreshTokens.revokedAt)));
  return rows.map((r) => r.id);
}

/** Records a live ticket as used; false when it was used before (on any instance). */
export async function useLiveTicket(db: Database, values: typeof usedLiveTickets.$inferInsert) {
  const rows = await db.insert(usedLiveTickets).values(values).onConflictDoNothing().returning({ jti: usedLiveTickets.jti });
  return rows.length === 1;
}

export async function deleteExpiredLiveTickets(db: Database, before: Date) {
  await db.delete(usedLiveTickets).where(lt(usedLiveTickets.expiresAt, before));
}

/** The account that signs in with this phone, if any. */
export async function findAccountByPhoneHash(db: Database, phoneHash: string) {
  const [row] = await db.select().from(accounts).where(eq(accounts.phoneHash, phoneHash));
  return row;
}

/** The account signs in with another phone from now on; the unique phone index refuses one another account has. */
export async function setAccountPhone(db: Database, id: string, phoneHash: string, phoneEnc: string) {
  await db.update(accounts).set({ phoneHash, phoneEnc }).where(eq(accounts.id, id));
}
