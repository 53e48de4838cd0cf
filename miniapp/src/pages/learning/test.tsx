import { useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { QUESTION_KIND_LABELS, type Attempt, type AttemptResult, type AttemptReview, type Test } from '@union/shared';
import { toApiError } from '../../api/errors';
import { attemptReview, listTests, startAttempt, submitAttempt } from '../../api/learning';
import ActionButton from '../../components/ActionButton';
import FooterBar from '../../components/FooterBar';
import { pageGate } from '../../components/PageGate';
import Screen from '../../components/Screen';
import { LoadingState, RequestStatus } from '../../components/StateView';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { formatDateTime } from '../../lib/dates';
import { LEARNING_CERTIFICATES_PAGE, LEARNING_TEST_PAGE, openPage } from '../../lib/navigation';
import { Question, ReviewList } from './questions';
import { useCountdown } from './use-countdown';
import './learning.scss';

type Phase =
  { kind: 'intro' } | { kind: 'answering'; attempt: Attempt } | { kind: 'result'; result: AttemptResult } | { kind: 'review'; review: AttemptReview };

async function findTest(id: string): Promise<Test> {
  const test = (await listTests()).find((t) => t.id === id);
  if (!test) throw new Error('未找到该测试，可能已结束');
  return test;
}

function Intro({ test, busy, onStart }: { test: Test; busy: boolean; onStart: () => void }) {
  const mine = test.mine;
  const left = test.maxAttempts - (mine?.attempts ?? 0);
  return (
    <>
      <View className="section">
        <View className="card">
          <View className="learning-test__title">{test.title}</View>
          <View className="learning-intro">
            <View>共 {test.questionCount} 题，每次随机抽题</View>
            <View>限时 {test.timeLimitMinutes} 分钟，到时自动交卷</View>
            <View>
              {test.passPercent} 分及格，通过得 {test.points} 积分（每个测试只计一次）
            </View>
            <View>
              可答 {test.maxAttempts} 次，还剩 {Math.max(left, 0)} 次
            </View>
            <View className="muted">
              {test.orgName} · {formatDateTime(test.closesAt)} 截止
            </View>
          </View>
        </View>
      </View>
      <FooterBar>
        <ActionButton loading={busy} loadingText="正在出题…" disabled={!mine?.openAttemptId && left <= 0} onClick={onStart}>
          {mine?.openAttemptId ? '继续答题' : left <= 0 ? '次数已用完' : '开始答题'}
        </ActionButton>
      </FooterBar>
    </>
  );
}

function Result({ result, onReview, busy }: { result: AttemptResult; onReview: () => void; busy: boolean }) {
  const reviewOpen = Date.parse(result.reviewOpensAt) <= Date.now();
  return (
    <>
      <View className="section">
        <View className={`card learning-result ${result.passed ? 'learning-result--passed' : ''}`} ariaRole="status">
          <View className="learning-result__score">{result.score}分</View>
          <View className="learning-result__title">{result.timedOut ? '超时未交卷' : result.passed ? '恭喜通过' : '未通过'}</View>
          <View className="muted">
            答对 {result.correctCount} / {result.questionCount} 题
          </View>
          {result.pointsEarned > 0 ? <View className="learning-result__points">+{result.pointsEarned} 积分</View> : null}
          {result.passed ? <View className="muted">已获得合格证书，可在“我的证书”查看</View> : null}
          {!reviewOpen ? <View className="muted">{formatDateTime(result.reviewOpensAt)} 后可查看答案和解析</View> : null}
        </View>
      </View>
      <FooterBar>
        <ActionButton disabled={!reviewOpen} loading={busy} onClick={onReview}>
          查看答案解析
        </ActionButton>
        {result.passed ? (
          <ActionButton variant="text" onClick={() => openPage(LEARNING_CERTIFICATES_PAGE)}>
            查看证书
          </ActionButton>
        ) : null}
      </FooterBar>
    </>
  );
}

/** One test: its rules, then the attempt with the server's countdown, 交卷, the score, and the review. */
export default function TestPage() {
  const id = useRouter().params.id ?? '';
  const test = useAuthedRequest(() => findTest(id), `${LEARNING_TEST_PAGE}?id=${id}`);
  const [phase, setPhase] = useState<Phase>({ kind: 'intro' });
  const [answers, setAnswers] = useState<number[][]>([]);
  const [busy, setBusy] = useState(false);
  const attempt = phase.kind === 'answering' ? phase.attempt : null;
  const remaining = useCountdown(attempt);
  const submitted = useRef(false);

  async function start() {
    setBusy(true);
    try {
      const a = await startAttempt(id);
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
      setPhase({ kind: 'result', result: await submitAttempt(attempt.id, answers) });
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
    signedIn: test.signedIn,
    signedOut: { title: '登录后参加测试', description: '会员可参加工会的测试，通过可得技能提升积分。', returnTo: `${LEARNING_TEST_PAGE}?id=${id}` },
  });
  if (gate) return gate;
  const { state } = test;
  if (state.status !== 'success')
    return (
      <Screen>
        <View className="section">
          <RequestStatus state={state} loadingText="正在加载测试…" errorTitle="测试加载失败" onRetry={() => void test.run()} />
        </View>
      </Screen>
    );

  return (
    <Screen withFooter className="learning">
      {phase.kind === 'intro' ? <Intro test={state.data} busy={busy} onStart={() => void start()} /> : null}
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
      {phase.kind === 'result' ? <Result result={phase.result} busy={busy} onReview={() => void review(phase.result.attemptId)} /> : null}
      {phase.kind === 'review' ? <ReviewList review={phase.review} /> : null}
    </Screen>
  );
}
