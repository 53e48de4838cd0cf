import { useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Video, View } from '@tarojs/components';
import { MIN_READ_SECONDS, type Lesson } from '@union/shared';
import { toApiError } from '../../api/errors';
import { completeLesson, lessonHeartbeat, openLesson } from '../../api/learning';
import ActionButton from '../../components/ActionButton';
import FooterBar from '../../components/FooterBar';
import { pageGate } from '../../components/PageGate';
import Screen from '../../components/Screen';
import { RequestStatus } from '../../components/StateView';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { LEARNING_LESSON_PAGE, LEARNING_TEST_PAGE, openPage } from '../../lib/navigation';
import { openExternalLink } from '../../lib/external-link';
import './learning.scss';

/** How often a playing video tells the server where it is. */
const BEAT_MS = 10_000;

/** The player's position goes to the server every 10 s while it plays, and when it pauses or ends. */
function LessonVideo({
  lesson,
  onProgress,
}: {
  lesson: Lesson;
  onProgress: (p: { watchedPercent: number; completed: boolean; pointsEarned: number }) => void;
}) {
  const position = useRef(0);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  const send = () =>
    void lessonHeartbeat(lesson.id, position.current)
      .then(onProgress)
      .catch(() => undefined);
  const stop = () => {
    if (timer.current) clearInterval(timer.current);
    timer.current = null;
  };
  useEffect(() => stop, []);
  return (
    <Video
      className="learning-lesson__video"
      src={lesson.url ?? ''}
      onTimeUpdate={(e) => {
        position.current = e.detail.currentTime;
      }}
      onPlay={() => {
        send();
        stop();
        timer.current = setInterval(send, BEAT_MS);
      }}
      onPause={() => {
        stop();
        send();
      }}
      onEnded={() => {
        stop();
        send();
      }}
    />
  );
}

/** One lesson: read (text), open (PDF) or watch (video, counted by the server), then 学完 and the lesson's test. */
export default function LessonPage() {
  const id = useRouter().params.id ?? '';
  const data = useAuthedRequest(() => openLesson(id), `${LEARNING_LESSON_PAGE}?id=${id}`);
  const [progress, setProgress] = useState<{ watchedPercent: number; completed: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const lesson = data.state.status === 'success' ? data.state.data : null;
  const done = progress?.completed ?? lesson?.completed ?? false;

  function onProgress(p: { watchedPercent: number; completed: boolean; pointsEarned: number }) {
    setProgress(p);
    if (p.pointsEarned > 0) void Taro.showToast({ title: `已学完 +${p.pointsEarned} 积分`, icon: 'none' });
  }

  async function complete() {
    setBusy(true);
    try {
      onProgress(await completeLesson(id));
    } catch (error) {
      void Taro.showToast({ title: toApiError(error).message, icon: 'none' });
    } finally {
      setBusy(false);
    }
  }

  const gate = pageGate({
    signedIn: data.signedIn,
    signedOut: { title: '登录后学习课时', description: '会员可学习工会课程并积累积分。', returnTo: `${LEARNING_LESSON_PAGE}?id=${id}` },
  });
  if (gate) return gate;
  return (
    <Screen withFooter className="learning">
      <View className="section">
        <RequestStatus state={data.state} loadingText="正在加载课时…" errorTitle="课时加载失败" onRetry={() => void data.run()} />
      </View>
      {lesson ? (
        <>
          <View className="section">
            <View className="card">
              <View className="learning-test__title">{lesson.title}</View>
              {lesson.kind === 'text' ? <View className="learning-lesson__body">{lesson.body}</View> : null}
              {lesson.kind === 'video' ? (
                <>
                  <LessonVideo lesson={lesson} onProgress={onProgress} />
                  <View className="learning-test__meta muted">
                    已看 {progress?.watchedPercent ?? lesson.watchedPercent}% · 看满90%即学完（拖动进度条跳过的部分不计）
                  </View>
                </>
              ) : null}
              {lesson.kind === 'pdf' ? (
                <ActionButton variant="secondary" onClick={() => openExternalLink(lesson.url ?? '', '资料链接')}>
                  {process.env.TARO_ENV === 'h5' ? '打开资料' : '复制资料链接'}
                </ActionButton>
              ) : null}
            </View>
          </View>
          {lesson.quizTestId ? (
            <View className="section">
              <ActionButton variant="text" onClick={() => openPage(`${LEARNING_TEST_PAGE}?id=${lesson.quizTestId}`)}>
                课后测试 ›
              </ActionButton>
            </View>
          ) : null}
          <FooterBar>
            {done ? (
              <View className="learning-lesson__done" ariaRole="status">
                已学完
              </View>
            ) : lesson.kind === 'video' ? (
              <View className="learning-lesson__done muted">看满90%自动记为学完</View>
            ) : (
              <ActionButton loading={busy} onClick={() => void complete()}>
                学完了
              </ActionButton>
            )}
          </FooterBar>
          <View className="section muted learning-lesson__hint">阅读{MIN_READ_SECONDS}秒以上才能记为学完。</View>
        </>
      ) : null}
    </Screen>
  );
}
