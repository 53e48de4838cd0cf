import { and, count, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { accounts, refreshTokens, smsCodes } from './auth.table';

/** Serialises work on one key inside the current transaction (both drivers support advisory locks). */
export async function lockKey(db: Database, key: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

export async function countSmsForPhoneSince(db: Database, phoneHash: string, since: Date) {
  const [row] = await db.select({ n: count() }).from(smsCodes).where(and(eq(smsCodes.phoneHash, phoneHash), gt(smsCodes.createdAt, since)));
  return row?.n ?? 0;
}

export async function countSmsForIpSince(db: Database, ip: string, since: Date) {
  const [row] = await db.select({ n: count() }).from(smsCodes).where(and(eq(smsCodes.ip, ip), gt(smsCodes.createdAt, since)));
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
