import { maskName, type ContestRanking, type RankingRow, type UnitRanking, type UnitRow } from '@union/shared';
import type { Database } from '../../db/client';
import { isWithin } from '../../lib/scope';
import * as repo from './learning.contests.repository';
import { learningErrors } from './learning.errors';

/** How long the member counts per union (participation's denominators) are reused: they move slowly. */
export const MEMBER_COUNTS_TTL_MS = 60_000;

export const secondsOf = (ms: number) => Math.round(ms / 100) / 10;

/** The rows of the ranking index as places: equal keys (same score, same millisecond) share a place. */
export function placesOf(top: repo.RankedRow[], firstRank = 1): RankingRow[] {
  let rank = firstRank;
  return top.map((r, i) => {
    if (i > 0 && String(r.rank_key) !== String(top[i - 1]!.rank_key)) rank = firstRank + i;
    return { rank, name: maskName(r.name ?? '会员'), orgName: r.org_name, score: r.score, seconds: secondsOf(r.ms) };
  });
}

type UnitFigureRow = Awaited<ReturnType<typeof repo.unitFigures>>[number];

/**
 * The ranking by unit under the union `under`: each open union right below it, with the figures of its whole subtree,
 * and `under` itself for its own members (本级) when it has any. Ranked by participation rate, then average score.
 */
export function unitRows(under: UnitFigureRow, tree: UnitFigureRow[], members: Map<string, number>): UnitRow[] {
  const children = tree.filter((o) => o.parent_id === under.id && !o.closed);
  const unit = (org: UnitFigureRow, own: boolean) => {
    const inside = tree.filter((o) => (own ? o.path === org.path : isWithin(o.path, org.path)));
    const participants = inside.reduce((n, o) => n + o.participants, 0);
    const ranked = inside.reduce((n, o) => n + o.ranked, 0);
    const scoreSum = inside.reduce((n, o) => n + Number(o.score_sum), 0);
    const memberCount = inside.reduce((n, o) => n + (members.get(o.id) ?? 0), 0);
    return {
      orgId: org.id,
      orgName: own && children.length > 0 ? `${org.name}（本级）` : org.name,
      own,
      participants,
      members: memberCount,
      // Someone counted here may have left since: a rate never shows above 100 %.
      ratePermille: memberCount > 0 ? Math.min(1000, Math.round((1000 * participants) / memberCount)) : null,
      averageScore: ranked > 0 ? Math.round((10 * scoreSum) / ranked) / 10 : null,
    };
  };
  const units = children.map((c) => unit(c, false));
  const own = unit(under, true);
  if (children.length === 0 || own.members > 0 || own.participants > 0) units.push(own);
  units.sort(
    (a, b) => (b.ratePermille ?? -1) - (a.ratePermille ?? -1) || (b.averageScore ?? -1) - (a.averageScore ?? -1) || a.orgName.localeCompare(b.orgName, 'zh'),
  );
  let rank = 1;
  return units.map((u, i) => {
    const prev = units[i - 1];
    if (prev && (prev.ratePermille !== u.ratePermille || prev.averageScore !== u.averageScore)) rank = i + 1;
    return { rank, ...u };
  });
}

/** Reads of the ranking: by person from the best-score table, by unit from the per-union figures. */
export function createRankingReader(db: Database) {
  let counts: { until: number; map: Promise<Map<string, number>> } | null = null;

  function memberCounts(): Promise<Map<string, number>> {
    if (!counts || counts.until < Date.now()) {
      const map = repo.memberCountsByOrg(db);
      counts = { until: Date.now() + MEMBER_COUNTS_TTL_MS, map };
      // A failed read is not kept: the next request asks again.
      map.catch(() => (counts = null));
    }
    return counts.map;
  }

  return {
    async byPerson(contestId: string, limit: number, accountId?: string): Promise<ContestRanking> {
      const found = await repo.ranking(db, contestId, limit, accountId ?? null);
      return { contestId, ranked: found.ranked, top: placesOf(found.rows), mine: found.mine ? placesOf([found.mine], found.mine.rank)[0]! : null };
    },

    async byUnit(contestId: string, under: { id: string; path: string }): Promise<UnitRanking> {
      const [tree, members] = await Promise.all([repo.unitFigures(db, contestId, under.path), memberCounts()]);
      const top = tree.find((o) => o.id === under.id);
      if (!top) throw learningErrors.orgNotFound();
      return {
        contestId,
        under: { id: top.id, name: top.name },
        participants: tree.reduce((n, o) => n + o.participants, 0),
        members: tree.reduce((n, o) => n + (members.get(o.id) ?? 0), 0),
        items: unitRows(top, tree, members),
      };
    },
  };
}

export type RankingReader = ReturnType<typeof createRankingReader>;
