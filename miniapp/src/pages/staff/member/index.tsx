import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import {
  LEAVE_REASONS,
  STAFF_ADMIN_ROLES,
  TRANSFER_STATUS_LABELS,
  WORKER_CATEGORIES,
  displayMemberNo,
  leaveInputSchema,
  type StaffMemberDetail,
} from '@union/shared';
import { fetchMe } from '../../../api/auth';
import { toApiError } from '../../../api/errors';
import { fetchStaffMember, staffLeave } from '../../../api/membership';
import ActionButton from '../../../components/ActionButton';
import MembershipHistory from '../../../components/MembershipHistory';
import { pageGate } from '../../../components/PageGate';
import ReasonSheet from '../../../components/ReasonSheet';
import Screen from '../../../components/Screen';
import { RequestStatus } from '../../../components/StateView';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { formatDate, formatDateTime } from '../../../lib/dates';
import { MEMBERSHIP_STATUS_LABELS } from '../../../lib/labels';
import { STAFF_MEMBER_PAGE, safeDecode } from '../../../lib/navigation';
import '../members/index.scss';

interface MemberView {
  member: StaffMemberDetail;
  /** Ending a membership is an admin's (or operator's). */
  mayEnd: boolean;
}

/** One member of the staffer's unions: the register entry, the transfers, 会籍记录, and 办理退会 for admins. */
export default function StaffMemberPage() {
  const router = useRouter();
  const id = safeDecode(router.params.id) ?? '';
  const page = useAuthedRequest<MemberView>(async () => {
    const [member, me] = await Promise.all([fetchStaffMember(id), fetchMe({ quiet: true })]);
    return { member, mayEnd: me.grants.some((g) => STAFF_ADMIN_ROLES.includes(g.role)) };
  }, `${STAFF_MEMBER_PAGE}?id=${id}`);
  const [leaving, setLeaving] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function end(reason: string) {
    setBusy(true);
    setError(undefined);
    try {
      const member = await staffLeave(id, reason);
      page.set({ member, mayEnd: true });
      setLeaving(false);
      void Taro.showToast({ title: '已办理退会', icon: 'none', duration: 2000 });
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  }

  const gate = pageGate({
    signedIn: page.signedIn,
    signedOut: { title: '登录后查看会员', description: '使用工会工作人员的手机号登录。', returnTo: `${STAFF_MEMBER_PAGE}?id=${id}` },
  });
  if (gate) return gate;
  const { state } = page;
  if (state.status !== 'success') {
    return (
      <Screen>
        <View className="section">
          <RequestStatus
            state={state}
            loadingText="正在加载会员…"
            errorTitle={(e) => (e.status === 404 ? '没有找到这位会员（可能已转到其他工会）' : '会员加载失败')}
            onRetry={() => void page.run()}
          />
        </View>
      </Screen>
    );
  }
  const { member: m, mayEnd } = state.data;
  return (
    <Screen className="staff-member">
      <View className="section">
        <View className="card">
          <View className="member-row__head">
            <View className="member-row__name">{m.name}</View>
            <View className={`tag ${m.status === 'active' ? 'tag--success' : m.status === 'left' ? '' : 'tag--warn'}`}>
              {MEMBERSHIP_STATUS_LABELS[m.status]}
            </View>
          </View>
          <View className="info-list">
            <View className="info-list__row">
              <View className="info-list__key muted">会员编号</View>
              <View className="info-list__value">{displayMemberNo(m.memberNo)}</View>
            </View>
            <View className="info-list__row">
              <View className="info-list__key muted">所在工会</View>
              <View className="info-list__value">{m.orgName}</View>
            </View>
            <View className="info-list__row">
              <View className="info-list__key muted">手机号</View>
              <View className="info-list__value">{m.phone}</View>
            </View>
            <View className="info-list__row">
              <View className="info-list__key muted">工作</View>
              <View className="info-list__value">
                {m.employer ?? '未填写'}
                {m.category ? ` · ${WORKER_CATEGORIES[m.category]}` : ''}
              </View>
            </View>
            <View className="info-list__row">
              <View className="info-list__key muted">入会</View>
              <View className="info-list__value">{formatDate(m.joinedAt)}</View>
            </View>
            {m.retainedUntil && m.status === 'retained' ? (
              <View className="info-list__row">
                <View className="info-list__key muted">保留至</View>
                <View className="info-list__value">{formatDate(m.retainedUntil)}</View>
              </View>
            ) : null}
          </View>
        </View>
      </View>

      {m.transfers.length > 0 ? (
        <View className="section">
          <View className="section__title">转会申请</View>
          {m.transfers.map((t) => (
            <View key={t.id} className="card member-row">
              <View className="member-row__head">
                <View className="member-row__meta member-row__route">
                  {t.fromOrgName} → {t.toOrgName}
                </View>
                <View className="tag">{TRANSFER_STATUS_LABELS[t.status]}</View>
              </View>
              <View className="member-row__meta muted">{formatDateTime(t.requestedAt)} 申请</View>
              {t.reason ? <View className="member-row__meta">原因：{t.reason}</View> : null}
            </View>
          ))}
        </View>
      ) : null}

      <View className="section">
        <View className="section__title">会籍记录</View>
        <MembershipHistory events={m.history} />
      </View>

      {mayEnd && (m.status === 'active' || m.status === 'retained') ? (
        <View className="section">
          {error && !leaving ? (
            <View className="member-row__meta" ariaRole="alert">
              {error}
            </View>
          ) : null}
          <ActionButton variant="secondary" onClick={() => setLeaving(true)}>
            办理退会
          </ActionButton>
          <View className="member-row__meta muted">会员长期未缴会费、未参加活动，经谈话后由工会办理；会员会收到通知。</View>
        </View>
      ) : null}

      <ReasonSheet
        open={leaving}
        title="为会员办理退会"
        subject={`${m.name} · ${m.orgName}`}
        quickReasons={['保留期满，经谈话后办理', '本人申请，工会代办', ...LEAVE_REASONS]}
        label="退会原因"
        readBy="会员会看到，并记入操作记录"
        schema={leaveInputSchema.shape.reason}
        confirmText="确认办理退会"
        busyText="正在办理…"
        busy={busy}
        error={error}
        onConfirm={(reason) => void end(reason)}
        onClose={() => setLeaving(false)}
      />
    </Screen>
  );
}
