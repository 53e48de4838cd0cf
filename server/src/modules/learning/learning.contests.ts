import type { Attempt, Contest, ContestMine, ContestRanking, UnitRanking } from '@union/shared';
import { covers } from '../../lib/scope';
import { CLOSED_VISIBLE_MS, SUBMIT_GRACE_MS, type LearningServiceDeps } from './learning.common';
import * as repo from './learning.contests.repository';
import { createRankingReader, secondsOf } from './learning.contests.ranking';
import { contestDto, createContestCache, dayStart, placePoints } from './learning.contests.common';
import { createContestsStaff, type PrizeVouchers } from './learning.contests.staff';
import { learningErrors } from './learning.errors';
import type { LearningService } from './learning.service';

export interface ContestsDeps extends LearningServiceDeps {
  /** Starts or resumes an attempt of the contest's test (the learning service's, called `via` the contest). */
  learning: Pick<LearningService, 'start'>;
  /** Voucher prizes through the benefits module's campaigns; without it a contest pays points only. */
  vouchers?: PrizeVouchers;
}

/**
 * Contests for members: the list with their tries left today and their own best, starting an attempt (tries per
 * Beijing day), and the rankings once the window has closed. Staff use cases are in learning.contests.staff.ts.
 */
export function createContests(deps: ContestsDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const ranking = createRankingReader(db);
  const cached = createContestCache(db);

  async function standingOf(accountId: string) {
    const standing = await deps.memberStanding(db, accountId);
    if (!standing) throw learningErrors.notMember();
    return standing;
  }

  /** The contest, if the member's union lies in its audience; otherwise it does not exist for them. */
  async function contestForMember(accountId: string, id: string, cache = false) {
    const standing = await standingOf(accountId);
    const found = cache ? await cached.get(id) : await repo.findContest(db, id);
    if (!found || !covers({ accountId, paths: [found.test.orgPath] }, standing.orgPath)) throw learningErrors.contestNotFound();
    return found;
  }

  async function voucherTitle(c: repo.ContestWithTest) {
    return c.contest.prizeCampaignId && deps.vouchers ? ((await deps.vouchers.find(c.contest.prizeCampaignId))?.title ?? null) : null;
  }

  async function mineOf(accountId: string, c: repo.ContestWithTest, entry: repo.EntryRow | undefined): Promise<ContestMine> {
    const at = now();
    const { tries, open, lastGradedId } = await repo.triesSince(db, c.test.id, accountId, dayStart(at));
    const closed = at >= c.test.closesAt;
    const live = open && at.getTime() <= open.deadlineAt.getTime() + SUBMIT_GRACE_MS ? open.id : null;
    return {
      triesToday: tries,
      triesLeftToday: closed || at < c.test.opensAt ? 0 : Math.max(0, c.contest.triesPerDay - tries),
      attempts: entry?.attempts ?? 0,
      bestScore: entry?.bestScore ?? null,
      bestSeconds: entry?.bestMs === null || entry?.bestMs === undefined ? null : secondsOf(entry.bestMs),
      pendingReview: entry?.pending ?? 0,
      openAttemptId: live,
      lastAttemptId: lastGradedId,
      rank: closed && entry?.rankKey !== null && entry?.rankKey !== undefined ? await repo.rankOf(db, c.test.id, entry.rankKey) : null,
    };
  }

  async function memberDto(accountId: string, c: repo.ContestWithTest, entry: repo.EntryRow | undefined, points: number): Promise<Contest> {
    return contestDto(c, points, await voucherTitle(c), { mine: await mineOf(accountId, c, entry) });
  }

  /** Rankings open to members when the window closes: until then each sees only their own total. */
  function closedOrRefuse(c: repo.ContestWithTest) {
    if (now() < c.test.closesAt) throw learningErrors.rankingAfterClose();
  }

  return {
    ...createContestsStaff({ ...deps, ranking, cached }),

    async listForMember(accountId: string): Promise<Contest[]> {
      const standing = await standingOf(accountId);
      const found = await repo.listContestsForMember(db, standing.orgPath, new Date(now().getTime() - CLOSED_VISIBLE_MS));
      const entries = new Map(
        (
          await repo.entriesOf(
            db,
            accountId,
            found.map((c) => c.test.id),
          )
        ).map((e) => [e.contestId, e]),
      );
      const points = await placePoints(db);
      return Promise.all(found.map((c) => memberDto(accountId, c, entries.get(c.test.id), points)));
    },

    async contest(accountId: string, id: string): Promise<Contest> {
      const c = await contestForMember(accountId, id);
      const [entry] = await repo.entriesOf(db, accountId, [id]);
      return memberDto(accountId, c, entry, await placePoints(db));
    },

    /**
     * Starts an attempt (or resumes the open one): a new one only inside the window and while the member has tries
     * left today. Resuming the open attempt never counts as a try.
     */
    async start(accountId: string, id: string): Promise<Attempt> {
      const c = await contestForMember(accountId, id);
      const at = now();
      const { tries, open } = await repo.triesSince(db, id, accountId, dayStart(at));
      const resumable = open !== null && at.getTime() <= open.deadlineAt.getTime() + SUBMIT_GRACE_MS;
      if (!resumable) {
        if (at < c.test.opensAt || at >= c.test.closesAt) throw learningErrors.notOpen();
        if (tries >= c.contest.triesPerDay) throw learningErrors.noTriesToday();
      }
      return deps.learning.start(accountId, id, 'contest');
    },

    async ranking(accountId: string, id: string, limit: number): Promise<ContestRanking> {
      const c = await contestForMember(accountId, id, true);
      closedOrRefuse(c);
      return ranking.byPerson(id, limit, accountId);
    },

    async units(accountId: string, id: string): Promise<UnitRanking> {
      const c = await contestForMember(accountId, id, true);
      closedOrRefuse(c);
      return ranking.byUnit(id, { id: c.test.orgId, path: c.test.orgPath });
    },
  };
}

export type ContestsService = ReturnType<typeof createContests>;
