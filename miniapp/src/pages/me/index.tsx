import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Switch, View } from '@tarojs/components';
import { displayMemberNo, type MeResponse } from '@union/shared';
import { fetchMe } from '../../api/auth';
import { pageGate } from '../../components/PageGate';
import Screen from '../../components/Screen';
import { RequestStatus } from '../../components/StateView';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { useFontScale } from '../../hooks/use-font-scale';
import { useUnread } from '../../hooks/use-unread';
import { CARE_SCALE, isCareMode, setCareMode } from '../../lib/font-scale';
import { GRANT_ROLE_LABELS, MEMBERSHIP_STATUS_LABELS, ROLE_LABELS } from '../../lib/labels';
import {
  BENEFITS_MINE_PAGE,
  HELP_PAGE,
  HOME_PAGE,
  ME_PAGE,
  MEMBERSHIP_PAGE,
  MEMBERSHIP_PROFILE_PAGE,
  MESSAGES_PAGE,
  MY_BOOKINGS_PAGE,
  MERCHANT_SCAN_PAGE,
  STAFF_CAMPAIGNS_PAGE,
  STAFF_EVENTS_PAGE,
  STAFF_FIGURES_PAGE,
  STAFF_AUDIT_PAGE,
  STAFF_ORGS_PAGE,
  STAFF_PAGE,
  STAFF_MEMBERS_PAGE,
  STAFF_PEOPLE_PAGE,
  STAFF_TRANSFERS_PAGE,
  STAFF_TREE_PAGE,
  STAFF_MERCHANTS_PAGE,
  STAFF_STATION_IMPORT_PAGE,
  STAFF_SCAN_PAGE,
  STAFF_SERVICES_PAGE,
  openPage,
} from '../../lib/navigation';
import { signOut } from '../../lib/sign-out';
import { canHandleMembers, canManageOrgs, canManageServices } from '../../lib/staff-roles';
import ClerkInvitations from './clerk-invitations';
import StaffInvitations from './staff-invitations';
import { SmsConsentRow } from './sms-consent';
import './index.scss';

function CareModeRow() {
  const scale = useFontScale();
  const on = isCareMode();
  const lastSwitchChange = useRef(0);
  return (
    // The whole row is the switch's hit area (64 px high): the switch itself is 52×32.
    <View
      className="card setting"
      ariaRole="switch"
      ariaLabel="大字模式"
      onClick={() => {
        // weapp: a tap on the switch itself also reaches the row; count it once.
        if (Date.now() - lastSwitchChange.current < 400) return;
        setCareMode(!on);
      }}
    >
      <View className="setting__text">
        <View className="setting__title">大字模式</View>
        <View className="setting__desc muted">{on ? '已开启，文字和按钮更大' : scale >= CARE_SCALE ? '已跟随微信字体大小' : '文字和按钮放大，看得更清楚'}</View>
      </View>
      <Switch
        className="setting__switch"
        checked={on}
        color="#c8102e"
        onChange={(e) => {
          lastSwitchChange.current = Date.now();
          setCareMode(e.detail.value);
        }}
      />
    </View>
  );
}

function LinkRow({ label, page, badge }: { label: string; page: string; badge?: number | null }) {
  return (
    <View
      className="link-list__row"
      hoverClass="link-list__row--pressed"
      ariaRole="link"
      ariaLabel={badge ? `${label}，${badge} 条未读` : label}
      onClick={() => openPage(page)}
    >
      <View className="link-list__text">{label}</View>
      {badge ? <View className="link-list__badge">{badge > 99 ? '99+' : badge}</View> : null}
      <View className="link-list__go">›</View>
    </View>
  );
}

/** 我的预约, 我的券, 消息 (with the unread count) and 帮助: what a member comes to 我的 for. */
function Entries({ unread }: { unread: number | null }) {
  return (
    <View className="section">
      <View className="card link-list me__entries">
        <LinkRow label="我的预约" page={MY_BOOKINGS_PAGE} />
        <LinkRow label="我的券" page={BENEFITS_MINE_PAGE} />
        <LinkRow label="消息" page={MESSAGES_PAGE} badge={unread} />
        <LinkRow label="帮助" page={HELP_PAGE} />
      </View>
    </View>
  );
}

/** Signing out by accident costs an SMS and a 60-second wait to come back: a small link at the bottom, confirmed first. */
function LogoutLink() {
  const [loggingOut, setLoggingOut] = useState(false);
  async function onLogout() {
    const { confirm } = await Taro.showModal({
      title: '退出登录？',
      content: '退出后需要重新用手机号验证登录。',
      confirmText: '退出',
      cancelText: '不退出',
    });
    if (!confirm) return;
    setLoggingOut(true);
    try {
      await signOut();
    } catch {
      // The local session is gone either way; the server token expires on its own.
    } finally {
      setLoggingOut(false);
    }
    void Taro.showToast({ title: '已退出登录', icon: 'none' });
    void Taro.reLaunch({ url: HOME_PAGE });
  }
  return (
    <View className="me__logout-row">
      <View className="me__logout" hoverClass="me__logout--pressed" ariaRole="button" onClick={() => !loggingOut && void onLogout()}>
        {loggingOut ? '正在退出…' : '退出登录'}
      </View>
    </View>
  );
}

function Profile({ me }: { me: MeResponse }) {
  const name = me.membership?.name ?? null;
  return (
    <View className="me__profile">
      <View className="me__avatar">{name ? name.slice(0, 1) : me.account.phone ? me.account.phone.slice(-2) : '工'}</View>
      <View className="me__who">
        {/* The name when a member; else the (masked) phone in its place. */}
        <View className={name ? 'me__name' : 'me__name me__phone'}>{name ?? me.account.phone ?? '未绑定手机号'}</View>
        {name && me.account.phone ? <View className="me__sub muted">{me.account.phone}</View> : null}
        <View className="me__roles">
          {me.roles.length === 0 ? <View className="tag">{ROLE_LABELS.applicant}</View> : null}
          {me.roles.map((role) => (
            <View key={role} className={`tag ${role === 'member' ? 'tag--success' : role === 'applicant' ? '' : 'tag--primary'}`}>
              {ROLE_LABELS[role]}
            </View>
          ))}
        </View>
      </View>
    </View>
  );
}

function Membership({ me }: { me: MeResponse }) {
  return (
    <View className="section">
      <View className="section__title">我的会籍</View>
      <View className="card">
        {me.membership ? (
          <View className="kv">
            <View className="kv__main">{me.membership.orgName}</View>
            <View className="kv__sub muted">
              会员编号 {displayMemberNo(me.membership.memberNo)} · {MEMBERSHIP_STATUS_LABELS[me.membership.status]}
            </View>
          </View>
        ) : (
          <View className="muted">您还不是工会会员，可在首页点「我要入会」申请。</View>
        )}
      </View>
      {/* 会籍记录 for a former member too: the page shows the history and how to join again. */}
      <View className="card link-list me__membership-links">
        <LinkRow label={me.membership ? '会籍记录 · 转会 · 保留会籍 · 退会' : '会籍记录'} page={MEMBERSHIP_PAGE} />
        {me.membership ? <LinkRow label="修改资料（单位、职业、手机号）" page={MEMBERSHIP_PROFILE_PAGE} /> : null}
      </View>
    </View>
  );
}

function StaffTools({ me }: { me: MeResponse }) {
  if (!me.roles.some((role) => role === 'staff' || role === 'operator')) return null;
  return (
    <View className="section">
      <View className="section__title">工作台</View>
      <View className="card link-list">
        <LinkRow label="审核入会申请" page={STAFF_PAGE} />
        <LinkRow label="入会活动与二维码" page={STAFF_EVENTS_PAGE} />
        {canHandleMembers(me.grants) ? <LinkRow label="转会办理" page={STAFF_TRANSFERS_PAGE} /> : null}
        {canHandleMembers(me.grants) ? <LinkRow label="会员名册与会籍记录" page={STAFF_MEMBERS_PAGE} /> : null}
        <LinkRow label="扫码核验会员" page={STAFF_SCAN_PAGE} />
        <LinkRow label="数据概览（图表与导出）" page={STAFF_FIGURES_PAGE} />
        {canManageServices(me.grants) ? <LinkRow label="服务管理（服务与预约时段）" page={STAFF_SERVICES_PAGE} /> : null}
        {canManageOrgs(me.grants) ? <LinkRow label="福利活动与领取进度" page={STAFF_CAMPAIGNS_PAGE} /> : null}
        {canManageOrgs(me.grants) ? <LinkRow label="工作人员与角色" page={STAFF_PEOPLE_PAGE} /> : null}
        {canManageOrgs(me.grants) ? <LinkRow label="工会组织" page={STAFF_TREE_PAGE} /> : null}
        {canManageOrgs(me.grants) ? <LinkRow label="普惠商户管理" page={STAFF_MERCHANTS_PAGE} /> : null}
        {canManageOrgs(me.grants) ? <LinkRow label="导入驿站" page={STAFF_STATION_IMPORT_PAGE} /> : null}
        {canManageOrgs(me.grants) ? <LinkRow label="操作记录" page={STAFF_AUDIT_PAGE} /> : null}
        {canManageOrgs(me.grants) ? <LinkRow label="工会设置（自动审核）" page={STAFF_ORGS_PAGE} /> : null}
      </View>
    </View>
  );
}

function Grants({ me }: { me: MeResponse }) {
  return (
    <View className="section">
      <View className="section__title">
        <View>工作权限</View>
        {me.grants.length > 0 ? <View className="section__hint">{me.grants.length} 项</View> : null}
      </View>
      <View className="card">
        {me.grants.length === 0 ? (
          <View className="muted">暂无工会工作人员权限</View>
        ) : (
          me.grants.map((grant) => (
            <View key={`${grant.orgId}-${grant.role}`} className="grant">
              <View className="tag tag--primary grant__role">{GRANT_ROLE_LABELS[grant.role]}</View>
              <View className="grant__org">{grant.orgName}</View>
            </View>
          ))
        )}
      </View>
    </View>
  );
}

export default function MePage() {
  const me = useAuthedRequest(() => fetchMe(), ME_PAGE);
  const unread = useUnread();
  const { state } = me;

  const gate = pageGate({
    signedIn: me.signedIn,
    signedOut: {
      title: '登录后查看个人信息',
      description: '登录后可查看您的身份、预约、券和消息。',
      returnTo: ME_PAGE,
      below: (
        <>
          <View className="section">
            <View className="card link-list">
              <LinkRow label="帮助" page={HELP_PAGE} />
            </View>
          </View>
          <View className="section">
            <CareModeRow />
          </View>
        </>
      ),
    },
  });
  if (gate) return gate;

  return (
    <Screen className="me">
      {state.status !== 'success' ? (
        <View className="section">
          <RequestStatus state={state} loadingText="正在加载个人信息…" errorTitle="个人信息加载失败" onRetry={() => void me.run()} />
        </View>
      ) : (
        <Profile me={state.data} />
      )}

      <Entries unread={unread} />

      {state.status === 'success' ? (
        <>
          <StaffInvitations onAnswered={() => void me.run({ silent: true })} />
          <ClerkInvitations onAnswered={() => void me.run({ silent: true })} />
          <Membership me={state.data} />
          <StaffTools me={state.data} />
          {state.data.roles.includes('merchant') ? (
            <View className="section">
              <View className="section__title">普惠商户</View>
              <View className="card link-list">
                <LinkRow label={`扫码验证会员、核销代金券（${state.data.merchants[0]?.name ?? '本店'}）`} page={MERCHANT_SCAN_PAGE} />
              </View>
            </View>
          ) : null}
          <Grants me={state.data} />
        </>
      ) : null}

      <View className="section">
        <View className="section__title">设置</View>
        <CareModeRow />
        <SmsConsentRow />
      </View>

      <LogoutLink />
    </Screen>
  );
}
