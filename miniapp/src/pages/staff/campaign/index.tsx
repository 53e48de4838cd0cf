import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { campaignDrain } from '../../../api/benefits';
import Screen from '../../../components/Screen';
import SignedOut from '../../../components/SignedOut';
import { RequestStatus } from '../../../components/StateView';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { useVisibleInterval } from '../../../hooks/use-visible-interval';
import { formatClock, formatDateTime } from '../../../lib/dates';
import { STAFF_CAMPAIGN_PAGE, STAFF_PLACE_CODE_PAGE, openPage, safeDecode } from '../../../lib/navigation';
import { CAMPAIGN_KIND_LABELS, CAMPAIGN_PERIOD_LABELS, DrainBar, PLACE_KIND_LABELS } from '../campaign-parts';
import { placesText } from '../../../lib/labels';
import '../campaign-parts.scss';
import './index.scss';

/** How often the figures are fetched while the page is on screen. */
export const DRAIN_REFRESH_MS = 3_000;

/** One campaign draining: claimed, remaining, quota, the last minute's claims and redemptions, refreshed while shown. */
export default function CampaignDrainPage() {
  const router = useRouter();
  const id = safeDecode(router.params.id) ?? '';
  const here = `${STAFF_CAMPAIGN_PAGE}?id=${encodeURIComponent(id)}`;
  const [fetchedAt, setFetchedAt] = useState<number>();
  const drain = useAuthedRequest(async () => {
    const data = await campaignDrain(id);
    setFetchedAt(Date.now());
    return data;
  }, here);
  useVisibleInterval(() => void drain.run({ silent: true }), DRAIN_REFRESH_MS, drain.signedIn && drain.state.status === 'success');

  if (!drain.signedIn) {
    return (
      <Screen>
        <SignedOut title='登录后查看领取进度' description='使用工会管理员或运营人员的手机号登录。' returnTo={here} />
      </Screen>
    );
  }
  const { state } = drain;
  if (state.status !== 'success') {
    return (
      <Screen>
        <View className='section'>
          <RequestStatus
            state={state}
            loadingText='正在加载领取进度…'
            errorTitle={(error) => (error.status === 404 ? '未找到该福利活动' : '领取进度加载失败')}
            onRetry={() => void drain.run()}
          />
        </View>
      </Screen>
    );
  }
  const c = state.data;
  const gone = c.remaining <= 0;
  return (
    <Screen className='drain'>
      <View className='section'>
        <View className='card'>
          <View className='drain__title'>{c.title}</View>
          <View className='drain__meta muted'>
            {CAMPAIGN_KIND_LABELS[c.kind]} · 每人{CAMPAIGN_PERIOD_LABELS[c.period]} · {c.orgName}
          </View>
          {gone ? (
            <View className='drain__gone' ariaRole='status'>
              已领完
            </View>
          ) : null}
          <View className='drain__figures'>
            <View className='drain__figure'>
              <View className='drain__value drain__value--claimed'>{c.claimed}</View>
              <View className='drain__label'>已领</View>
            </View>
            <View className='drain__figure'>
              <View className='drain__value drain__value--remaining'>{c.remaining}</View>
              <View className='drain__label'>剩余</View>
            </View>
            <View className='drain__figure'>
              <View className='drain__value drain__value--quota'>{c.quota}</View>
              <View className='drain__label'>总数</View>
            </View>
          </View>
          <DrainBar campaign={c} large />
          <View className='drain__figures drain__figures--small'>
            <View className='drain__figure'>
              <View className='drain__value drain__value--minute'>{c.perMinute}</View>
              <View className='drain__label'>最近1分钟领取</View>
            </View>
            <View className='drain__figure'>
              <View className='drain__value drain__value--redeemed'>{c.redeemed}</View>
              <View className='drain__label'>已核销</View>
            </View>
          </View>
          <View className='drain__updated muted' ariaRole='status'>
            每 {DRAIN_REFRESH_MS / 1000} 秒自动刷新{fetchedAt ? ` · ${formatClock(fetchedAt)} 更新` : ''}
          </View>
        </View>

        <View className='card info-list drain__info'>
          <View className='info-list__row'>
            <View className='info-list__key'>领取时间</View>
            <View className='info-list__value'>
              {formatDateTime(c.startsAt)} 至 {formatDateTime(c.endsAt)}
            </View>
          </View>
          <View className='info-list__row'>
            <View className='info-list__key'>可领取</View>
            <View className='info-list__value'>{c.eligibleOrgName}及下级工会会员</View>
          </View>
          <View className='info-list__row'>
            <View className='info-list__key'>领取地点</View>
            <View className='info-list__value'>{placesText(c.places.map((p) => ({ name: `${PLACE_KIND_LABELS[p.kind]}·${p.name}` })), 5)}</View>
          </View>
          <View className='info-list__row'>
            <View className='info-list__key'>领取码</View>
            <View className='info-list__value'>
              {c.requiresRotatingCode ? '需扫工作人员手机上的动态码' : '动态码或海报码均可'}
              {c.maxDistanceMeters !== null ? `，距离不超过 ${c.maxDistanceMeters} 米` : ''}
            </View>
          </View>
        </View>

        {/* A station's or merchant's staffer opens the place here and shows its rotating code (and today's claims). */}
        <View className='drain__places-title'>各领取地点的动态码</View>
        <View className='card drain__places'>
          {c.places.map((p) => (
            <View
              key={`${p.kind}:${p.id}`}
              className='drain__place'
              hoverClass='drain__place--pressed'
              ariaRole='button'
              onClick={() => openPage(`${STAFF_PLACE_CODE_PAGE}?kind=${p.kind}&id=${encodeURIComponent(p.id)}`)}
            >
              <View className='drain__place-name'>
                <View className='drain__place-kind'>{PLACE_KIND_LABELS[p.kind]}</View>
                {p.name}
              </View>
              <View className='drain__place-go'>出示领取码 ›</View>
            </View>
          ))}
        </View>
      </View>
    </Screen>
  );
}
