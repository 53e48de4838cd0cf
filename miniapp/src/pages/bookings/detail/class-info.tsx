import { useEffect } from 'react';
import { View } from '@tarojs/components';
import { getClass } from '../../../api/classes';
import ActionButton from '../../../components/ActionButton';
import { useRequest } from '../../../hooks/use-request';
import { openExternalLink } from '../../../lib/external-link';
import { LEARNING_LESSON_PAGE, openPage } from '../../../lib/navigation';

const H5 = process.env.TARO_ENV === 'h5';

/**
 * What a class (a 技能培训 service) adds to its page: the points for checking in, the lesson it teaches and, for a
 * session that is broadcast (云课堂), the live link. Nothing shows while it loads or if it fails: the page still books.
 */
export default function ClassInfo({ serviceId }: { serviceId: string }) {
  const { state, run } = useRequest(() => getClass(serviceId), { initial: 'loading' });
  useEffect(() => {
    void run();
  }, [run]);
  if (state.status !== 'success') return null;
  const c = state.data;
  return (
    <View className="section">
      <View className="card class-info">
        <View className="class-info__title">课堂</View>
        <View className="class-info__line">预约后按时到场，工作人员扫预约码签到，可得 {c.points} 学习积分（每场一次）。</View>
        {c.lesson ? (
          <View
            className="class-info__lesson"
            hoverClass="class-info__lesson--pressed"
            ariaRole="link"
            ariaLabel={`本课：${c.lesson.title}`}
            onClick={() => openPage(`${LEARNING_LESSON_PAGE}?id=${c.lesson!.id}`)}
          >
            <View className="muted">本课 · {c.lesson.courseTitle}</View>
            <View className="class-info__lesson-title">{c.lesson.title} ›</View>
          </View>
        ) : null}
        {c.liveUrl ? (
          <View className="class-info__live">
            <View className="class-info__line muted">这堂课有网上直播，不能到场也可以收看（在线收看不计签到积分）。</View>
            <ActionButton variant="secondary" onClick={() => openExternalLink(c.liveUrl!, '直播链接')}>
              {H5 ? '进入直播' : '复制直播链接'}
            </ActionButton>
          </View>
        ) : null}
      </View>
    </View>
  );
}
