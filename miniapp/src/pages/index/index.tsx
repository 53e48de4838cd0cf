import { useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { ORG_KIND_LABELS, type MeResponse } from '@union/shared';
import { fetchMe } from '../../api/auth';
import { listOrgs } from '../../api/orgs';
import { getSession, type Session } from '../../api/session';
import ActionButton from '../../components/ActionButton';
import FooterBar from '../../components/FooterBar';
import Screen from '../../components/Screen';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateView';
import { useRequest } from '../../hooks/use-request';
import { careOfferPending, dismissCareOffer, setCareMode } from '../../lib/font-scale';
import { greeting } from '../../lib/beijing-time';
import {
  BENEFITS_PAGE,
  CARD_PAGE,
  JOIN_PAGE,
  MEMBERSHIP_TRANSFER_PAGE,
  MERCHANT_SCAN_PAGE,
  SERVICES_PAGE,
  STAFF_PAGE,
  STAFF_SCAN_PAGE,
  STATIONS_PAGE,
  goToLogin,
  openMemberCode,
  openPage,
} from '../../lib/navigation';
import { HomeNowSection } from './now';
import './index.scss';

interface Tile {
  key: string;
  title: string;
  icon: string;
  /** What a tap does. */
  open: () => void;
}

const TILES: Tile[] = [
  { key: 'join', title: '我要入会', icon: '入', open: () => openPage(JOIN_PAGE) },
  { key: 'code', title: '会员码', icon: '码', open: openMemberCode },
  { key: 'station', title: '暖心驿站', icon: '驿', open: () => openPage(STATIONS_PAGE) },
  { key: 'legal', title: '法律援助', icon: '法', open: () => openPage(SERVICES_PAGE) },
  { key: 'benefits', title: '会员福利', icon: '福', open: () => openPage(BENEFITS_PAGE) },
  { key: 'all', title: '全部服务', icon: '全', open: () => openPage(SERVICES_PAGE) },
];

/** A member already belongs to a union: the join tile becomes 申请转会. */
const TRANSFER_TILE: Tile = { key: 'join', title: '申请转会', icon: '转', open: () => openPage(MEMBERSHIP_TRANSFER_PAGE) };

const ORG_LIMIT = 10;

/** The work an account with a role comes to do, shown first on 首页 instead of the join list. */
interface Task {
  key: string;
  icon: string;
  title: string;
  desc: string;
  /** The footer button's words. */
  action: string;
  page: string;
}

/** Operators first (their overview), then reviewers' queue, scanners' 扫码 and the merchant clerk's 核销; one per page. */
function tasksOf(me: MeResponse | null): Task[] {
  if (!me) return [];
  const roles = new Set(me.grants.map((g) => g.role));
  const tasks: Task[] = [];
  if (roles.has('operator')) {
    tasks.push({ key: 'operator', icon: '运', title: '运营工作台', desc: '入会审核 · 福利活动 · 工会设置', action: '进入工作台', page: STAFF_PAGE });
  } else if (roles.has('reviewer') || roles.has('admin')) {
    tasks.push({ key: 'review', icon: '审', title: '审核入会申请', desc: '工作台 · 摆摊入会二维码', action: '去审核', page: STAFF_PAGE });
  }
  if (roles.has('scanner')) {
    tasks.push({ key: 'scan', icon: '码', title: '扫码核验会员', desc: '核验会员码 · 预约签到', action: '去扫码', page: STAFF_SCAN_PAGE });
  }
  if (me.merchants.length > 0) {
    tasks.push({ key: 'redeem', icon: '销', title: '扫码核销', desc: me.merchants.map((m) => m.name).join('、'), action: '去核销', page: MERCHANT_SCAN_PAGE });
  }
  return tasks;
}

export default function HomePage() {
  const [session, setSession] = useState<Session | null>(getSession);
  const [me, setMe] = useState<MeResponse | null>(null);
  const orgs = useRequest(() => listOrgs({ limit: ORG_LIMIT }), { initial: 'loading' });
  const { run: loadOrgs } = orgs;
  const [careOffer, setCareOffer] = useState(careOfferPending);

  useEffect(() => {
    void loadOrgs();
  }, [loadOrgs]);

  useDidShow(() => {
    const current = getSession();
    setSession(current);
    if (!current) {
      setMe(null);
      return;
    }
    // Only decides the greeting line and the main button; failures keep the defaults.
    fetchMe({ quiet: true })
      .then(setMe)
      .catch(() => setMe(null));
  });

  usePullDownRefresh(() => {
    void orgs.run().finally(() => Taro.stopPullDownRefresh());
  });

  const isMember = Boolean(me?.membership && me.membership.status !== 'left');
  // Staff, operators and merchant clerks come to work: their task leads, not the join list.
  const tasks = tasksOf(me);
  const tiles = isMember ? TILES.map((tile) => (tile.key === 'join' ? TRANSFER_TILE : tile)) : TILES;
  const name = session?.account?.phone ?? (session ? '工友' : null);

  return (
    <Screen withFooter className="home">
      <View className="home__hero">
        <View className="home__greeting">
          {greeting()}
          {name ? `，${name}` : ''}
        </View>
        <View className="home__lead">
          {isMember && me?.membership ? `您是${me.membership.orgName}会员` : '一次入会，随工作走。快递员、外卖骑手、货车司机都可以申请加入工会。'}
        </View>
        {!session ? (
          <View className="home__login" hoverClass="home__login--pressed" ariaRole="button" onClick={() => goToLogin('/pages/index/index')}>
            登录 / 注册
          </View>
        ) : null}
      </View>

      <HomeNowSection />

      {tasks.length > 0 ? (
        <View className="section home__tasks">
          {tasks.map((task) => (
            <View
              key={task.key}
              className={`card workbench-entry workbench-entry--${task.key}`}
              hoverClass="workbench-entry--pressed"
              ariaRole="button"
              onClick={() => openPage(task.page)}
            >
              <View className="workbench-entry__icon">{task.icon}</View>
              <View className="workbench-entry__body">
                <View className="workbench-entry__title">{task.title}</View>
                <View className="workbench-entry__desc muted">{task.desc}</View>
              </View>
              <View className="workbench-entry__go">{task.action} ›</View>
            </View>
          ))}
        </View>
      ) : null}

      {careOffer ? (
        <View className="section">
          <View className="card care-offer" ariaRole="region" ariaLabel="大字模式">
            <View className="care-offer__title">字太小看不清？</View>
            <View className="care-offer__desc muted">打开大字模式，文字和按钮都会变大。以后可在「我的」里更改。</View>
            <View className="care-offer__actions">
              <View
                className="care-offer__no"
                hoverClass="care-offer__no--pressed"
                ariaRole="button"
                onClick={() => {
                  dismissCareOffer();
                  setCareOffer(false);
                }}
              >
                不用了
              </View>
              <View
                className="care-offer__yes"
                hoverClass="care-offer__yes--pressed"
                ariaRole="button"
                onClick={() => {
                  setCareMode(true);
                  setCareOffer(false);
                }}
              >
                打开大字模式
              </View>
            </View>
          </View>
        </View>
      ) : null}

      <View className="home__tiles card">
        {tiles.map((tile) => (
          <View key={tile.key} className="tile" hoverClass="tile--pressed" ariaRole="button" ariaLabel={tile.title} onClick={tile.open}>
            <View className="tile__icon">{tile.icon}</View>
            <View className="tile__title">{tile.title}</View>
          </View>
        ))}
      </View>

      {/* A member belongs to one union: no list of unions to join (转会 starts from the 申请转会 tile). Nor for staff at work. */}
      {isMember || tasks.length > 0 ? null : (
        <View className="section">
          <View className="section__title">
            <View>可加入的工会</View>
            {orgs.state.status === 'success' && orgs.state.data.length > 0 ? <View className="section__hint">共 {orgs.state.data.length} 个</View> : null}
          </View>
          {orgs.state.status === 'idle' || orgs.state.status === 'loading' ? <LoadingState text="正在加载工会列表…" /> : null}
          {orgs.state.status === 'error' ? <ErrorState title="工会列表加载失败" message={orgs.state.error.message} onRetry={() => void orgs.run()} /> : null}
          {orgs.state.status === 'success' && orgs.state.data.length === 0 ? (
            <EmptyState title="暂时没有可加入的工会" description="请稍后再来看看，或到附近的职工沟通会现场咨询工作人员。" />
          ) : null}
          {orgs.state.status === 'success' && orgs.state.data.length > 0 ? (
            <View className="org-list">
              {orgs.state.data.map((org) => (
                <View
                  key={org.id}
                  className="org card"
                  hoverClass="org--pressed"
                  ariaRole="button"
                  ariaLabel={`申请加入${org.name}`}
                  onClick={() => openPage(`${JOIN_PAGE}?org=${encodeURIComponent(org.id)}&orgName=${encodeURIComponent(org.name)}`)}
                >
                  <View className="org__name">{org.name}</View>
                  <View className="org__tags">
                    <View className="tag tag--info">{ORG_KIND_LABELS[org.kind]}</View>
                    {org.acceptsUnaffiliated ? <View className="tag tag--success">接收无工会单位职工</View> : null}
                  </View>
                  {org.address ? <View className="org__address muted">{org.address}</View> : null}
                </View>
              ))}
            </View>
          ) : null}
        </View>
      )}

      <FooterBar>
        {isMember ? (
          <ActionButton onClick={() => openPage(CARD_PAGE)}>查看会员卡</ActionButton>
        ) : tasks.length > 0 ? (
          <ActionButton onClick={() => openPage(tasks[0]!.page)}>{tasks[0]!.action}</ActionButton>
        ) : (
          <ActionButton onClick={() => openPage(JOIN_PAGE)}>我要入会</ActionButton>
        )}
      </FooterBar>
    </Screen>
  );
}
