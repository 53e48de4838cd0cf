import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { listMyEvents } from '../../../api/events';
import { useLive } from '../../../hooks/use-live';
import ActionButton from '../../../components/ActionButton';
import FooterBar from '../../../components/FooterBar';
import { pageGate } from '../../../components/PageGate';
import Screen from '../../../components/Screen';
import { EmptyState, RequestStatus } from '../../../components/StateView';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { formatClock, formatDateTime } from '../../../lib/dates';
import { STAFF_EVENTS_PAGE, STAFF_EVENT_NEW_PAGE, STAFF_QR_PAGE, openPage } from '../../../lib/navigation';
import { eventPhase } from '../event-phase';
import './index.scss';

export default function StaffEventsPage() {
  const events = useAuthedRequest(listMyEvents, STAFF_EVENTS_PAGE);
  useLive(() => void events.run({ silent: true }), { enabled: events.signedIn });
  usePullDownRefresh(() => {
    void events.run({ silent: true }).finally(() => Taro.stopPullDownRefresh());
  });

  const gate = pageGate({
    signedIn: events.signedIn,
    signedOut: { title: '登录后管理入会活动', description: '使用工会工作人员的手机号登录。', returnTo: STAFF_EVENTS_PAGE },
  });
  if (gate) return gate;

  const { state } = events;
  return (
    <Screen withFooter className="staff-events">
      <View className="section">
        <RequestStatus state={state} loadingText="正在加载入会活动…" errorTitle="入会活动加载失败" onRetry={() => void events.run()} />
        {state.status === 'success' && state.data.length === 0 ? (
          <EmptyState title="还没有入会活动" description="摆摊前创建一个入会活动，现场展示它的二维码，职工扫码即可申请入会。" />
        ) : null}
        {state.status === 'success'
          ? state.data.map((event) => {
              const phase = eventPhase(event);
              return (
                <View
                  key={event.id}
                  className="card staff-event"
                  hoverClass="staff-event--pressed"
                  ariaRole="button"
                  onClick={() => openPage(`${STAFF_QR_PAGE}?code=${encodeURIComponent(event.code)}`)}
                >
                  <View className="staff-event__head">
                    <View className="staff-event__title">{event.title}</View>
                    <View className={`tag ${phase.tone}`}>{phase.label}</View>
                  </View>
                  <View className="staff-event__meta muted">
                    {event.orgName} · {event.place}
                  </View>
                  <View className="staff-event__meta muted">
                    {formatDateTime(event.startsAt)}–{formatClock(event.endsAt)}
                  </View>
                  <View className="staff-event__foot">
                    <View className="staff-event__count">{event.applications ?? 0} 人申请</View>
                    <View className="staff-event__qr">二维码 ›</View>
                  </View>
                </View>
              );
            })
          : null}
      </View>
      <FooterBar>
        <ActionButton onClick={() => openPage(STAFF_EVENT_NEW_PAGE)}>创建入会活动</ActionButton>
      </FooterBar>
    </Screen>
  );
}
