import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { listBenefits } from '../../api/benefits';
import ActionButton from '../../components/ActionButton';
import FooterBar from '../../components/FooterBar';
import { pageGate } from '../../components/PageGate';
import Screen from '../../components/Screen';
import { EmptyState, RequestStatus } from '../../components/StateView';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { BENEFITS_MINE_PAGE, BENEFITS_PAGE, LEARNING_MALL_PAGE, openPage } from '../../lib/navigation';
import { placesText } from '../../lib/labels';
import { availability, KIND_LABELS, PERIOD_LABELS, voucherValidityText, windowText } from './labels';
import './benefits.scss';

/** 福利: what members of my union can claim, how much is left (已领完 when gone) and when. */
export default function BenefitsPage() {
  const list = useAuthedRequest(listBenefits, BENEFITS_PAGE);
  usePullDownRefresh(() => {
    void list.run({ silent: true }).finally(() => Taro.stopPullDownRefresh());
  });
  const gate = pageGate({
    signedIn: list.signedIn,
    signedOut: { title: '登录后查看会员福利', description: '入会后可在驿站、活动现场和合作商户扫码领取福利。', returnTo: BENEFITS_PAGE },
  });
  if (gate) return gate;
  const { state } = list;
  const notMember = state.status === 'error' && state.error.code === 'members.not_member';
  return (
    <Screen withFooter>
      <View className="section">
        <View className="section__hint muted">到驿站、活动现场或商户，扫现场的二维码领取。</View>
        <View className="card benefit benefit--link" hoverClass="benefit--pressed" ariaRole="link" onClick={() => openPage(LEARNING_MALL_PAGE)}>
          <View className="benefit__head">
            <View className="benefit__title">积分商城</View>
            <View className="benefit__more">去兑换 ›</View>
          </View>
          <View className="benefit__meta muted">学习得的技能提升积分，可兑换洗车券、餐券等消费券</View>
        </View>
        {notMember ? (
          <EmptyState title="入会后可领取福利" description="您还不是工会会员。入会后即可领取夏送清凉、消费券等会员福利。" />
        ) : (
          <RequestStatus state={state} loadingText="正在加载福利…" errorTitle="福利加载失败" onRetry={() => void list.run()} />
        )}
        {state.status === 'success' && state.data.length === 0 ? (
          <EmptyState title="暂时没有可领取的福利" description="新的福利上线后会显示在这里，请稍后再来看看。" />
        ) : null}
        {state.status === 'success'
          ? state.data.map((b) => {
              const a = availability(b);
              return (
                <View key={b.id} className="card benefit">
                  <View className="benefit__head">
                    <View className="benefit__title">{b.title}</View>
                    <View className={a.open ? 'benefit__remaining' : 'tag'}>{a.text}</View>
                  </View>
                  {b.description ? <View className="benefit__description">{b.description}</View> : null}
                  <View className="benefit__meta muted">
                    {KIND_LABELS[b.kind]} · {PERIOD_LABELS[b.period]} · {b.orgName}
                  </View>
                  <View className="benefit__meta muted">领取时间 {windowText(b)}</View>
                  {voucherValidityText(b) ? <View className="benefit__meta muted">{voucherValidityText(b)}</View> : null}
                  <View className="benefit__meta muted">领取地点 {placesText(b.places)}</View>
                </View>
              );
            })
          : null}
      </View>
      <FooterBar>
        <ActionButton variant="secondary" onClick={() => openPage(BENEFITS_MINE_PAGE)}>
          我的领取和券
        </ActionButton>
      </FooterBar>
    </Screen>
  );
}
