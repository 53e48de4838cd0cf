import { bigint, bigserial, date, integer, pgEnum, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';

/**
 * What a figure counts. `join`: approved join applications (dim: worker category, item: the stall event);
 * `approve_time` / `card_time`: submit-to-approval and submit-to-bank-card durations (dim: DURATION_BUCKETS position);
 * `booking`: places in slots (dim: booking status, item: the service); `claim`: benefit claims (dim: place kind,
 * item: the campaign, sub: the place); `station_search`: nearest-station searches (dim: ''); `pending`: applications
 * waiting for a decision, on the day they were submitted (dim: ''; read whatever the range). A join's sub is the union
 * that approved it (a stall's joins are read only where both the stall's union and that one are in scope).
 */
export const FIGURE_METRICS = ['join', 'approve_time', 'card_time', 'booking', 'claim', 'station_search', 'pending'] as const;
export type FigureMetric = (typeof FIGURE_METRICS)[number];
export const figureMetric = pgEnum('figure_metric', FIGURE_METRICS);

/** The `sub_id` of an item row that has none (a key column cannot be null). */
export const NO_SUB = '00000000-0000-0000-0000-000000000000';

/**
 * Daily counts per union, each union's row counting its whole subtree: a fact of a street union adds to the street,
 * its district and the city. An overview of any union reads its own rows, a few hundred whatever the city's size.
 * Written only by figures_fold() and figures_rebuild() (migration 00xx_figures_sql), and moved with a union by the
 * trigger on orgs.parent_id.
 */
export const figureOrgDays = pgTable(
  'figure_org_days',
  {
    orgId: uuid().notNull(),
    metric: figureMetric().notNull(),
    day: date({ mode: 'string' }).notNull(),
    dim: text().notNull(),
    n: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.metric, t.day, t.dim] })],
);

/** Daily counts per item: joins per stall event (sub: the approving union), places per service, claims per campaign and place (sub). */
export const figureItemDays = pgTable(
  'figure_item_days',
  {
    metric: figureMetric().notNull(),
    itemId: uuid().notNull(),
    day: date({ mode: 'string' }).notNull(),
    dim: text().notNull(),
    subId: uuid().notNull(),
    n: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.metric, t.day, t.itemId, t.dim, t.subId] })],
);

/**
 * Changes not yet folded into the two tables above, keyed by the union the fact belongs to (not its ancestors).
 * Triggers on the base tables append them in the writing transaction, so a figure is never ahead of or behind the
 * data; appending never waits on another writer (no hot counter row). figures_fold() moves them into the rollups
 * every few seconds; a read adds the ones still here.
 */
export const figureDeltas = pgTable('figure_deltas', {
  id: bigserial({ mode: 'number' }).primaryKey(),
  orgId: uuid().notNull(),
  metric: figureMetric().notNull(),
  day: date({ mode: 'string' }).notNull(),
  dim: text().notNull(),
  itemId: uuid(),
  subId: uuid(),
  n: integer().notNull(),
});
