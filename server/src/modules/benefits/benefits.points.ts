import { randomInt } from 'node:crypto';
import type { Database } from '../../db/client';
import { benefitErrors } from './benefits.errors';
import { claimInTransaction, shardsWithRoom, type ClaimRequestRow } from './benefits.repository';
import type { WriterOutcome } from './benefits.writer';

/**
 * The member's learning points (the learning module's ledger), as a claim that costs points needs them: wired in the
 * composition root, so benefits and learning do not import each other.
 */
export interface PointsWallet {
  balanceOf(db: Database, accountId: string): Promise<number>;
  /** Takes `cost` points inside `tx`, all or nothing, or throws (points short): the caller's transaction rolls back. */
  spend(tx: Database, source: { accountId: string; sourceType: string; sourceId: string; label: string }, cost: number, at: Date): Promise<{ balance: number }>;
}

/** The ledger's source type of a spend: the claim it bought (its id is the source id). */
export const POINTS_SOURCE_TYPE = 'benefit_claim';

/** Shards tried per claim: one can fill between being picked and being locked, and then another is tried. */
const SHARD_TRIES = 32;

/**
 * Claims of 积分商城 campaigns: the writer's own claim statement (quota on a counter shard, one per member and period,
 * membership and eligibility, the window and the close) for one claim, and the spend of its price, in one
 * transaction. A claim refused for any reason spends nothing (no spend is tried); a spend refused (points short)
 * rolls the claim back, shard count included. One shard is locked per transaction, picked at random among those this
 * instance has not seen run out (no lock order to keep); a shard found full answers `cut` and another is tried in a
 * new transaction; once every shard has been seen full they are read again (a quota raised since refills some), and
 * only then is the quota exhausted. Plain campaigns never come here: they keep the group-commit writer.
 */
export function createPointsClaims(db: Database, wallet: PointsWallet) {
  /** Per campaign, the shards this instance has seen with no room left. */
  const full = new Map<string, Set<number>>();

  async function pick(campaignId: string, shards: number): Promise<number | null> {
    let seen = full.get(campaignId);
    if (!seen) full.set(campaignId, (seen = new Set()));
    if (seen.size >= shards) {
      const room = await shardsWithRoom(db, campaignId);
      if (room.length === 0) return null;
      seen.clear();
      for (let i = 0; i < shards; i++) if (!room.includes(i)) seen.add(i);
    }
    const open = Array.from({ length: shards }, (_, i) => i).filter((i) => !seen.has(i));
    return open[randomInt(open.length)]!;
  }

  return {
    async claim(
      campaign: { id: string; shards: number; eligiblePath: string; title: string; pointsPrice: number },
      request: Omit<ClaimRequestRow, 'ord'>,
      at: Date,
    ): Promise<WriterOutcome> {
      for (let i = 0; i < SHARD_TRIES; i++) {
        const shard = await pick(campaign.id, campaign.shards);
        if (shard === null) return { exhausted: true };
        const outcome = await db.transaction(async (tx) => {
          const row = await claimInTransaction(tx, campaign.id, shard, campaign.eligiblePath, { ord: 0, ...request });
          if (row.won) {
            await wallet.spend(
              tx,
              { accountId: request.account_id, sourceType: POINTS_SOURCE_TYPE, sourceId: request.claim_id, label: campaign.title },
              campaign.pointsPrice,
              at,
            );
          }
          return row;
        });
        if (!outcome.cut) {
          if (Number(outcome.shard_remaining) <= 0) full.get(campaign.id)?.add(shard);
          return outcome;
        }
        full.get(campaign.id)?.add(shard);
      }
      throw benefitErrors.busy();
    },
  };
}

export type PointsClaims = ReturnType<typeof createPointsClaims>;
