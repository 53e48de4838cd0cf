import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { campaignState, type CampaignClose, type CampaignDrain } from '@union/shared';
import { campaignDrain, closeCampaign } from '../../../api/benefits';
import { toApiError } from '../../../api/errors';
import ActionButton from '../../../components/ActionButton';
import Chips from '../../../components/Chips';
import FooterBar from '../../../components/FooterBar';
import { pageGate } from '../../../components/PageGate';
import Screen from '../../../components/Screen';
import Sheet from '../../../components/Sheet';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { useVisibleInterval } from '../../../hooks/use-visible-interval';
import { formatClock, formatDateTime } from '../../../lib/dates';
import { STAFF_CAMPAIGN_NEW_PAGE, STAFF_CAMPAIGN_PAGE, STAFF_PLACE_CODE_PAGE, openPage, safeDecode } from '../../../lib/navigation';
import {
  CAMPAIGN_KIND_LABELS,
  CAMPAIGN_PERIOD_LABELS,
  DrainBar,
  InfoRow,
  PLACE_KIND_LABELS,
  campaignPlaceLabel,
  voucherTermsText,
  voucherValidityText,
} from '../campaign-parts';
import { placesText } from '../../../lib/labels';
import '../campaign-parts.scss';
import './index.scss';

/** What becomes of the vouchers already claimed when a voucher campaign ends early: the operator picks one. */
const CLOSE_VOUCHER_OPTIONS: { value: CampaignClose['vouchers']; label: string }[] = [
  { value: 'keep', label: '已领的券继续有效至原有效期' },
  { value: 'void', label: '已领的券同时作废' },
];

/** How often the figures are fetched while the page is on screen. */
export const DRAIN_REFRESH_MS = 3_000;

/**
 * The last minute's claims and what has been redeemed: for a voucher of several uses (4×40元), the uses made (核销次数)
 * beside the vouchers used up; for a single-use one they are the same, 已核销.
 */
function PaceFigures({ campaign: c }: { campaign: CampaignDrain }) {
  return (
    <View className="drain__figures drain__figures--small">
      <View className="drain__figure">
        <View className="drain__value drain__value--minute">{c.perMinute}</View>
        <View className="drain__label">最近1分钟领取</View>
      </View>
      {c.voucherUses > 1 ? (
        <View className="drain__figure">
          <View className="drain__value drain__value--uses">{c.usesRedeemed}</View>
          <View className="drain__label">核销次数</View>
        </View>
      ) : null}
      <View className="drain__figure">
        <View className="drain__value drain__value--redeemed">{c.redeemed}</View>
        <View className="drain__label">{c.voucherUses > 1 ? '已用完的券' : '已核销'}</View>
      </View>
    </View>
  );
}

/**
 * One campaign draining: claimed, remaining, quota, the last minute's claims and redemptions, refreshed while shown.
 * While it runs: 编辑 (the create form, prefilled) and 提前结束 (after a confirm). Once ended: 已结束, no actions.
 */
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
  const [closing, setClosing] = useState(false);
  /** A voucher campaign's close asks in a sheet what becomes of the claimed vouchers; nothing is picked beforehand. */
  const [closeSheet, setCloseSheet] = useState(false);
  const [voucherChoice, setVoucherChoice] = useState<CampaignClose['vouchers'] | null>(null);
  const [choiceError, setChoiceError] = useState<string>();

  const closeText = (c: { remaining: number }) => `结束后会员不能再领取${c.remaining > 0 ? `，剩余的 ${c.remaining} 份不再发放` : ''}`;

  async function closeNow(c: CampaignDrain) {
    if (closing) return;
    if (c.kind === 'voucher') {
      setVoucherChoice(null);
      setChoiceError(undefined);
      setCloseSheet(true);
      return;
    }
    const { confirm } = await Taro.showModal({
      title: '提前结束这项福利？',
      content: `${closeText(c)}。结束后不能恢复。`,
      confirmText: '提前结束',
      cancelText: '暂不',
    });
    if (!confirm) return;
    await send(c, { vouchers: 'keep' });
  }

  async function send(c: CampaignDrain, input: CampaignClose) {
    setClosing(true);
    try {
      drain.set(await closeCampaign(c.id, input));
      setFetchedAt(Date.now());
      setCloseSheet(false);
      void Taro.showToast({ title: '已提前结束', icon: 'success' });
    } catch (error) {
      void Taro.showToast({ title: toApiError(error).message, icon: 'none', duration: 2500 });
    } finally {
      setClosing(false);
    }
  }

  const gate = pageGate({
    signedIn: drain.signedIn,
    signedOut: { title: '登录后查看领取进度', description: '使用工会管理员或运营人员的手机号登录。', returnTo: here },
    state: drain.state,
    onRetry: () => void drain.run(),
    loadingText: '正在加载领取进度…',
    errorTitle: (error) => (error.status === 404 ? '未找到该福利活动' : '领取进度加载失败'),
  });
  const { state } = drain;
  if (gate || state.status !== 'success') return gate;
  const c = state.data;
  const ended = campaignState(c) === 'ended';
  const gone = c.remaining <= 0;
  return (
    <Screen className="drain" withFooter={!ended}>
      <View className="section">
        <View className="card">
          <View className="drain__title">{c.title}</View>
          <View className="drain__meta muted">
            {CAMPAIGN_KIND_LABELS[c.kind]} · 每人{CAMPAIGN_PERIOD_LABELS[c.period]} · {c.orgName}
          </View>
          {ended ? (
            <View className="drain__gone drain__ended" ariaRole="status">
              已结束{c.closedAt ? ` · ${formatDateTime(c.closedAt)} 提前结束` : ''}
            </View>
          ) : gone ? (
            <View className="drain__gone" ariaRole="status">
              已领完
            </View>
          ) : null}
          <View className="drain__figures">
            <View className="drain__figure">
              <View className="drain__value drain__value--claimed">{c.claimed}</View>
              <View className="drain__label">已领</View>
            </View>
            <View className="drain__figure">
              <View className="drain__value drain__value--remaining">{c.remaining}</View>
              <View className="drain__label">剩余</View>
            </View>
            <View className="drain__figure">
              <View className="drain__value drain__value--quota">{c.quota}</View>
              <View className="drain__label">总数</View>
            </View>
          </View>
          <DrainBar campaign={c} large />
          <PaceFigures campaign={c} />
          {c.description ? <View className="drain__description">{c.description}</View> : null}
          <View className="drain__updated muted" ariaRole="status">
            每 {DRAIN_REFRESH_MS / 1000} 秒自动刷新{fetchedAt ? ` · ${formatClock(fetchedAt)} 更新` : ''}
          </View>
        </View>

        <View className="card info-list drain__info">
          <InfoRow label="领取时间">
            {formatDateTime(c.startsAt)} 至 {formatDateTime(c.endsAt)}
          </InfoRow>
          {c.kind === 'voucher' ? <InfoRow label="券面">{voucherTermsText(c)}</InfoRow> : null}
          {c.kind === 'voucher' ? (
            <InfoRow label="券的有效期">
              {voucherValidityText(c)}
              {c.vouchersVoidedAt ? `；${formatDateTime(c.vouchersVoidedAt)} 起未使用的券已作废` : ''}
            </InfoRow>
          ) : null}
          {c.pointsPrice !== null ? <InfoRow label="积分兑换">{c.pointsPrice} 积分一张，会员在积分商城兑换</InfoRow> : null}
          <InfoRow label="可领取">{c.eligibleOrgName}及下级工会会员</InfoRow>
          <InfoRow label="领取地点">
            {placesText(
              c.places.map((p) => ({ name: campaignPlaceLabel(p) })),
              5,
            )}
          </InfoRow>
          <InfoRow label="领取码">
            {c.pointsPrice !== null ? '无需扫码（积分兑换）' : c.requiresRotatingCode ? '需扫工作人员手机上的动态码' : '动态码或海报码均可'}
            {c.maxDistanceMeters !== null ? `，距离不超过 ${c.maxDistanceMeters} 米` : ''}
          </InfoRow>
        </View>

        {/* A station's or merchant's staffer opens the place here and shows its rotating code (and today's claims). */}
        <View className="drain__places-title">各领取地点的动态码</View>
        <View className="card drain__places">
          {c.places.map((p) => (
            <View
              key={`${p.kind}:${p.id}`}
              className="drain__place"
              hoverClass="drain__place--pressed"
              ariaRole="button"
              onClick={() => openPage(`${STAFF_PLACE_CODE_PAGE}?kind=${p.kind}&id=${encodeURIComponent(p.id)}`)}
            >
              <View className="drain__place-name">
                <View className="drain__place-kind">{PLACE_KIND_LABELS[p.kind]}</View>
                {p.name}
              </View>
              <View className="drain__place-go">出示领取码 ›</View>
            </View>
          ))}
        </View>
      </View>
      <Sheet
        open={closeSheet}
        title="提前结束这项福利？"
        onClose={() => setCloseSheet(false)}
        footer={
          <ActionButton
            loading={closing}
            loadingText="正在结束…"
            onClick={() => {
              if (!voucherChoice) setChoiceError('请选择已领的券如何处理');
              else void send(c, { vouchers: voucherChoice });
            }}
          >
            提前结束
          </ActionButton>
        }
      >
        <View className="drain__close-text">{closeText(c)}。已领但还没使用的券：</View>
        <Chips
          label="已领的券"
          options={CLOSE_VOUCHER_OPTIONS}
          selected={voucherChoice}
          onSelect={(v) => {
            setVoucherChoice(v);
            setChoiceError(undefined);
          }}
        />
        {choiceError ? (
          <View className="drain__close-error" ariaRole="alert">
            {choiceError}
          </View>
        ) : null}
        <View className="drain__close-text muted">
          {voucherChoice === 'void' ? '作废后会员的券不能再核销，不能恢复。' : `继续有效的券按原有效期使用（${voucherValidityText(c)}）。`}结束后不能恢复。
        </View>
      </Sheet>
      {ended ? null : (
        <FooterBar>
          <ActionButton variant="secondary" onClick={() => openPage(`${STAFF_CAMPAIGN_NEW_PAGE}?id=${encodeURIComponent(c.id)}`)}>
            编辑
          </ActionButton>
          <ActionButton variant="text" loading={closing} loadingText="正在结束…" onClick={() => void closeNow(c)}>
            提前结束
          </ActionButton>
        </FooterBar>
      )}
    </Screen>
  );
}
