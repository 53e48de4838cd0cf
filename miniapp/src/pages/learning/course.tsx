import { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { LESSON_KIND_LABELS } from '@union/shared';
import { getCourse } from '../../api/learning';
import { pageGate } from '../../components/PageGate';
import Screen from '../../components/Screen';
import { RequestStatus } from '../../components/StateView';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { LEARNING_COURSE_PAGE, LEARNING_LESSON_PAGE, openPage } from '../../lib/navigation';
import './learning.scss';

/** A course: its lessons in order with the member's progress in each. */
export default function CoursePage() {
  const id = useRouter().params.id ?? '';
  const data = useAuthedRequest(() => getCourse(id), `${LEARNING_COURSE_PAGE}?id=${id}`);
  const gate = pageGate({
    signedIn: data.signedIn,
    signedOut: { title: '登录后学习课程', description: '会员可学习工会课程并积累积分。', returnTo: `${LEARNING_COURSE_PAGE}?id=${id}` },
  });
  if (gate) return gate;
  const { state } = data;
  return (
    <Screen className="learning">
      <View className="section">
        <RequestStatus state={state} loadingText="正在加载课程…" errorTitle="课程加载失败" onRetry={() => void data.run()} />
      </View>
      {state.status === 'success' ? (
        <>
          <View className="section">
            <View className="card">
              <View className="learning-test__title">{state.data.title}</View>
              <View className="learning-test__meta muted">
                {state.data.orgName} · 已学 {state.data.completedCount}/{state.data.lessonCount} 课时
              </View>
              {state.data.summary ? <View className="learning-course__summary">{state.data.summary}</View> : null}
            </View>
          </View>
          <View className="section">
            <View className="section__title">课时</View>
            {state.data.lessons.map((l, i) => (
              <View
                key={l.id}
                className="card learning-test"
                hoverClass="learning-test--pressed"
                ariaRole="button"
                ariaLabel={l.title}
                onClick={() => openPage(`${LEARNING_LESSON_PAGE}?id=${l.id}`)}
              >
                <View className="learning-test__head">
                  <View className="learning-test__title">
                    {i + 1}. {l.title}
                  </View>
                  <View className={`tag ${l.completed ? 'tag--success' : ''}`}>
                    {l.completed ? '已学完' : l.kind === 'video' && l.watchedPercent > 0 ? `已看 ${l.watchedPercent}%` : LESSON_KIND_LABELS[l.kind]}
                  </View>
                </View>
              </View>
            ))}
          </View>
        </>
      ) : null}
    </Screen>
  );
}
