import { sql } from 'drizzle-orm';
import { boolean, check, customType, doublePrecision, index, pgEnum, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { STATION_HOST_KINDS } from '@union/shared';
import { orgs } from '../orgs';

export const stationHostKind = pgEnum('station_host_kind', STATION_HOST_KINDS);

/** Half-open minute ranges of the week from Monday 00:00 (shared `weekRanges`), as a PostgreSQL int4multirange. */
const weekMinutes = customType<{ data: [number, number][]; driverData: string }>({
  dataType: () => 'int4multirange',
  toDriver: (ranges) => `{${ranges.map(([from, to]) => `[${from},${to})`).join(',')}}`,
  fromDriver: (value) => [...String(value).matchAll(/\[(\d+),(\d+)\)/g)].map((m) => [Number(m[1]), Number(m[2])] as [number, number]),
});

/**
 * Outdoor workers' rest stations (暖心驿站), hosted in banks, estate agencies, petrol stations and shops.
 * Nearest-first search uses a GiST index on ll_to_earth(lat, lng) (cube + earthdistance), created in the
 * custom migration next to this table's: drizzle-kit cannot describe an expression index on an extension type.
 */
export const stations = pgTable(
  'stations',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The operator's station number: the natural key of a CSV re-import. */
    code: text().notNull().unique(),
    name: text().notNull(),
    hostKind: stationHostKind().notNull(),
    address: text().notNull(),
    district: text(),
    /** GCJ-02 (what WeChat and Chinese map apps use). */
    lat: doublePrecision().notNull(),
    lng: doublePrecision().notNull(),
    /**
     * Facilities as their positions in shared STATION_FACILITIES. An array (not a bit mask) because
     * PostgreSQL keeps statistics of array elements: the planner knows 70% have a microwave and 5% a
     * massage chair, and keeps walking the nearest-first index instead of sorting "the few" matches.
     */
    facilityIds: smallint()
      .array()
      .notNull()
      .default(sql`'{}'`),
    /** Canonical opening hours text, as shown. */
    hours: text().notNull(),
    is24h: boolean().notNull().default(false),
    /** When it is open on the Beijing week: 营业中 is one containment test. */
    openWeek: weekMinutes().notNull(),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.orgId), check('stations_lat_range', sql`${t.lat} between -90 and 90`), check('stations_lng_range', sql`${t.lng} between -180 and 180`)],
);

export type StationRow = typeof stations.$inferSelect;
export type NewStation = typeof stations.$inferInsert;
