import type { PeriodicJob } from '../../lib/periodic';
import type { FiguresService } from './figures.service';
import type { StationSearchCounter } from './figures.searches';

/** Every few seconds: this instance's station searches become deltas, then the deltas are folded into the rollups. */
export function figuresFoldJob(figures: Pick<FiguresService, 'fold'>, searches: Pick<StationSearchCounter, 'flush'>, intervalMs: number): PeriodicJob {
  return {
    name: 'figures fold',
    intervalMs,
    pass: async () => {
      await searches.flush();
      await figures.fold();
    },
  };
}
