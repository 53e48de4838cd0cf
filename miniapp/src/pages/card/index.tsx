import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { APPLICATION_STATUS_LABELS, type Application, type MemberCard as MemberCardData } from '@union/shared';
import { myApplications } from '../../api/applications';
import { useLive } from '../../hooks/use-live';
import { getMemberCard } from '../../api/members';
import ActionButton from '../../components/ActionButton';
import FooterBar from '../../components/FooterBar';
import MemberCard from '../../components/MemberCard';
import MemberCodePanel from '../../components/MemberCodePanel';
import { pageGate } from '../../components/PageGate';
import Screen from '../../components/Screen';
import ServiceCardPanel, { ServiceCardAction } from '../../components/ServiceCardPanel';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { useMemberCode } from '../../hooks/use-member-code';
import { useServiceCard } from '../../hooks/use-service-card';
import { formatDate, formatDateTime } from '../../lib/dates';
import { MEMBERSHIP_STATUS_LABELS } from '../../lib/labels';
import { APPLICATION_PAGE, CARD_PAGE, JOIN_PAGE, MERCHANTS_PAGE, SCAN_PAGE, openPage, takeMemberCodeRequest } from '../../lib/navigation';
import { ScanUnavailable, scanWithWeappCamera } from '../../lib/scan';
import { actionForScanned } from '../../lib/scanned';
import { reviewWait } from '../../lib/review-wait';
import './index.scss';

interface CardView {
  card: MemberCardData | null;
  /** For someone who is not a member: their latest application, if any. */
  latest: Application | null;
}

async function loadCardView(): Promise<CardView> {
  const card = await getMemberCard();
  if (card) return { card, latest: null };
  const applications = await myApplications();
  return { card: null, latest: applications[0] ?? null };
}

/** 扫一扫 for members: weapp opens the system scanner here; H5 opens the scan page (camera or typed code). */
async function scanAsMember() {
  if (process.env.TARO_ENV === 'h5') {
    openPage(SCAN_PAGE);
    return;
  }
  try {
    const text = await scanWithWeappCamera();
    if (!text) return;
    const action = actionForScanned(text);
    if (action.kind === 'open') void Taro.navigateTo({ url: action.url });
    else void Taro.showModal({ title: '扫一扫', content: action.message, showCancel: false });
  } catch (error) {
    void Taro.showModal({ title: '扫一扫', content: error instanceof ScanUnavailable ? error.message : '无法打开扫码，请稍后重试', showCancel: false });
  }
}

function MemberView({ card, onCard }: { card: MemberCardData; onCard: (card: MemberCardData) => void }) {
  const service = useServiceCard(card, onCard);
  const code = useMemberCode(card.status !== 'left');
  // 会员码 on 首页 opens this tab: bring the code into view however far down the page was left.
  useDidShow(() => {
    if (takeMemberCodeRequest()) Taro.pageScrollTo({ selector: '#member-code', duration: 0 }).catch(() => undefined);
  });
  return (
    <>
      <View className="section">
        <MemberCard {...card} />
      </View>

      <View className="section" id="member-code">
        <MemberCodePanel view={code.view} onRetry={code.retry} />
      </View>

      <View className="section card-actions">
        <View className="card-actions__item card" hoverClass="card-actions__item--pressed" ariaRole="button" onClick={() => void scanAsMember()}>
          <View className="card-actions__icon">扫</View>
          <View className="card-actions__text">
            <View className="card-actions__title">扫一扫</View>
            <View className="card-actions__desc muted">驿站、活动、商户的码</View>
          </View>
        </View>
        <View className="card-actions__item card" hoverClass="card-actions__item--pressed" ariaRole="button" onClick={() => openPage(MERCHANTS_PAGE)}>
          <View className="card-actions__icon">惠</View>
          <View className="card-actions__text">
            <View className="card-actions__title">普惠商户</View>
            <View className="card-actions__desc muted">附近会员优惠</View>
          </View>
        </View>
      </View>

      <View className="section">
        <ServiceCardPanel serviceCard={card.serviceCard} consent={service.consent} onConsent={service.setConsent} error={service.error} />
      </View>

      <View className="section">
        <View className="card info-list">
          <View className="info-list__row">
            <View className="info-list__key muted">所属工会</View>
            <View className="info-list__value">{card.orgName}</View>
          </View>
          <View className="info-list__row">
            <View className="info-list__key muted">会籍状态</View>
            <View className="info-list__value">{MEMBERSHIP_STATUS_LABELS[card.status]}</View>
          </View>
          <View className="info-list__row">
            <View className="info-list__key muted">入会日期</View>
            <View className="info-list__value">{formatDate(card.joinedAt)}</View>
          </View>
        </View>
      </View>

      <FooterBar>
        <ServiceCardAction
          status={card.serviceCard.status}
          applying={service.applying}
          onApply={() => void service.apply()}
          issuedAction={
            <ActionButton variant="secondary" onClick={() => void scanAsMember()}>
              扫一扫
            </ActionButton>
          }
        />
      </FooterBar>
    </>
  );
}

function PendingNotice({ application }: { application: Application }) {
  const pending = application.status === 'pending';
  return (
    <View className="section">
      <View className="card pending-notice" hoverClass="pending-notice--pressed" ariaRole="button" onClick={() => openPage(APPLICATION_PAGE)}>
        <View className="pending-notice__head">
          <View className="pending-notice__title">我的入会申请</View>
          <View className={`tag ${pending ? 'tag--info' : application.status === 'rejected' ? 'tag--warn' : ''}`}>
            {APPLICATION_STATUS_LABELS[application.status]}
          </View>
        </View>
        <View className="pending-notice__text muted">
          {pending ? `${reviewWait(application.orgName, application.orgContact)}。` : `${application.orgName} · ${formatDateTime(application.submittedAt)}提交`}
        </View>
        <View className="pending-notice__link">查看申请进度 ›</View>
      </View>
    </View>
  );
}

export default function CardPage() {
  const view = useAuthedRequest(loadCardView, CARD_PAGE);
  const { state } = view;

  const waiting = state.status === 'success' && state.data.latest?.status === 'pending';
  // While an application is pending, the card appears here the moment it is approved.
  useLive(
    (message) => {
      if (message.type === 'sync' || message.mine) void view.run({ silent: true });
    },
    { enabled: waiting },
  );

  const gate = pageGate({
    signedIn: view.signedIn,
    signedOut: { title: '登录后查看会员卡', description: '登录后可查看您的电子会员卡和会籍状态。', returnTo: CARD_PAGE },
    state: view.state,
    onRetry: () => void view.run(),
    loadingText: '正在加载会员卡…',
    errorTitle: '会员卡加载失败',
  });
  if (gate || state.status !== 'success') return gate;

  const { card, latest } = state.data;

  if (card) {
    return (
      <Screen withFooter className="member-card-page">
        <MemberView card={card} onCard={(next) => view.set({ card: next, latest: null })} />
      </Screen>
    );
  }

  return (
    <Screen withFooter className="member-card-page">
      <View className="section">
        <View className="state-empty card">
          <View className="state-empty__art">
            <View className="state-empty__art-stripe" />
          </View>
          <View className="state-empty__title">您还不是工会会员</View>
          <View className="state-empty__text muted">入会后这里会显示您的电子会员卡，凭卡享受法律援助、暖心驿站、职工学堂等服务。</View>
        </View>
      </View>
      {latest && latest.status !== 'approved' ? <PendingNotice application={latest} /> : null}
      <FooterBar>
        {latest && (latest.status === 'pending' || latest.status === 'rejected') ? (
          <ActionButton onClick={() => openPage(APPLICATION_PAGE)}>查看申请进度</ActionButton>
        ) : (
          <ActionButton onClick={() => openPage(JOIN_PAGE)}>我要入会</ActionButton>
        )}
      </FooterBar>
    </Screen>
  );
}
