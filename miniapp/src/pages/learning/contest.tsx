import { useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { QUESTION_KIND_LABELS, type Attempt, type AttemptResult, type AttemptReview, type Contest } from '@union/shared';
import { toApiError } from '../../api/errors';
import { attemptReview, submitAttempt } from '../../api/learning';
import { getContest, startContestAttempt } from '../../api/learning-contests';
import ActionButton from '../../components/ActionButton';
import FooterBar from '../../components/FooterBar';
import { pageGate } from '../../components/PageGate';
import Screen from '../../components/Screen';
import { LoadingState, RequestStatus } from '../../components/StateView';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { formatDateTime } from '../../lib/dates';
import { LEARNING_CONTEST_PAGE } from '../../lib/navigation';
import { prizeText } from './contest-cards';
import ContestRankingView from './contest-ranking';
import { Question, ReviewList } from './questions';
import { useCountdown } from './use-countdown';
import './learning.scss';

type Phase =
  | { kind: 'intro' }
  | { kind: 'answering'; attempt: Attempt }
  | { kind: 'result'; result: AttemptResult; seconds: number }
  | { kind: 'review'; review: AttemptReview };

function Intro({ contest }: { contest: Contest }) {
  const mine = contest.mine;
  const closed = Date.now() >= Date.parse(contest.closesAt);
  return (
    <>
      <View className="section">
        <View className="card">
          <View className="learning-test__title">{contest.title}</View>
          <View className="learning-intro">
            <View>
              共 {contest.questionCount} 题，每次随机抽题，限时 {contest.timeLimitMinutes} 分钟
            </View>
            <View>每天可答 {contest.triesPerDay} 次，取最好成绩；同分用时短者在前</View>
            <View>奖励：{prizeText(contest)}</View>
            <View>竞赛期间只显示自己的成绩，结束后公布排名和答案</View>
            <View className="muted">
              {contest.orgName} · {formatDateTime(contest.opensAt)} 至 {formatDateTime(contest.closesAt)}
            </View>
          </View>
        </View>
      </View>
      {mine ? (
        <View className="section">
          <View className="card learning-contest__mine" ariaRole="status">
            <View className="muted">我的成绩</View>
            <View className="learning-contest__total">
              {mine.bestScore !== null ? `${mine.bestScore}分` : closed && mine.attempts === 0 ? '未参加' : '暂无'}
            </View>
            {mine.bestSeconds !== null ? (
              <View className="muted">
                用时 {mine.bestSeconds} 秒 · 已答 {mine.attempts} 次
              </View>
            ) : null}
            {closed ? null : (
              <View className="muted">
                今天已答 {mine.triesToday} 次，还可答 {mine.triesLeftToday} 次
              </View>
            )}
            {mine.pendingReview > 0 ? <View className="learning-contest__flag">有 {mine.pendingReview} 次答题用时过短，工会审核认可后才计入成绩。</View> : null}
          </View>
        </View>
      ) : null}
    </>
  );
}

/** A contest: its rules and the member's own best; a try against the server's clock; the ranking once it has closed. */
export default function ContestPage() {
  const id = useRouter().params.id ?? '';
  const route = `${LEARNING_CONTEST_PAGE}?id=${id}`;
  const data = useAuthedRequest(() => getContest(id), route);
  const [phase, setPhase] = useState<Phase>({ kind: 'intro' });
  const [answers, setAnswers] = useState<number[][]>([]);
  const [busy, setBusy] = useState(false);
  const attempt = phase.kind === 'answering' ? phase.attempt : null;
  const remaining = useCountdown(attempt);
  const submitted = useRef(false);

  async function start() {
    setBusy(true);
    try {
      const a = await startContestAttempt(id);
      setAnswers(a.questions.map(() => []));
      submitted.current = false;
      setPhase({ kind: 'answering', attempt: a });
    } catch (error) {
      void Taro.showToast({ title: toApiError(error).message, icon: 'none' });
    } finally {
      setBusy(false);
    }
  }

  async function submit(auto = false) {
    if (!attempt || submitted.current) return;
    const unanswered = answers.filter((a) => a.length === 0).length;
    if (!auto && unanswered > 0) {
      const { confirm } = await Taro.showModal({
        title: '确定交卷？',
        content: `还有 ${unanswered} 题没有作答。`,
        confirmText: '交卷',
        cancelText: '继续答题',
      });
      if (!confirm) return;
    }
    submitted.current = true;
    setBusy(true);
    try {
      const result = await submitAttempt(attempt.id, answers);
      const seconds = Math.round((Date.parse(result.gradedAt) - Date.parse(attempt.startedAt)) / 100) / 10;
      setPhase({ kind: 'result', result, seconds });
      void data.run({ silent: true });
    } catch (error) {
      // Safe to send again: the server grades an attempt once.
      submitted.current = false;
      void Taro.showToast({ title: toApiError(error).message, icon: 'none' });
    } finally {
      setBusy(false);
    }
  }

  // Time is up on the server's clock: hand in what is marked.
  useEffect(() => {
    if (remaining === 0) void submit(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the countdown reaches zero
  }, [remaining]);

  async function review(attemptId: string) {
    setBusy(true);
    try {
      setPhase({ kind: 'review', review: await attemptReview(attemptId) });
    } catch (error) {
      void Taro.showToast({ title: toApiError(error).message, icon: 'none' });
    } finally {
      setBusy(false);
    }
  }

  const gate = pageGate({
    signedIn: data.signedIn,
    signedOut: { title: '登录后参加知识竞赛', description: '会员可参加工会的知识竞赛，名次可得积分奖励。', returnTo: route },
  });
  if (gate) return gate;
  const { state } = data;
  if (state.status !== 'success' && phase.kind === 'intro')
    return (
      <Screen>
        <View className="section">
          <RequestStatus state={state} loadingText="正在加载竞赛…" errorTitle="竞赛加载失败" onRetry={() => void data.run()} />
        </View>
      </Screen>
    );
  const contest = state.status === 'success' ? state.data : null;
  const mine = contest?.mine;
  const closed = contest !== null && Date.now() >= Date.parse(contest.closesAt);
  const canStart = Boolean(mine?.openAttemptId) || (!closed && (mine?.triesLeftToday ?? 0) > 0);

  return (
    <Screen withFooter className="learning">
      {phase.kind === 'intro' && contest ? (
        <>
          <Intro contest={contest} />
          {closed ? <ContestRankingView contestId={contest.id} /> : null}
          <FooterBar>
            {closed ? (
              <ActionButton disabled={!mine?.lastAttemptId} loading={busy} onClick={() => mine?.lastAttemptId && void review(mine.lastAttemptId)}>
                {mine?.lastAttemptId ? '查看我的答案解析' : '竞赛已结束'}
              </ActionButton>
            ) : (
              <ActionButton loading={busy} loadingText="正在出题…" disabled={!canStart} onClick={() => void start()}>
                {mine?.openAttemptId ? '继续答题' : canStart ? '开始答题' : Date.now() < Date.parse(contest.opensAt) ? '尚未开始' : '今天次数已用完'}
              </ActionButton>
            )}
          </FooterBar>
        </>
      ) : null}
      {attempt ? (
        <>
          <View className="learning-timer" ariaRole="timer">
            <View>
              已答 {answers.filter((a) => a.length > 0).length}/{attempt.questions.length}
            </View>
            <View className={`learning-timer__left ${remaining !== null && remaining < 60 ? 'learning-timer__left--low' : ''}`}>
              {remaining === null ? '' : `剩余 ${String(Math.floor(remaining / 60)).padStart(2, '0')}:${String(remaining % 60).padStart(2, '0')}`}
            </View>
          </View>
          <View className="section">
            {attempt.questions.map((q, i) => (
              <Question
                key={i}
                index={i}
                question={q}
                chosen={answers[i] ?? []}
                label={QUESTION_KIND_LABELS[q.kind]}
                onChange={(chosen) => setAnswers((prev) => prev.map((a, j) => (j === i ? chosen : a)))}
              />
            ))}
          </View>
          <FooterBar>{busy ? <LoadingState text="正在交卷…" /> : <ActionButton onClick={() => void submit()}>交卷</ActionButton>}</FooterBar>
        </>
      ) : null}
      {phase.kind === 'result' ? (
        <>
          <View className="section">
            <View className="card learning-result" ariaRole="status">
              <View className="learning-result__score">{phase.result.score}分</View>
              <View className="learning-result__title">{phase.result.timedOut ? '超时未交卷' : '已交卷'}</View>
              <View className="muted">
                答对 {phase.result.correctCount} / {phase.result.questionCount} 题 · 用时 {phase.seconds} 秒
              </View>
              {mine ? (
                <View className="learning-contest__best-line">
                  我的最好成绩 {mine.bestScore === null ? '暂无' : `${mine.bestScore}分`}
                  {mine.bestSeconds !== null ? ` · 用时${mine.bestSeconds}秒` : ''}
                </View>
              ) : null}
              {mine && mine.pendingReview > 0 ? <View className="learning-contest__flag">这次答题用时过短，工会审核认可后才计入成绩和排名。</View> : null}
              <View className="muted">{formatDateTime(phase.result.reviewOpensAt)} 竞赛结束后公布排名和答案</View>
            </View>
          </View>
          <FooterBar>
            <ActionButton variant="secondary" onClick={() => setPhase({ kind: 'intro' })}>
              {mine && mine.triesLeftToday > 0 ? `返回（今天还可答${mine.triesLeftToday}次）` : '返回'}
            </ActionButton>
          </FooterBar>
        </>
      ) : null}
      {phase.kind === 'review' ? <ReviewList review={phase.review} /> : null}
    </Screen>
  );
}
