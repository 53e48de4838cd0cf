import { and, eq, sql } from 'drizzle-orm';
import type { PlaceKind } from '@union/shared';
import type { Database } from '../../db/client';
import { placeCodes } from './places.table';

export async function findGeneration(db: Database, kind: PlaceKind, placeId: string): Promise<number | undefined> {
  const [row] = await db
    .select({ generation: placeCodes.generation })
    .from(placeCodes)
    .where(and(eq(placeCodes.kind, kind), eq(placeCodes.placeId, placeId)));
  return row?.generation;
}

/** The next poster generation (1 for the first print); earlier prints stop working. */
export async function bumpGeneration(db: Database, kind: PlaceKind, placeId: string, at: Date): Promise<number> {
  const [row] = await db
    .insert(placeCodes)
    .values({ kind, placeId, generation: 1, updatedAt: at })
    .onConflictDoUpdate({ target: [placeCodes.kind, placeCodes.placeId], set: { generation: sql`${placeCodes.generation} + 1`, updatedAt: at } })
    .returning({ generation: placeCodes.generation });
  return row!.generation;
}
