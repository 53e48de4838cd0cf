import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { campaignState } from '@union/shared';
import { listCampaigns } from '../../../api/benefits';
import ActionButton from '../../../components/ActionButton';
import FooterBar from '../../../components/FooterBar';
import { pageGate } from '../../../components/PageGate';
import Screen from '../../../components/Screen';
import { EmptyState, RequestStatus } from '../../../components/StateView';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { useVisibleInterval } from '../../../hooks/use-visible-interval';
import { formatDate } from '../../../lib/dates';
import { STAFF_CAMPAIGN_NEW_PAGE, STAFF_CAMPAIGN_PAGE, STAFF_CAMPAIGNS_PAGE, openPage } from '../../../lib/navigation';
import { CAMPAIGN_KIND_LABELS, CAMPAIGN_PERIOD_LABELS, DrainBar } from '../campaign-parts';
import '../campaign-parts.scss';
import './index.scss';

/** The campaigns of my unions, each with what is left; tap one to watch it drain, or create a new one. */
export default function CampaignsPage() {
  const list = useAuthedRequest(listCampaigns, STAFF_CAMPAIGNS_PAGE);
  usePullDownRefresh(() => {
    void list.run({ silent: true }).finally(() => Taro.stopPullDownRefresh());
  });
  // The figures move while a campaign drains: refresh quietly while the list is on screen.
  useVisibleInterval(() => void list.run({ silent: true }), 10_000, list.signedIn && list.state.status === 'success');

  const gate = pageGate({
    signedIn: list.signedIn,
    signedOut: { title: '登录后管理福利活动', description: '使用工会管理员或运营人员的手机号登录。', returnTo: STAFF_CAMPAIGNS_PAGE },
  });
  if (gate) return gate;
  const { state } = list;
  return (
    <Screen withFooter className="campaigns">
      <View className="section">
        <RequestStatus
          state={state}
          loadingText="正在加载福利活动…"
          errorTitle={(error) => (error.status === 403 ? '没有管理福利活动的权限' : '福利活动加载失败')}
          onRetry={() => void list.run()}
        />
        {state.status === 'success' && state.data.length === 0 ? (
          <EmptyState title="还没有福利活动" description="点下方「创建福利活动」，设置数量、时间和领取地点。" />
        ) : null}
        {state.status === 'success'
          ? state.data.map((c) => (
              <View
                key={c.id}
                className="card campaign-item"
                hoverClass="campaign-item--pressed"
                ariaRole="button"
                onClick={() => openPage(`${STAFF_CAMPAIGN_PAGE}?id=${c.id}`)}
              >
                <View className="campaign-item__head">
                  <View className="campaign-item__title">{c.title}</View>
                  {campaignState(c) === 'ended' ? <View className="tag campaign-item__ended">已结束</View> : null}
                  <View className="campaign-item__go">›</View>
                </View>
                <View className="campaign-item__meta muted">
                  {CAMPAIGN_KIND_LABELS[c.kind]} · 每人{CAMPAIGN_PERIOD_LABELS[c.period]} · {c.orgName}
                </View>
                <View className="campaign-item__meta muted">
                  {formatDate(c.startsAt)} 至 {formatDate(c.endsAt)}
                </View>
                <DrainBar campaign={c} />
              </View>
            ))
          : null}
      </View>
      <FooterBar>
        <ActionButton onClick={() => openPage(STAFF_CAMPAIGN_NEW_PAGE)}>创建福利活动</ActionButton>
      </FooterBar>
    </Screen>
  );
}
