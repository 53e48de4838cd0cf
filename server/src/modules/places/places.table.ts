import { integer, pgEnum, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';
import { PLACE_KINDS } from '@union/shared';

export const placeKind = pgEnum('place_kind', PLACE_KINDS);

/**
 * The poster generation of a place: a static code is valid only while its generation is the current one,
 * so reprinting a poster revokes every earlier print. A place never printed has no row and no valid poster.
 */
export const placeCodes = pgTable(
  'place_codes',
  {
    kind: placeKind().notNull(),
    placeId: uuid().notNull(),
    generation: integer().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.placeId] })],
);
