import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { shortCodeMisses, shortCodes } from './shortcodes.table';

export interface ShortCodeRow {
  code: string;
  purpose: string;
  target: string;
  expiresAt: Date | null;
}

/**
 * Writes the codes; a code already held by another QR is taken over only once that QR has expired. Returns the codes
 * now standing for the given targets (a code held by another live QR is left out).
 */
export async function upsertShortCodes(db: Database, rows: ShortCodeRow[], at: Date): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const written = await db
    .insert(shortCodes)
    .values(rows)
    .onConflictDoUpdate({
      target: shortCodes.code,
      set: { purpose: sql`excluded.purpose`, target: sql`excluded.target`, expiresAt: sql`excluded.expires_at` },
      setWhere: or(eq(shortCodes.target, sql`excluded.target`), lt(shortCodes.expiresAt, at)),
    })
    .returning({ code: shortCodes.code });
  return new Set(written.map((r) => r.code));
}

/** The QR text of a live code of this purpose. */
export async function findLiveShortCode(db: Database, code: string, purpose: string, at: Date): Promise<string | undefined> {
  const [row] = await db
    .select({ target: shortCodes.target })
    .from(shortCodes)
    .where(and(eq(shortCodes.code, code), eq(shortCodes.purpose, purpose), or(isNull(shortCodes.expiresAt), gt(shortCodes.expiresAt, at))));
  return row?.target;
}

export interface TryWindow {
  key: string;
  /** Tries counted in the window so far, this one included. */
  misses: number;
  windowEndsAt: Date;
}

/**
 * Counts one try for each key and returns each key's count with this try in it, in one statement: the insert takes
 * the row lock, so parallel tries are counted one after another and each sees its own number (a check followed by
 * a separate write let N parallel tries all see the count below the limit). A window that has closed starts again
 * at 1. The keys are written in sorted order, so two requests sharing two keys cannot deadlock.
 */
export async function takeTry(db: Database, keys: string[], at: Date, windowSeconds: number): Promise<TryWindow[]> {
  const ends = new Date(at.getTime() + windowSeconds * 1000);
  const closed = sql`${shortCodeMisses.windowEndsAt} <= ${at.toISOString()}::timestamptz`;
  return db
    .insert(shortCodeMisses)
    .values([...keys].sort().map((key) => ({ key, misses: 1, windowEndsAt: ends })))
    .onConflictDoUpdate({
      target: shortCodeMisses.key,
      set: {
        misses: sql`CASE WHEN ${closed} THEN 1 ELSE ${shortCodeMisses.misses} + 1 END`,
        windowEndsAt: sql`CASE WHEN ${closed} THEN excluded.window_ends_at ELSE ${shortCodeMisses.windowEndsAt} END`,
      },
    })
    .returning({ key: shortCodeMisses.key, misses: shortCodeMisses.misses, windowEndsAt: shortCodeMisses.windowEndsAt });
}

/** Takes back tries counted by `takeTry` (a right code, or a try refused at the limit), in the windows they were counted in. */
export async function giveBackTry(db: Database, windows: TryWindow[]): Promise<void> {
  if (windows.length === 0) return;
  await db
    .update(shortCodeMisses)
    .set({ misses: sql`${shortCodeMisses.misses} - 1` })
    .where(
      and(gt(shortCodeMisses.misses, 0), or(...windows.map((w) => and(eq(shortCodeMisses.key, w.key), eq(shortCodeMisses.windowEndsAt, w.windowEndsAt))))),
    );
}

/** Codes whose QR expired before `before`, and closed miss windows. */
export async function deleteExpiredShortCodes(db: Database, before: Date, at: Date): Promise<number> {
  const gone = await db.delete(shortCodes).where(lt(shortCodes.expiresAt, before)).returning({ code: shortCodes.code });
  await db.delete(shortCodeMisses).where(lt(shortCodeMisses.windowEndsAt, at));
  return gone.length;
}
