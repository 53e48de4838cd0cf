import { maskName, type Contest, type ContestInput, type ContestRanking, type FlaggedAttempt, type Settlement, type UnitRanking } from '@union/shared';
import { csvDocument } from '../../lib/csv';
import { covers, isWithin } from '../../lib/scope';
import { CLOSED_VISIBLE_MS, LEARNING_ROLES, SUBMIT_GRACE_MS, type LearningServiceDeps } from './learning.common';
import * as repo from './learning.contests.repository';
import { secondsOf, type RankingReader } from './learning.contests.ranking';
import { contestDto, dayStart, placePoints, type ContestCache } from './learning.contests.common';
import { learningErrors } from './learning.errors';
import { awardPoints } from './learning.points';
import { findBank, insertTest } from './learning.repository';

/** A contest has no pass mark: it pays places (`contest_place`), not a pass (`test_passed`), so no score reaches this. */
const NO_PASS_PERCENT = 101;
/** Most rows a CSV of the ranking by person holds. */
const EXPORT_MAX_PEOPLE = 10_000;

/** Voucher prizes, provided by the benefits module (wired in the composition root). */
export interface PrizeVouchers {
  /** A campaign: its title, its union's path, and whether it gives vouchers. */
  find(id: string): Promise<{ title: string; orgPath: string; isVoucher: boolean } | undefined>;
  /** One voucher of the campaign for the member, once per key (a second call answers with the same claim). */
  grant(campaignId: string, accountId: string, key: string): Promise<{ claimId: string } | { refused: string }>;
}

/** Beijing days the window touches: the test's total tries are tries per day times these. */
function windowDays(opensAt: Date, closesAt: Date): number {
  const last = dayStart(new Date(closesAt.getTime() - 1));
  return Math.max(1, Math.round((last.getTime() - dayStart(opensAt).getTime()) / 86_400_000) + 1);
}

type FlaggedRow = Awaited<ReturnType<typeof repo.flaggedAttempts>>[number];
const flaggedDto = (a: FlaggedRow): FlaggedAttempt => ({
  attemptId: a.attempt_id,
  name: maskName(a.name ?? '会员'),
  orgName: a.org_name,
  score: a.score,
  seconds: secondsOf(a.taken_ms),
  minSeconds: secondsOf(a.min_ms),
  gradedAt: new Date(a.graded_at).toISOString(),
  flag: a.flag,
});

/** The CSV rows of the ranking by unit, as the page shows it. */
function unitLines(units: UnitRanking): string[][] {
  const lines = [['名次', '单位', '参与人数', '会员人数', '参与率', '平均分']];
  for (const u of units.items)
    lines.push([
      String(u.rank),
      u.orgName,
      String(u.participants),
      String(u.members),
      u.ratePermille === null ? '' : `${(u.ratePermille / 10).toFixed(1)}%`,
      u.averageScore === null ? '' : String(u.averageScore),
    ]);
  return lines;
}

/** The CSV rows of the ranking by person (names masked). */
function personLines(people: ContestRanking): string[][] {
  return [
    ['名次', '姓名', '所在工会', '最好成绩', '用时（秒）'],
    ...people.top.map((p) => [String(p.rank), p.name, p.orgName, String(p.score), String(p.seconds)]),
  ];
}

/**
 * Staff use cases of contests: create one for a union in scope, read the rankings live (by person, by unit, CSV),
 * review flagged attempts, and settle a closed contest (places paid once). A contest outside the staffer's subtree
 * answers as missing. Writes are audited.
 */
export function createContestsStaff(deps: LearningServiceDeps & { ranking: RankingReader; cached: ContestCache; vouchers?: PrizeVouchers }) {
  const { db, ranking, cached } = deps;
  const now = deps.now ?? (() => new Date());

  /** The contest, if its union lies in the staffer's scope (else missing); `cache` for the reads of the rankings. */
  async function contestInScope(accountId: string, id: string, cache = false) {
    const scope = await deps.scopeFor(accountId, LEARNING_ROLES);
    const found = cache ? await cached.get(id) : await repo.findContest(db, id);
    if (!found || !covers(scope, found.test.orgPath)) throw learningErrors.contestNotFound();
    return { scope, contest: found };
  }

  async function voucherTitle(campaignId: string | null) {
    return campaignId && deps.vouchers ? ((await deps.vouchers.find(campaignId))?.title ?? null) : null;
  }

  /** The union the ranking by unit is read under: the contest's, or one below it in the staffer's scope. */
  async function unitRoot(accountId: string, id: string, under?: string) {
    const { scope, contest } = await contestInScope(accountId, id, true);
    if (!under || under === contest.test.orgId) return { contest, root: { id: contest.test.orgId, path: contest.test.orgPath } };
    const org = await deps.findOrg(db, under);
    if (!org || !isWithin(org.path, contest.test.orgPath) || !covers(scope, org.path)) throw learningErrors.orgNotFound();
    return { contest, root: { id: org.id, path: org.path } };
  }

  async function settlementOf(id: string, settledAt: Date): Promise<Settlement> {
    return {
      contestId: id,
      settledAt: settledAt.toISOString(),
      prizes: (await repo.prizesOf(db, id)).map((p) => ({
        place: p.place,
        name: maskName(p.name ?? '会员'),
        orgName: p.org_name,
        score: p.score,
        seconds: secondsOf(p.taken_ms),
        pointsPaid: p.points_paid,
        voucher: p.voucher_claim_id ? 'granted' : p.voucher_note ? 'refused' : null,
        voucherNote: p.voucher_note,
      })),
    };
  }

  return {
    async createContest(accountId: string, input: ContestInput & { triesPerDay: number; prizePlaces: number }): Promise<Contest> {
      const scope = await deps.scopeFor(accountId, LEARNING_ROLES);
      const org = await deps.findOrg(db, input.orgId);
      if (!org || !covers(scope, org.path)) throw learningErrors.orgNotFound();
      const bank = await findBank(db, input.bankId);
      if (!bank || !covers(scope, bank.orgPath)) throw learningErrors.bankNotFound();
      if (bank.questions < input.questionCount) throw learningErrors.bankTooSmall();
      if (input.prizeCampaignId) {
        const campaign = await deps.vouchers?.find(input.prizeCampaignId);
        if (!campaign || !campaign.isVoucher || !covers(scope, campaign.orgPath)) throw learningErrors.prizeCampaignInvalid();
      }
      const opensAt = new Date(input.opensAt);
      const closesAt = new Date(input.closesAt);
      const id = await db.transaction(async (tx) => {
        const { id } = await insertTest(tx, {
          orgId: org.id,
          orgPath: org.path,
          bankId: bank.id,
          title: input.title,
          questionCount: input.questionCount,
          timeLimitSeconds: input.timeLimitMinutes * 60,
          passPercent: NO_PASS_PERCENT,
          maxAttempts: input.triesPerDay * windowDays(opensAt, closesAt),
          reviewOpens: 'closed',
          opensAt,
          closesAt,
          createdBy: accountId,
        });
        await repo.insertContest(tx, {
          testId: id,
          triesPerDay: input.triesPerDay,
          prizePlaces: input.prizePlaces,
          prizeCampaignId: input.prizeCampaignId ?? null,
          createdBy: accountId,
        });
        await deps.audit.record(tx, {
          actorAccountId: accountId,
          action: 'learning.contest_create',
          targetType: 'contest',
          targetId: id,
          orgId: org.id,
          detail: { triesPerDay: input.triesPerDay, prizePlaces: input.prizePlaces },
        });
        return id;
      });
      const created = (await repo.findContest(db, id))!;
      return contestDto(created, await placePoints(db), await voucherTitle(created.contest.prizeCampaignId), { participants: 0, pendingReview: 0 });
    },

    async listManagedContests(accountId: string): Promise<Contest[]> {
      const scope = await deps.scopeFor(accountId, LEARNING_ROLES);
      const found = await repo.listContestsInScope(db, scope, new Date(now().getTime() - 4 * CLOSED_VISIBLE_MS));
      const ids = found.map((c) => c.test.id);
      const [participants, pending, points] = await Promise.all([repo.participantsOf(db, ids), repo.pendingFlags(db, ids), placePoints(db)]);
      const taking = new Map(participants.map((p) => [p.contestId, p.participants]));
      const waiting = new Map(pending.map((p) => [p.contestId, p.n]));
      return Promise.all(
        found.map(async (c) =>
          contestDto(c, points, await voucherTitle(c.contest.prizeCampaignId), {
            participants: taking.get(c.test.id) ?? 0,
            pendingReview: waiting.get(c.test.id) ?? 0,
          }),
        ),
      );
    },

    /** The ranking by person, live (staff see it during the window). */
    async staffRanking(accountId: string, id: string, limit: number): Promise<ContestRanking> {
      await contestInScope(accountId, id, true);
      return ranking.byPerson(id, limit);
    },

    async staffUnits(accountId: string, id: string, under?: string): Promise<UnitRanking> {
      const { root } = await unitRoot(accountId, id, under);
      return ranking.byUnit(id, root);
    },

    /** CSV for Excel: the ranking by unit (with participation) or by person (names masked), as the page shows it. */
    async exportCsv(accountId: string, id: string, by: 'unit' | 'person', under?: string): Promise<{ csv: string; title: string }> {
      const { contest, root } = await unitRoot(accountId, id, under);
      const lines = by === 'unit' ? unitLines(await ranking.byUnit(id, root)) : personLines(await ranking.byPerson(id, EXPORT_MAX_PEOPLE));
      return { csv: csvDocument(lines), title: contest.test.title };
    },

    /** Attempts answered faster than the fast-answer rule allows: waiting ones first, then those decided. */
    async flagged(accountId: string, id: string): Promise<FlaggedAttempt[]> {
      await contestInScope(accountId, id);
      return (await repo.flaggedAttempts(db, id)).map(flaggedDto);
    },

    /**
     * Approve (the attempt counts) or reject (it stays out) a flagged attempt, until the contest is settled. The
     * member's best and their union's figures follow in the same transaction; audited.
     */
    async reviewFlag(accountId: string, attemptId: string, decision: 'approve' | 'reject'): Promise<FlaggedAttempt> {
      const scope = await deps.scopeFor(accountId, LEARNING_ROLES);
      const found = await repo.findContestAttempt(db, attemptId);
      const contest = found && found.flag !== null ? await repo.findContest(db, found.contestId) : undefined;
      if (!found || !contest || !covers(scope, contest.test.orgPath)) throw learningErrors.flagNotFound();
      const flag = decision === 'approve' ? 'approved' : 'rejected';
      await db.transaction(async (tx) => {
        if ((await repo.lockContest(tx, found.contestId))?.settledAt) throw learningErrors.contestSettled();
        await repo.reviewFlag(tx, attemptId, flag, accountId, now());
        await deps.audit.record(tx, {
          actorAccountId: accountId,
          action: 'learning.contest_flag_review',
          targetType: 'test_attempt',
          targetId: attemptId,
          orgId: contest.test.orgId,
          detail: { contestId: found.contestId, decision: flag, score: found.score, takenMs: found.takenMs, minMs: found.minMs },
        });
      });
      return flaggedDto((await repo.flaggedAttempts(db, found.contestId)).find((a) => a.attempt_id === attemptId)!);
    },

    /**
     * Settles a closed contest: the first `prizePlaces` of the ranking (flagged attempts out) are frozen and each is
     * paid the `contest_place` rule's points, once. One guarded update marks it settled, so of parallel settles one
     * pays and the others answer with what it paid; the ledger's (rule, source, member) key is the backstop. Refused
     * while a flagged attempt waits for review. Voucher prizes are granted after the commit, and a later settle grants
     * any that failed (each once per member by its key).
     */
    async settle(accountId: string, id: string): Promise<Settlement> {
      const { contest } = await contestInScope(accountId, id);
      const at = now();
      if (!contest.contest.settledAt && at.getTime() < contest.test.closesAt.getTime() + SUBMIT_GRACE_MS) throw learningErrors.contestNotClosed();
      await db.transaction(async (tx) => {
        if (!(await repo.markSettled(tx, id, accountId, at))) return; // settled already, or by a parallel settle
        // After the contest's row is locked by the update: a review cannot slip in between this count and the commit.
        if ((await repo.pendingFlags(tx, [id]))[0]?.n) throw learningErrors.flagsPending();
        const won = await repo.winners(tx, id, contest.contest.prizePlaces);
        const prizes = [];
        for (const [i, w] of won.entries()) {
          const label = `${contest.test.title} 第${i + 1}名`;
          const paid = await awardPoints(tx, { accountId: w.accountId, rule: 'contest_place', sourceType: 'contest', sourceId: id, label }, at);
          prizes.push({ contestId: id, place: i + 1, accountId: w.accountId, orgId: w.orgId, score: w.score!, takenMs: w.ms!, pointsPaid: paid });
        }
        await repo.insertPrizes(tx, prizes);
        await deps.audit.record(tx, {
          actorAccountId: accountId,
          action: 'learning.contest_settle',
          targetType: 'contest',
          targetId: id,
          orgId: contest.test.orgId,
          detail: { places: prizes.length, points: prizes.reduce((n, p) => n + p.pointsPaid, 0) },
        });
      });
      const campaignId = contest.contest.prizeCampaignId;
      if (campaignId && deps.vouchers) {
        for (const p of await repo.prizesOf(db, id)) {
          if (p.voucher_claim_id) continue;
          const granted = await deps.vouchers.grant(campaignId, p.account_id, `contest:${id}`);
          await repo.setPrizeVoucher(db, id, p.place, 'claimId' in granted ? granted.claimId : null, 'refused' in granted ? granted.refused : null);
        }
      }
      cached.forget(id);
      const settled = (await repo.findContest(db, id))!;
      return settlementOf(id, settled.contest.settledAt!);
    },
  };
}
