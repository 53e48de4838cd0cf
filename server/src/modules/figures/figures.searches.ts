import type { Database } from '../../db/client';
import { inServiceTz } from '../../lib/dates';
import { addStationSearches } from './figures.repository';

/** Distinct union-days held in memory at most between two writes (a flood of searches cannot grow it further). */
const MAX_KEYS = 50_000;

/**
 * Nearest-station searches, counted in memory per union and Beijing day and written as figure deltas by the fold job
 * (a few statements a minute, never one per search: a search is answered from memory in microseconds). A search
 * counts for the union of the nearest station it found. A crash loses the counts since the last write.
 */
export function createStationSearchCounter(deps: { db: Database; now?: () => Date }) {
  let counts = new Map<string, number>();
  return {
    /** One search whose nearest station belongs to `orgId`. */
    count(orgId: string): void {
      const key = `${inServiceTz(deps.now?.() ?? new Date()).format('YYYY-MM-DD')}|${orgId}`;
      if (counts.size >= MAX_KEYS && !counts.has(key)) return;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    },

    /** Writes what was counted since the last write; on failure keeps it for the next try. */
    async flush(): Promise<void> {
      if (counts.size === 0) return;
      const taken = counts;
      counts = new Map();
      try {
        await addStationSearches(
          deps.db,
          [...taken].map(([key, n]) => {
            const [day, orgId] = key.split('|') as [string, string];
            return { day, orgId, n };
          }),
        );
      } catch (error) {
        for (const [key, n] of taken) if (counts.size < MAX_KEYS || counts.has(key)) counts.set(key, (counts.get(key) ?? 0) + n);
        throw error;
      }
    },
  };
}

export type StationSearchCounter = ReturnType<typeof createStationSearchCounter>;
