import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { SERVICE_KIND_LABELS } from '@union/shared';
import { listManagedServices } from '../../../api/services-admin';
import ActionButton from '../../../components/ActionButton';
import FooterBar from '../../../components/FooterBar';
import { pageGate } from '../../../components/PageGate';
import Screen from '../../../components/Screen';
import { EmptyState, RequestStatus } from '../../../components/StateView';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { formatDateTime } from '../../../lib/dates';
import { STAFF_SERVICE_EDIT_PAGE, STAFF_SERVICES_PAGE, openPage } from '../../../lib/navigation';
import './index.scss';

/** 服务管理: every service of the unions this admin or operator covers; tap one to edit it and its slots. */
export default function StaffServicesPage() {
  const services = useAuthedRequest(listManagedServices, STAFF_SERVICES_PAGE);
  usePullDownRefresh(() => {
    void services.run({ silent: true }).finally(() => Taro.stopPullDownRefresh());
  });

  const gate = pageGate({
    signedIn: services.signedIn,
    signedOut: { title: '登录后管理服务', description: '使用工会管理员或运营人员的手机号登录。', returnTo: STAFF_SERVICES_PAGE },
  });
  if (gate) return gate;

  const { state } = services;
  return (
    <Screen withFooter className="staff-services">
      <View className="section">
        <RequestStatus
          state={state}
          loadingText="正在加载服务…"
          errorTitle={(error) => (error.status === 403 ? '需要工会管理员或运营权限' : '服务加载失败')}
          onRetry={() => void services.run()}
        />
        {state.status === 'success' && state.data.length === 0 ? (
          <EmptyState title="还没有服务" description="创建法律援助、心理咨询、技能培训等服务，再添加可预约的时段，会员即可在“服务”页预约。" />
        ) : null}
        {state.status === 'success'
          ? state.data.map((service) => (
              <View
                key={service.id}
                className="card staff-service"
                hoverClass="staff-service--pressed"
                ariaRole="button"
                onClick={() => openPage(`${STAFF_SERVICE_EDIT_PAGE}?id=${encodeURIComponent(service.id)}`)}
              >
                <View className="staff-service__head">
                  <View className="staff-service__title">{service.title}</View>
                  {service.active ? <View className="tag tag--info">{SERVICE_KIND_LABELS[service.kind]}</View> : <View className="tag tag--warn">已下架</View>}
                </View>
                <View className="staff-service__meta muted">
                  {service.orgName} · {service.place.address}
                </View>
                <View className="staff-service__foot">
                  <View className="staff-service__next">{service.nextSlotAt ? `下一时段 ${formatDateTime(service.nextSlotAt)}` : '暂无可预约时段'}</View>
                  <View className="staff-service__go">编辑 ›</View>
                </View>
              </View>
            ))
          : null}
      </View>
      <FooterBar>
        <ActionButton onClick={() => openPage(STAFF_SERVICE_EDIT_PAGE)}>新建服务</ActionButton>
      </FooterBar>
    </Screen>
  );
}
