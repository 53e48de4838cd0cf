import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * Keyset paging of newest-first lists (the audit log, 消息): a page's `next` is the exact time and id of its last row,
 * `createdAt|id` (cursorParam in shared/src/paging.ts checks it), and the next page is the rows before it.
 */

/** A row's time to the microsecond, in UTC, as a cursor writes it (a millisecond would skip or repeat rows of one millisecond). */
export const exactTime = (column: AnyColumn): SQL<string> => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A place in a newest-first list: the exact time and id of the last row shown. */
export interface PageCursor {
  at: string;
  id: string;
}

/** The `before` of a query (already checked by cursorParam) as a cursor. */
export function parseCursor(before: string | undefined): PageCursor | undefined {
  if (!before) return undefined;
  const [at, id] = before.split('|') as [string, string];
  return { at, id };
}

/** The cursor of a row: what its page's `next` says. */
export const cursorOf = (c: PageCursor): string => `${c.at}|${c.id}`;

/** Rows before the cursor in (time, id) order, newest first; true when there is none. */
export function beforeCursor(time: AnyColumn, id: AnyColumn, before: PageCursor | undefined): SQL | undefined {
  return before ? sql`(${time}, ${id}) < (${before.at}::timestamptz, ${before.id}::uuid)` : undefined;
}
