import { bigint, bigserial, date, integer, pgEnum, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';

/**
 * What a figure counts. `join`: approved join applications (dim: worker category, item: the stall event);
 * `approve_time` / `card_time`: submit-to-approval and submit-to-bank-card durations (dim: DURATION_BUCKETS position);
 * `booking`: places in slots (dim: booking status, item: the service); `claim`: benefit claims (item: the campaign; dim:
 * the place kind and sub: the place, or dim 'mall' and no sub for a 积分商城 exchange, which happens at no place);
 * `station_search`: nearest-station searches (dim: ''); `pending`: applications waiting for a decision, on the day they
 * were submitted (dim: ''; read whatever the range). A join is counted for the union that approved it (a stall's
 * figures never count a join into a union the reader does not cover).
 */
export const FIGURE_METRICS = ['join', 'approve_time', 'card_time', 'booking', 'claim', 'station_search', 'pending'] as const;
export type FigureMetric = (typeof FIGURE_METRICS)[number];
export const figureMetric = pgEnum('figure_metric', FIGURE_METRICS);

/**
 * How long a rollup row's period is: a Beijing day, a week from Monday, or a calendar month, `day` being its first day.
 * Every fact is counted once in each grain; a range is read as whole months, then whole weeks, then days at its edges
 * (`piecesOf()` in figures.repository.ts): 30 days are about 4 weeks and 2 days, a year 11 months and a few weeks and days.
 */
export const FIGURE_GRAINS = ['day', 'week', 'month'] as const;
export type FigureGrain = (typeof FIGURE_GRAINS)[number];
export const figureGrain = pgEnum('figure_grain', FIGURE_GRAINS);

/** The `sub_id` of an item row that has none (a key column cannot be null). */
export const NO_SUB = '00000000-0000-0000-0000-000000000000';

/**
 * Counts per union and period (day, week and month), each union's row counting its whole subtree: a fact of a street
 * union adds to the street, its district and the city. An overview of any union reads its own rows, a few hundred
 * whatever the city's size. Keyed by union, grain and day first: a range of one grain is one index range for every metric.
 * Written only by figures_fold() and figures_rebuild() (migration 00xx_figures_sql), and moved with a union by the
 * trigger on orgs.parent_id.
 */
export const figureOrgDays = pgTable(
  'figure_org_days',
  {
    orgId: uuid().notNull(),
    grain: figureGrain().notNull(),
    day: date({ mode: 'string' }).notNull(),
    metric: figureMetric().notNull(),
    dim: text().notNull(),
    n: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.grain, t.day, t.metric, t.dim] })],
);

/**
 * Counts per item and period, only what the ranked lists read: joins per stall event (dim: ''), places per service
 * (dim: status; not the waitlisted and expired ones), claims per campaign (dim: place kind) and place (sub). Like figure_org_days, one row per union the fact belongs to *and every union above it* (a join:
 * the union that approved it; a place: the service's union; a claim: the campaign's), so a street's ranked lists read
 * its own items only, and a long range reads months and weeks instead of days.
 */
export const figureItemDays = pgTable(
  'figure_item_days',
  {
    orgId: uuid().notNull(),
    metric: figureMetric().notNull(),
    grain: figureGrain().notNull(),
    day: date({ mode: 'string' }).notNull(),
    itemId: uuid().notNull(),
    dim: text().notNull(),
    subId: uuid().notNull(),
    n: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.metric, t.grain, t.day, t.itemId, t.dim, t.subId] })],
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
