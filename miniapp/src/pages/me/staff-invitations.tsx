import { useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View } from '@tarojs/components';
import type { StaffInvitation } from '@union/shared';
import { toApiError } from '../../api/errors';
import { answerStaffInvitation, fetchMyStaffInvitations } from '../../api/staff-admin';
import ActionButton from '../../components/ActionButton';
import { formatDate } from '../../lib/dates';
import { GRANT_ROLE_LABELS } from '../../lib/labels';

const WHAT: Record<StaffInvitation['role'], string> = {
  scanner: '扫码核验会员、预约签到和核销',
  reviewer: '审核入会申请',
  admin: '管理工会的设置、服务、福利和工作人员',
  operator: '管理全市的工会、服务和工作人员',
};

/**
 * 工作人员邀请: a union's admin offers this person a role. They hold it only by accepting here; until then nothing of
 * theirs changes.
 */
export default function StaffInvitations({ onAnswered }: { onAnswered: () => void }) {
  const [items, setItems] = useState<StaffInvitation[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState('');
  const load = () =>
    fetchMyStaffInvitations()
      .then(setItems)
      .catch(() => setItems([]));
  // Mounted once the page has its data (after the page's own show), then again on every return to 我的.
  useEffect(() => void load(), []);
  useDidShow(() => void load());

  async function answer(invitation: StaffInvitation, accept: boolean) {
    setBusy(invitation.id);
    setError('');
    try {
      await answerStaffInvitation(invitation.id, accept);
      void Taro.showToast({ title: accept ? `已成为${invitation.orgName}的${GRANT_ROLE_LABELS[invitation.role]}` : '已谢绝', icon: 'none', duration: 2000 });
      await load();
      onAnswered();
    } catch (e) {
      setError(toApiError(e).message);
      await load();
    } finally {
      setBusy(null);
    }
  }

  if (items.length === 0 && !error) return null;
  return (
    <View className="section">
      <View className="section__title">工作人员邀请</View>
      {error ? (
        <View className="clerk-invitation__error" ariaRole="alert">
          {error}
        </View>
      ) : null}
      {items.map((i) => (
        <View key={i.id} className="card clerk-invitation staff-invitation">
          <View className="clerk-invitation__text">
            {i.orgName}
            {i.invitedBy ? `（${i.invitedBy}）` : ''}邀请您担任{GRANT_ROLE_LABELS[i.role]}：接受后可{WHAT[i.role]}。邀请{formatDate(i.expiresAt)}前有效。
          </View>
          <View className="clerk-invitation__actions">
            <ActionButton size="small" block={false} loading={busy === i.id} loadingText="正在提交…" onClick={() => void answer(i, true)}>
              接受邀请
            </ActionButton>
            <ActionButton variant="text" size="small" block={false} disabled={busy !== null} onClick={() => void answer(i, false)}>
              谢绝
            </ActionButton>
          </View>
        </View>
      ))}
    </View>
  );
}
