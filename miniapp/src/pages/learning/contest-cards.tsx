import { View } from '@tarojs/components';
import type { Contest } from '@union/shared';
import { formatDateTime } from '../../lib/dates';
import { LEARNING_CONTEST_PAGE, openPage } from '../../lib/navigation';

/** Where the member stands with a contest: what the card's tag says. */
export function contestState(c: Contest, now = Date.now()): { text: string; tone: string } {
  const mine = c.mine;
  if (mine?.openAttemptId) return { text: '答题中', tone: 'tag--primary' };
  if (now < Date.parse(c.opensAt)) return { text: `${formatDateTime(c.opensAt)} 开始`, tone: '' };
  if (now >= Date.parse(c.closesAt)) return { text: mine?.rank ? `已结束 · 第${mine.rank}名` : '已结束', tone: mine?.rank ? 'tag--success' : '' };
  if (mine && mine.triesLeftToday <= 0) return { text: '今天次数已用完', tone: 'tag--warn' };
  return { text: `今天还可答${mine?.triesLeftToday ?? c.triesPerDay}次`, tone: 'tag--primary' };
}

/** The prize line: places paid in points, and the voucher when there is one. */
export function prizeText(c: Contest): string {
  if (c.prizePlaces === 0) return '不设奖励';
  return `前${c.prizePlaces}名各得${c.prizePoints}积分${c.prizeVoucher ? `和“${c.prizeVoucher}”` : ''}`;
}

/** 知识竞赛 on 学习: each contest with the member's tries left today and their own best (nobody else's). */
export default function ContestCards({ contests }: { contests: Contest[] }) {
  return (
    <>
      {contests.map((c) => {
        const s = contestState(c);
        return (
          <View
            key={c.id}
            className="card learning-test learning-contest"
            hoverClass="learning-test--pressed"
            ariaRole="button"
            ariaLabel={c.title}
            onClick={() => openPage(`${LEARNING_CONTEST_PAGE}?id=${c.id}`)}
          >
            <View className="learning-test__head">
              <View className="learning-test__title">{c.title}</View>
              <View className={`tag ${s.tone}`}>{s.text}</View>
            </View>
            <View className="learning-test__meta muted">
              {c.questionCount}题 · {c.timeLimitMinutes}分钟 · 每天{c.triesPerDay}次 · {prizeText(c)}
            </View>
            <View className="learning-test__meta muted">
              {c.orgName} · {formatDateTime(c.closesAt)} 截止
            </View>
            {c.mine?.bestScore !== null && c.mine?.bestScore !== undefined ? (
              <View className="learning-contest__best">
                我的最好成绩 {c.mine.bestScore}分 · 用时{c.mine.bestSeconds}秒
              </View>
            ) : null}
          </View>
        );
      })}
    </>
  );
}
