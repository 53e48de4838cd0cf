import { createHash, randomUUID } from 'node:crypto';
import type { Database } from '../../db/client';
import { periodKey } from './benefits.service';
import * as repo from './benefits.repository';

export type PrizeGrant = { claimId: string } | { refused: string };

/**
 * Vouchers paid as prizes (a contest's places): a claim of a voucher campaign for a member the server chose, with no
 * place scanned. It goes through the same claim statement as a member's own claim (`claimBatch`: the campaign's
 * window and close, membership and eligible subtree, once per member and period, the shard quota), one claim at a
 * time: prizes are a handful, the group-commit writer is for crowds. The claim is recorded at the campaign's first
 * place (a voucher is redeemed at any of them). The key makes it once: granting again answers with the same claim.
 */
export function createPrizeVouchers(deps: { db: Database; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    async find(id: string) {
      const row = await repo.findCampaign(db, id);
      return row && { title: row.title, orgPath: row.orgPath, isVoucher: row.kind === 'voucher' };
    },

    async grant(campaignId: string, accountId: string, key: string): Promise<PrizeGrant> {
      const row = await repo.findCampaign(db, campaignId);
      if (!row || row.kind !== 'voucher') return { refused: '奖品券活动不存在' };
      const [place] = await repo.placesOf(db, [campaignId]);
      if (!place) return { refused: '奖品券活动没有使用地点' };
      const at = now();
      const request = {
        ord: 0,
        claim_id: randomUUID(),
        account_id: accountId,
        period_key: periodKey(row.period, at),
        place_kind: place.kind,
        place_id: place.id,
        idem_key: key,
        req_hash: createHash('sha256').update(`prize:${key}`).digest('base64url'),
        at: at.toISOString(),
      };
      for (const shard of await repo.shardsWithRoom(db, campaignId)) {
        const [outcome] = await repo.claimBatch(db, campaignId, shard, row.eligiblePath, [request]);
        if (!outcome || outcome.cut) continue; // this shard ran out meanwhile: the next one
        if (outcome.won) return { claimId: request.claim_id };
        if (outcome.prior_id) return outcome.prior_key === key ? { claimId: outcome.prior_id } : { refused: '获奖人已领过该券' };
        if (!outcome.open) return { refused: '奖品券活动不在发放时间内' };
        if (!outcome.member) return { refused: '获奖人已不是会员' };
        if (!outcome.eligible) return { refused: '获奖人不在奖品券的发放范围内' };
        return { refused: '获奖人已领过该券' };
      }
      const prior = await repo.claimByKey(db, campaignId, accountId, key);
      return prior ? { claimId: prior.id } : { refused: '奖品券已发完' };
    },
  };
}

export type PrizeVouchersPort = ReturnType<typeof createPrizeVouchers>;
