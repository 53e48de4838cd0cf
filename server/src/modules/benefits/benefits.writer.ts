import type { Database } from '../../db/client';
import { claimBatch, type ClaimOutcomeRow, type ClaimRequestRow } from './benefits.repository';

export type ClaimRequest = Omit<ClaimRequestRow, 'ord'>;

interface Pending {
  request: ClaimRequest;
  resolve: (outcome: ClaimOutcomeRow) => void;
  reject: (error: unknown) => void;
}

export interface ClaimWriterOptions {
  /** Claims written in one transaction at most. */
  maxBatch: number;
  /** Claims waiting per campaign before new ones are turned away (the caller answers 503 with Retry-After). */
  maxQueue: number;
  /**
   * Batches of one campaign in the database at once. They queue on the campaign row's lock inside PostgreSQL, so
   * the next batch starts the moment the previous one commits instead of a network round trip later.
   */
  maxInFlight: number;
}

/**
 * Group commit. Each campaign has one queue per instance and a few batches in the database at a time: while a
 * batch commits, new claims gather, and the next batch takes them all (up to maxBatch). Under light load a batch is
 * one claim and nothing waits; under heavy load one commit carries hundreds, so the campaign's single counter row is
 * locked once per batch instead of once per claim.
 */
export function createClaimWriter(db: Database, options: ClaimWriterOptions) {
  const queues = new Map<string, Pending[]>();
  const running = new Map<string, number>();

  async function drain(campaignId: string) {
    running.set(campaignId, (running.get(campaignId) ?? 0) + 1);
    try {
      for (;;) {
        const queue = queues.get(campaignId);
        if (!queue || queue.length === 0) return;
        const batch = queue.splice(0, options.maxBatch);
        try {
          const outcomes = await claimBatch(
            db,
            campaignId,
            batch.map((p, i) => ({ ord: i, ...p.request })),
          );
          const byOrd = new Map(outcomes.map((o) => [Number(o.ord), o]));
          batch.forEach((p, i) => {
            const outcome = byOrd.get(i);
            if (outcome) p.resolve(outcome);
            else p.reject(new Error('claim batch returned no outcome'));
          });
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      const left = (running.get(campaignId) ?? 1) - 1;
      if (left > 0) running.set(campaignId, left);
      else {
        running.delete(campaignId);
        if (queues.get(campaignId)?.length === 0) queues.delete(campaignId);
      }
    }
  }

  return {
    /** Queued claims of a campaign (for shedding load before the queue grows without bound). */
    depth(campaignId: string): number {
      return queues.get(campaignId)?.length ?? 0;
    },

    submit(campaignId: string, request: ClaimRequest): Promise<ClaimOutcomeRow> | null {
      let queue = queues.get(campaignId);
      if (!queue) queues.set(campaignId, (queue = []));
      if (queue.length >= options.maxQueue) return null;
      const promise = new Promise<ClaimOutcomeRow>((resolve, reject) => queue.push({ request, resolve, reject }));
      if ((running.get(campaignId) ?? 0) < options.maxInFlight) void drain(campaignId);
      return promise;
    },
  };
}

export type ClaimWriter = ReturnType<typeof createClaimWriter>;
