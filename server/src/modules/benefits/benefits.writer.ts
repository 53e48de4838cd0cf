import type { Database } from '../../db/client';
import { claimBatch, shardsWithRoom, type ClaimOutcomeRow, type ClaimRequestRow } from './benefits.repository';

export type ClaimRequest = Omit<ClaimRequestRow, 'ord'>;

/** How a claim ended in the writer: the database's row, or "every shard is empty" without asking it again. */
export type WriterOutcome = ClaimOutcomeRow | { exhausted: true };

interface Pending {
  request: ClaimRequest;
  resolve: (outcome: WriterOutcome) => void;
  reject: (error: unknown) => void;
}

interface CampaignQueue {
  pending: Pending[];
  shards: number;
  eligiblePath: string;
  /** Shards this instance has seen run out (an operator's quota change can refill them: checked before giving up). */
  empty: Set<number>;
  /** Shards with a batch of this instance in the database now. */
  busy: Set<number>;
  next: number;
}

export interface ClaimWriterOptions {
  /** Claims written in one statement at most. */
  maxBatch: number;
  /** Claims waiting per campaign before new ones are turned away (the caller answers 503 with Retry-After). */
  maxQueue: number;
  /** Batches of one campaign in the database at once, each on its own shard. */
  maxInFlight: number;
}

/**
 * Group commit over sharded counters. Each campaign has one queue per instance. Up to maxInFlight batches are in
 * the database at once, each locking a different counter shard, so their commits overlap and PostgreSQL flushes
 * them together; while they commit, new claims gather and the next batch takes them all (up to maxBatch). Under
 * light load a batch is one claim and nothing waits. A claim its shard could not fit goes back to the front of the
 * queue for another shard. When this instance has seen every shard run out it reads the shards once more (a quota
 * raised or lowered since spreads what is left over all of them, refilling some): only when none has room is the
 * quota exhausted.
 */
/** How long an instance answers 已领完 without the database once it has read that no shard has room. */
const SOLD_OUT_MS = 1_000;

export function createClaimWriter(db: Database, options: ClaimWriterOptions) {
  const queues = new Map<string, CampaignQueue>();
  /** Campaigns seen with no shard left, until when: a storm on a sold-out campaign costs no query per batch. */
  const soldOut = new Map<string, number>();

  function pickShard(q: CampaignQueue): number | null {
    const allEmpty = q.empty.size >= q.shards;
    for (let i = 0; i < q.shards; i++) {
      const shard = (q.next + i) % q.shards;
      if (q.busy.has(shard) || (!allEmpty && q.empty.has(shard))) continue;
      q.next = shard + 1;
      return shard;
    }
    return null;
  }

  async function drain(campaignId: string, q: CampaignQueue, shard: number) {
    q.busy.add(shard);
    try {
      while (q.pending.length > 0) {
        if (q.empty.size >= q.shards) {
          let room: number[];
          try {
            room = await shardsWithRoom(db, campaignId);
          } catch (error) {
            // Not knowing is not "sold out": the claims fail as a failed batch does.
            for (const p of q.pending.splice(0)) p.reject(error);
            return;
          }
          if (room.length > 0) {
            for (const s of room) q.empty.delete(s);
            continue;
          }
          // Every shard is gone: no claim can win. The database still decides "already claimed" and the like,
          // but a refusal for quota needs no round trip.
          soldOut.set(campaignId, Date.now() + SOLD_OUT_MS);
          for (const p of q.pending.splice(0)) p.resolve({ exhausted: true });
          return;
        }
        if (q.empty.has(shard)) {
          const other = pickShard(q);
          if (other === null) return;
          q.busy.delete(shard);
          q.busy.add((shard = other));
        }
        const batch = q.pending.splice(0, options.maxBatch);
        try {
          const outcomes = await claimBatch(
            db,
            campaignId,
            shard,
            q.eligiblePath,
            batch.map((p, i) => ({ ord: i, ...p.request })),
          );
          const byOrd = new Map(outcomes.map((o) => [Number(o.ord), o]));
          const retry: Pending[] = [];
          batch.forEach((p, i) => {
            const outcome = byOrd.get(i);
            if (!outcome) p.reject(new Error('claim batch returned no outcome'));
            else if (outcome.cut) retry.push(p);
            else p.resolve(outcome);
          });
          if (outcomes.length > 0 && Number(outcomes[0]!.shard_remaining) <= 0) q.empty.add(shard);
          if (retry.length > 0) q.pending.unshift(...retry);
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      q.busy.delete(shard);
      if (q.busy.size === 0 && q.pending.length === 0) queues.delete(campaignId);
    }
  }

  return {
    /** After this instance changed the campaign's quota: no longer trusts that it was sold out. */
    forget(campaignId: string) {
      soldOut.delete(campaignId);
    },

    submit(campaign: { id: string; shards: number; eligiblePath: string }, request: ClaimRequest): Promise<WriterOutcome> | null {
      const until = soldOut.get(campaign.id);
      if (until !== undefined) {
        if (until > Date.now()) return Promise.resolve({ exhausted: true });
        soldOut.delete(campaign.id);
      }
      let q = queues.get(campaign.id);
      if (!q)
        queues.set(
          campaign.id,
          (q = {
            pending: [],
            shards: campaign.shards,
            eligiblePath: campaign.eligiblePath,
            empty: new Set(),
            busy: new Set(),
            next: Math.floor(Math.random() * campaign.shards),
          }),
        );
      if (q.pending.length >= options.maxQueue) return null;
      const queue = q;
      const promise = new Promise<WriterOutcome>((resolve, reject) => queue.pending.push({ request, resolve, reject }));
      if (q.busy.size < options.maxInFlight) {
        const shard = pickShard(q);
        if (shard !== null) void drain(campaign.id, q, shard);
      }
      return promise;
    },
  };
}

export type ClaimWriter = ReturnType<typeof createClaimWriter>;
