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

/** Shards tried per claim: one read with room can fill before its lock is taken, and then another is tried. */
const SHARD_TRIES = 32;

/**
 * A claim of a 积分商城 campaign: the writer's own claim statement (quota on a counter shard, one per member and
 * period, membership and eligibility, the window and the close) for this one claim, and the spend of its price, in
 * one transaction. A claim refused for any reason spends nothing (no spend is tried); a spend refused (points short)
 * rolls the claim back, shard count included. The shard is picked at random among those with room, and only one is
 * locked per transaction (no lock order to keep); a shard that filled meanwhile answers `cut` and another is tried.
 * Plain campaigns never come here: they keep the group-commit writer.
 */
export async function claimForPoints(
  db: Database,
  wallet: PointsWallet,
  campaign: { id: string; eligiblePath: string; title: string; pointsPrice: number },
  request: Omit<ClaimRequestRow, 'ord'>,
  at: Date,
): Promise<WriterOutcome> {
  for (let i = 0; i < SHARD_TRIES; i++) {
    const room = await shardsWithRoom(db, campaign.id);
    if (room.length === 0) return { exhausted: true };
    const shard = room[randomInt(room.length)]!;
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
    if (!outcome.cut) return outcome;
  }
  throw benefitErrors.busy();
}
