import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Switch, View } from '@tarojs/components';
import { displayMemberNo } from '@union/shared';
import { fetchMe } from '../../api/auth';
import ActionButton from '../../components/ActionButton';
import FooterBar from '../../components/FooterBar';
import { pageGate } from '../../components/PageGate';
import Screen from '../../components/Screen';
import { RequestStatus } from '../../components/StateView';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { useFontScale } from '../../hooks/use-font-scale';
import { CARE_SCALE, isCareMode, setCareMode } from '../../lib/font-scale';
import { GRANT_ROLE_LABELS, MEMBERSHIP_STATUS_LABELS, ROLE_LABELS } from '../../lib/labels';
import {
  HOME_PAGE,
  ME_PAGE,
  MERCHANT_SCAN_PAGE,
  STAFF_CAMPAIGNS_PAGE,
  STAFF_EVENTS_PAGE,
  STAFF_ORGS_PAGE,
  STAFF_PEOPLE_PAGE,
  STAFF_AUDIT_PAGE,
  STAFF_PAGE,
  STAFF_SCAN_PAGE,
  STAFF_SERVICES_PAGE,
  openPage,
} from '../../lib/navigation';
import { signOut } from '../../lib/sign-out';
import { canManageOrgs, canManageServices } from '../../lib/staff-roles';
import ClerkInvitations from './clerk-invitations';
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

export default function MePage() {
  const me = useAuthedRequest(() => fetchMe(), ME_PAGE);
  const [loggingOut, setLoggingOut] = useState(false);
  const { state } = me;

  async function onLogout() {
    // Signing out by accident costs an SMS and a 60-second wait to come back: ask first.
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

  const gate = pageGate({
    signedIn: me.signedIn,
    signedOut: {
      title: '登录后查看个人信息',
      description: '登录后可查看您的身份、工作权限和会籍。',
      returnTo: ME_PAGE,
      below: (
        <View className="section">
          <CareModeRow />
        </View>
      ),
    },
  });
  if (gate) return gate;

  return (
    <Screen withFooter className="me">
      {state.status !== 'success' ? (
        <View className="section">
          <RequestStatus state={state} loadingText="正在加载个人信息…" errorTitle="个人信息加载失败" onRetry={() => void me.run()} />
        </View>
      ) : null}

      {state.status === 'success' ? (
        <>
          <ClerkInvitations onAnswered={() => void me.run({ silent: true })} />
          <View className="me__profile">
            <View className="me__avatar">{state.data.account.phone ? state.data.account.phone.slice(-2) : '工'}</View>
            <View className="me__who">
              <View className="me__phone">{state.data.account.phone ?? '未绑定手机号'}</View>
              <View className="me__roles">
                {state.data.roles.length === 0 ? <View className="tag">{ROLE_LABELS.applicant}</View> : null}
                {state.data.roles.map((role) => (
                  <View key={role} className={`tag ${role === 'member' ? 'tag--success' : role === 'applicant' ? '' : 'tag--primary'}`}>
                    {ROLE_LABELS[role]}
                  </View>
                ))}
              </View>
            </View>
          </View>

          <View className="section">
            <View className="section__title">我的会籍</View>
            <View className="card">
              {state.data.membership ? (
                <View className="kv">
                  <View className="kv__main">{state.data.membership.orgName}</View>
                  <View className="kv__sub muted">
                    会员编号 {displayMemberNo(state.data.membership.memberNo)} · {MEMBERSHIP_STATUS_LABELS[state.data.membership.status]}
                  </View>
                </View>
              ) : (
                <View className="muted">您还不是工会会员，可在首页点「我要入会」申请。</View>
              )}
            </View>
          </View>

          {state.data.roles.some((role) => role === 'staff' || role === 'operator') ? (
            <View className="section">
              <View className="section__title">工作台</View>
              <View className="card link-list">
                <View className="link-list__row" hoverClass="link-list__row--pressed" ariaRole="button" onClick={() => openPage(STAFF_PAGE)}>
                  <View className="link-list__text">审核入会申请</View>
                  <View className="link-list__go">›</View>
                </View>
                <View className="link-list__row" hoverClass="link-list__row--pressed" ariaRole="button" onClick={() => openPage(STAFF_EVENTS_PAGE)}>
                  <View className="link-list__text">入会活动与二维码</View>
                  <View className="link-list__go">›</View>
                </View>
                <View className="link-list__row" hoverClass="link-list__row--pressed" ariaRole="button" onClick={() => openPage(STAFF_SCAN_PAGE)}>
                  <View className="link-list__text">扫码核验会员</View>
                  <View className="link-list__go">›</View>
                </View>
                {canManageServices(state.data.grants) ? (
                  <View className="link-list__row" hoverClass="link-list__row--pressed" ariaRole="button" onClick={() => openPage(STAFF_SERVICES_PAGE)}>
                    <View className="link-list__text">服务管理（服务与预约时段）</View>
                    <View className="link-list__go">›</View>
                  </View>
                ) : null}
                {canManageOrgs(state.data.grants) ? (
                  <View className="link-list__row" hoverClass="link-list__row--pressed" ariaRole="button" onClick={() => openPage(STAFF_CAMPAIGNS_PAGE)}>
                    <View className="link-list__text">福利活动与领取进度</View>
                    <View className="link-list__go">›</View>
                  </View>
                ) : null}
                {canManageOrgs(state.data.grants) ? (
                  <View className="link-list__row" hoverClass="link-list__row--pressed" ariaRole="button" onClick={() => openPage(STAFF_PEOPLE_PAGE)}>
                    <View className="link-list__text">工作人员与角色</View>
                    <View className="link-list__go">›</View>
                  </View>
                ) : null}
                {canManageOrgs(state.data.grants) ? (
                  <View className="link-list__row" hoverClass="link-list__row--pressed" ariaRole="button" onClick={() => openPage(STAFF_AUDIT_PAGE)}>
                    <View className="link-list__text">操作记录</View>
                    <View className="link-list__go">›</View>
                  </View>
                ) : null}
                {canManageOrgs(state.data.grants) ? (
                  <View className="link-list__row" hoverClass="link-list__row--pressed" ariaRole="button" onClick={() => openPage(STAFF_ORGS_PAGE)}>
                    <View className="link-list__text">工会设置（自动审核）</View>
                    <View className="link-list__go">›</View>
                  </View>
                ) : null}
              </View>
            </View>
          ) : null}

          {state.data.roles.includes('merchant') ? (
            <View className="section">
              <View className="section__title">普惠商户</View>
              <View className="card link-list">
                <View className="link-list__row" hoverClass="link-list__row--pressed" ariaRole="button" onClick={() => openPage(MERCHANT_SCAN_PAGE)}>
                  <View className="link-list__text">扫码验证会员、核销代金券（{state.data.merchants[0]?.name ?? '本店'}）</View>
                  <View className="link-list__go">›</View>
                </View>
              </View>
            </View>
          ) : null}

          <View className="section">
            <View className="section__title">
              <View>工作权限</View>
              {state.data.grants.length > 0 ? <View className="section__hint">{state.data.grants.length} 项</View> : null}
            </View>
            <View className="card">
              {state.data.grants.length === 0 ? (
                <View className="muted">暂无工会工作人员权限</View>
              ) : (
                state.data.grants.map((grant) => (
                  <View key={`${grant.orgId}-${grant.role}`} className="grant">
                    <View className="tag tag--primary grant__role">{GRANT_ROLE_LABELS[grant.role]}</View>
                    <View className="grant__org">{grant.orgName}</View>
                  </View>
                ))
              )}
            </View>
          </View>
        </>
      ) : null}

      <View className="section">
        <View className="section__title">设置</View>
        <CareModeRow />
      </View>

      <FooterBar>
        <ActionButton variant="secondary" loading={loggingOut} loadingText="正在退出…" onClick={onLogout}>
          退出登录
        </ActionButton>
      </FooterBar>
    </Screen>
  );
}
