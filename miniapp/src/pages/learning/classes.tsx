import { useEffect } from 'react';
import { useDidShow } from '@tarojs/taro';
import { View } from '@tarojs/components';
import type { Class } from '@union/shared';
import { listClasses } from '../../api/classes';
import { EmptyState, RequestStatus } from '../../components/StateView';
import { useRequest } from '../../hooks/use-request';
import { formatDateTime } from '../../lib/dates';
import { SERVICE_DETAIL_PAGE, openPage } from '../../lib/navigation';

function ClassCard({ c }: { c: Class }) {
  return (
    <View
      className="card learning-test"
      hoverClass="learning-test--pressed"
      ariaRole="button"
      ariaLabel={c.title}
      onClick={() => openPage(`${SERVICE_DETAIL_PAGE}?id=${c.serviceId}`)}
    >
      <View className="learning-test__head">
        <View className="learning-test__title">{c.title}</View>
        {c.liveUrl ? <View className="tag tag--primary">有直播</View> : null}
      </View>
      <View className="learning-test__meta muted">
        {c.nextSlotAt ? `下次 ${formatDateTime(c.nextSlotAt)}` : '暂无新的场次'} · 到场签到得{c.points}积分
      </View>
      <View className="learning-test__meta muted">{c.address}</View>
      {c.lesson ? <View className="learning-test__meta muted">本课：{c.lesson.title}</View> : null}
    </View>
  );
}

/**
 * 课堂 in 学习: classes at a place and time (夜校, 云课堂) the member may book. Each opens the service's page, where it is
 * booked like any service and its live link opens; checking in at the door earns the class's points. Loads when the
 * member's learning has, and again (keeping what is shown) whenever the page shows.
 */
export default function ClassesSection() {
  const { state, run } = useRequest(listClasses, { initial: 'loading' });
  useEffect(() => {
    void run();
  }, [run]);
  useDidShow(() => void run({ silent: true }));
  return (
    <View className="section">
      <View className="section__title">课堂</View>
      {state.status === 'success' ? (
        state.data.length === 0 ? (
          <EmptyState title="暂时没有课堂" description="所在工会开办夜校、云课堂后会出现在这里。" />
        ) : (
          state.data.map((c) => <ClassCard key={c.serviceId} c={c} />)
        )
      ) : (
        <RequestStatus state={state} loadingText="正在加载课堂…" errorTitle="课堂加载失败" onRetry={() => void run()} />
      )}
    </View>
  );
}
