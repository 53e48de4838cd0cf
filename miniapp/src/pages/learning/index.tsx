import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { POINTS_RULE_LABELS, type Contest, type Course, type Points, type Test } from '@union/shared';
import { ApiError } from '../../api/errors';
import { listCourses, listTests, myPoints } from '../../api/learning';
import { listContests } from '../../api/learning-contests';
import ActionButton from '../../components/ActionButton';
import { pageGate } from '../../components/PageGate';
import Screen from '../../components/Screen';
import { EmptyState, RequestStatus } from '../../components/StateView';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { formatDateTime } from '../../lib/dates';
import {
  JOIN_PAGE,
  LEARNING_CERTIFICATES_PAGE,
  LEARNING_COURSE_PAGE,
  LEARNING_MALL_PAGE,
  LEARNING_PAGE,
  LEARNING_TEST_PAGE,
  openPage,
} from '../../lib/navigation';
import ContestCards from './contest-cards';
import ClassesSection from './classes';
import './learning.scss';

type Data = { kind: 'member'; courses: Course[]; tests: Test[]; contests: Contest[]; points: Points } | { kind: 'not_member' };

async function load(): Promise<Data> {
  try {
    const [courses, tests, contests, points] = await Promise.all([listCourses(), listTests(), listContests(), myPoints()]);
    return { kind: 'member', courses, tests, contests, points };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'members.not_member') return { kind: 'not_member' };
    throw error;
  }
}

/** Where the member stands with a test: what the card's tag says. */
function testState(t: Test, now = Date.now()): { text: string; tone: string; open: boolean } {
  const mine = t.mine;
  if (mine?.openAttemptId) return { text: '答题中', tone: 'tag--primary', open: true };
  if (mine?.passed) return { text: `已通过 ${mine.bestScore}分`, tone: 'tag--success', open: false };
  if (now < Date.parse(t.opensAt)) return { text: `${formatDateTime(t.opensAt)} 开始`, tone: '', open: false };
  if (now >= Date.parse(t.closesAt)) return { text: '已结束', tone: '', open: false };
  if (mine && mine.attempts >= t.maxAttempts) return { text: '次数已用完', tone: 'tag--warn', open: false };
  return { text: mine && mine.attempts > 0 ? `最高${mine.bestScore ?? 0}分 · 可再答` : '未参加', tone: 'tag--primary', open: true };
}

function PointsCard({ points }: { points: Points }) {
  return (
    <View className="card points">
      <View className="points__head">
        <View>
          <View className="muted">我的积分</View>
          <View className="points__balance">{points.balance}</View>
        </View>
        <View className="points__today muted">今日获得 {points.today}</View>
      </View>
      <View className="points__hint muted">通过测试、完成课程、到课堂签到可积累技能提升积分，每天有上限。</View>
      <View className="points__links">
        <ActionButton variant="secondary" size="small" onClick={() => openPage(LEARNING_MALL_PAGE)}>
          积分商城
        </ActionButton>
        <ActionButton variant="secondary" size="small" onClick={() => openPage(LEARNING_CERTIFICATES_PAGE)}>
          我的证书
        </ActionButton>
      </View>
    </View>
  );
}

function Courses({ courses }: { courses: Course[] }) {
  if (courses.length === 0) return <EmptyState title="暂时没有课程" description="所在工会发布课程后会出现在这里。" />;
  return (
    <>
      {courses.map((c) => (
        <View
          key={c.id}
          className="card learning-test"
          hoverClass="learning-test--pressed"
          ariaRole="button"
          ariaLabel={c.title}
          onClick={() => openPage(`${LEARNING_COURSE_PAGE}?id=${c.id}`)}
        >
          <View className="learning-test__head">
            <View className="learning-test__title">{c.title}</View>
            {c.completedCount === c.lessonCount ? (
              <View className="tag tag--success">已学完</View>
            ) : c.isNew && c.completedCount === 0 ? (
              <View className="tag tag--primary">新课</View>
            ) : null}
          </View>
          <View className="learning-test__meta muted">
            {c.orgName} · 已学 {c.completedCount}/{c.lessonCount} 课时
          </View>
        </View>
      ))}
    </>
  );
}

function History({ points }: { points: Points }) {
  if (points.items.length === 0) return <EmptyState title="还没有积分记录" description="通过下面的测试即可获得积分。" />;
  return (
    <View className="card link-list">
      {points.items.map((e) => (
        <View key={e.id} className="points-entry">
          <View className="points-entry__what">
            <View>{e.label}</View>
            <View className="muted points-entry__meta">
              {POINTS_RULE_LABELS[e.rule]} · {formatDateTime(e.at)}
            </View>
          </View>
          <View className={`points-entry__delta ${e.delta > 0 ? 'points-entry__delta--plus' : ''}`}>{e.delta > 0 ? `+${e.delta}` : e.delta}</View>
        </View>
      ))}
    </View>
  );
}

/** 学习: the member's tests and points (balance and history). */
export default function LearningPage() {
  const data = useAuthedRequest(load, LEARNING_PAGE);
  const { run, state } = data;
  usePullDownRefresh(() => void run({ silent: true }).finally(() => Taro.stopPullDownRefresh()));
  const gate = pageGate({
    signedIn: data.signedIn,
    signedOut: { title: '登录后参加学习', description: '会员可参加工会的测试，学完积累技能提升积分。', returnTo: LEARNING_PAGE },
  });
  if (gate) return gate;
  return (
    <Screen className="learning">
      <View className="section">
        <RequestStatus state={state} loadingText="正在加载学习内容…" errorTitle="学习内容加载失败" onRetry={() => void run()} />
      </View>
      {state.status === 'success' && state.data.kind === 'not_member' ? (
        <EmptyState
          title="成为会员后即可参加学习"
          description="工会的测试和技能提升积分面向会员。"
          action={
            <ActionButton size="small" block={false} onClick={() => openPage(JOIN_PAGE)}>
              我要入会
            </ActionButton>
          }
        />
      ) : null}
      {state.status === 'success' && state.data.kind === 'member' ? (
        <>
          <View className="section">
            <PointsCard points={state.data.points} />
          </View>
          <View className="section">
            <View className="section__title">课程</View>
            <Courses courses={state.data.courses} />
          </View>
          {state.data.contests.length > 0 ? (
            <View className="section">
              <View className="section__title">知识竞赛</View>
              <ContestCards contests={state.data.contests} />
            </View>
          ) : null}
          <ClassesSection />
          <View className="section">
            <View className="section__title">测试</View>
            {state.data.tests.length === 0 ? (
              <EmptyState title="暂时没有测试" description="所在工会发布测试后会出现在这里，可下拉刷新。" />
            ) : (
              state.data.tests.map((t) => {
                const s = testState(t);
                return (
                  <View
                    key={t.id}
                    className="card learning-test"
                    hoverClass="learning-test--pressed"
                    ariaRole="button"
                    ariaLabel={t.title}
                    onClick={() => openPage(`${LEARNING_TEST_PAGE}?id=${t.id}`)}
                  >
                    <View className="learning-test__head">
                      <View className="learning-test__title">{t.title}</View>
                      <View className={`tag ${s.tone}`}>{s.text}</View>
                    </View>
                    <View className="learning-test__meta muted">
                      {t.questionCount}题 · {t.timeLimitMinutes}分钟 · {t.passPercent}分及格 · 通过得{t.points}积分
                    </View>
                    <View className="learning-test__meta muted">
                      {t.orgName} · {formatDateTime(t.closesAt)} 截止
                    </View>
                  </View>
                );
              })
            )}
          </View>
          <View className="section">
            <View className="section__title">积分明细</View>
            <History points={state.data.points} />
          </View>
        </>
      ) : null}
    </Screen>
  );
}
