import { useEffect, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { APPLICATION_STATUS_LABELS, WORKER_CATEGORIES, WORK_DISTRICTS, type Application, type MemberCard as MemberCardData } from '@union/shared';
import { myApplications, withdrawApplication } from '../../api/applications';
import { toApiError } from '../../api/errors';
import { useLive } from '../../hooks/use-live';
import { getMemberCard } from '../../api/members';
import ActionButton from '../../components/ActionButton';
import FooterBar from '../../components/FooterBar';
import MemberCard from '../../components/MemberCard';
import { pageGate } from '../../components/PageGate';
import Screen from '../../components/Screen';
import ServiceCardPanel, { ServiceCardAction } from '../../components/ServiceCardPanel';
import { EmptyState } from '../../components/StateView';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { useServiceCard } from '../../hooks/use-service-card';
import { clearDraft } from '../../lib/join-draft';
import { formatDateTime } from '../../lib/dates';
import { reviewWait } from '../../lib/review-wait';
import { APPLICATION_PAGE, CARD_PAGE, HOME_PAGE, JOIN_PAGE, openPage } from '../../lib/navigation';
import './index.scss';

interface StatusView {
  latest: Application | null;
  /** Once approved: the member card, so the screen turns into it without a reload. */
  card: MemberCardData | null;
}

async function loadStatus(): Promise<StatusView> {
  const [latest] = await myApplications();
  if (!latest) return { latest: null, card: null };
  const card = latest.status === 'approved' ? await getMemberCard() : null;
  return { latest, card };
}

function Details({ application }: { application: Application }) {
  const rows: [string, string][] = [
    ['入会到', application.orgName],
    ...(application.eventTitle ? [['入会活动', application.eventTitle] as [string, string]] : []),
    ['姓名', application.name],
    ['身份证号', application.idNumber],
    ['职业类别', WORKER_CATEGORIES[application.category]],
    ['工作单位', application.employer],
    ['工作区域', WORK_DISTRICTS.find((d) => d.code === application.workDistrict)?.name ?? application.workDistrict],
    ['提交时间', formatDateTime(application.submittedAt)],
  ];
  return (
    <View className="card info-list">
      {rows.map(([key, value]) => (
        <View key={key} className="info-list__row">
          <View className="info-list__key muted">{key}</View>
          <View className="info-list__value">{value}</View>
        </View>
      ))}
    </View>
  );
}

function Approved({ application, card, onCard }: { application: Application; card: MemberCardData; onCard: (card: MemberCardData) => void }) {
  const service = useServiceCard(card, onCard);
  return (
    <>
      <View className="section">
        <View className="status-banner status-banner--success" ariaRole="status">
          <View className="status-banner__icon">✓</View>
          <View className="status-banner__body">
            <View className="status-banner__title">入会成功</View>
            <View className="status-banner__text">
              {application.kind === 'transfer' ? '会籍已转入' : '欢迎加入'}
              {card.orgName}，这是您的电子会员卡。
            </View>
          </View>
        </View>
      </View>
      <View className="section">
        <MemberCard {...card} />
      </View>
      <View className="section">
        <View className="section__title">下一步：办理互助服务卡</View>
        <ServiceCardPanel serviceCard={card.serviceCard} consent={service.consent} onConsent={service.setConsent} error={service.error} />
      </View>
      <FooterBar>
        <ServiceCardAction
          status={card.serviceCard.status}
          applying={service.applying}
          onApply={() => void service.apply()}
          issuedAction={<ActionButton onClick={() => openPage(CARD_PAGE)}>完成，查看会员卡</ActionButton>}
        />
      </FooterBar>
    </>
  );
}

export default function ApplicationPage() {
  const view = useAuthedRequest(loadStatus, APPLICATION_PAGE);
  const { state } = view;
  const [withdrawing, setWithdrawing] = useState(false);

  const latest = state.status === 'success' ? state.data.latest : null;
  const pending = latest?.status === 'pending';

  const live = useLive(
    (message) => {
      if (message.type === 'sync' || message.mine) void view.run({ silent: true });
    },
    { enabled: pending },
  );

  usePullDownRefresh(() => {
    void view.run({ silent: true }).finally(() => Taro.stopPullDownRefresh());
  });

  // Approved: the typed form (with the ID number) has done its job on this phone.
  useEffect(() => {
    if (latest?.status === 'approved') clearDraft();
  }, [latest?.status]);

  async function withdraw(application: Application) {
    const { confirm } = await Taro.showModal({
      title: '撤回入会申请？',
      content: '撤回后工作人员不再审核这份申请，您可以随时重新申请。',
      confirmText: '撤回',
      cancelText: '不撤回',
      confirmColor: '#b3261e',
    });
    if (!confirm) return;
    setWithdrawing(true);
    try {
      await withdrawApplication(application.id);
      void Taro.showToast({ title: '已撤回', icon: 'none' });
      await view.run({ silent: true });
    } catch (error) {
      void Taro.showToast({ title: toApiError(error).message, icon: 'none', duration: 3000 });
      void view.run({ silent: true });
    } finally {
      setWithdrawing(false);
    }
  }

  const gate = pageGate({
    signedIn: view.signedIn,
    signedOut: { title: '登录后查看申请进度', description: '登录提交申请时使用的手机号，查看审核结果。', returnTo: APPLICATION_PAGE },
    state: view.state,
    onRetry: () => void view.run(),
    loadingText: '正在查询申请进度…',
    errorTitle: '申请进度加载失败',
  });
  if (gate || state.status !== 'success') return gate;

  const { card } = state.data;

  if (!latest) {
    return (
      <Screen withFooter>
        <View className="section">
          <EmptyState title="还没有入会申请" description="扫描现场入会二维码，或点下方按钮选择工会申请入会。" />
        </View>
        <FooterBar>
          <ActionButton onClick={() => openPage(JOIN_PAGE)}>我要入会</ActionButton>
        </FooterBar>
      </Screen>
    );
  }

  if (latest.status === 'approved' && card) {
    return (
      <Screen withFooter className="application">
        <Approved application={latest} card={card} onCard={(next) => view.set({ latest, card: next })} />
      </Screen>
    );
  }

  return (
    <Screen withFooter className="application">
      {latest.status === 'pending' ? (
        <View className="section">
          <View className="waiting card" ariaRole="status">
            <View className="waiting__dots">
              <View className="waiting__dot" />
              <View className="waiting__dot" />
              <View className="waiting__dot" />
            </View>
            <View className="waiting__title">{APPLICATION_STATUS_LABELS.pending}</View>
            <View className="waiting__text">{reviewWait(latest.orgName, latest.orgContact)}</View>
            {latest.orgContact.phone || latest.orgContact.officeHoursText ? (
              <View className="waiting__contact">
                {latest.orgContact.phone ? (
                  <View
                    className="waiting__phone"
                    hoverClass="waiting__phone--pressed"
                    ariaRole="link"
                    onClick={() => void Taro.makePhoneCall({ phoneNumber: latest.orgContact.phone! }).catch(() => undefined)}
                  >
                    工会电话 {latest.orgContact.phone}
                  </View>
                ) : null}
                {latest.orgContact.officeHoursText ? <View className="waiting__hours muted">工作时间 {latest.orgContact.officeHoursText}</View> : null}
              </View>
            ) : null}
            <View className="waiting__live muted">{live === 'off' || live === 'connecting' ? '正在连接…' : '审核结果会自动显示在这里，无需刷新'}</View>
          </View>
        </View>
      ) : null}

      {latest.status === 'rejected' ? (
        <View className="section">
          <View className="status-banner status-banner--warn" ariaRole="alert">
            <View className="status-banner__icon">!</View>
            <View className="status-banner__body">
              <View className="status-banner__title">{APPLICATION_STATUS_LABELS.rejected}</View>
              <View className="status-banner__label">原因</View>
              <View className="status-banner__reason">{latest.rejectReason ?? '工作人员未填写原因'}</View>
              <View className="status-banner__text">按原因修改后可以重新提交，已填写的内容会自动带出。</View>
            </View>
          </View>
        </View>
      ) : null}

      {latest.status === 'withdrawn' || (latest.status === 'approved' && !card) ? (
        <View className="section">
          <View className="status-banner" ariaRole="status">
            <View className="status-banner__body">
              <View className="status-banner__title">{APPLICATION_STATUS_LABELS[latest.status]}</View>
              <View className="status-banner__text">
                {latest.status === 'withdrawn' ? '这份申请已撤回，您可以随时重新申请。' : '会籍信息暂时无法显示，请稍后在会员卡页面查看。'}
              </View>
            </View>
          </View>
        </View>
      ) : null}

      <View className="section">
        <View className="section__title">申请信息</View>
        <Details application={latest} />
        {latest.status === 'pending' ? (
          // Small and asked first: the main button below only leaves the page.
          <View
            className="application__withdraw"
            hoverClass="application__withdraw--pressed"
            ariaRole="button"
            onClick={() => (withdrawing ? undefined : void withdraw(latest))}
          >
            {withdrawing ? '正在撤回…' : '撤回申请'}
          </View>
        ) : null}
      </View>

      <FooterBar>
        {latest.status === 'pending' ? (
          <ActionButton onClick={() => openPage(HOME_PAGE)}>完成，返回首页</ActionButton>
        ) : latest.status === 'rejected' ? (
          <ActionButton onClick={() => openPage(`${JOIN_PAGE}?resubmit=${encodeURIComponent(latest.id)}`)}>修改后重新提交</ActionButton>
        ) : latest.status === 'withdrawn' ? (
          <ActionButton onClick={() => openPage(JOIN_PAGE)}>重新申请</ActionButton>
        ) : (
          <ActionButton onClick={() => openPage(CARD_PAGE)}>查看会员卡</ActionButton>
        )}
      </FooterBar>
    </Screen>
  );
}
