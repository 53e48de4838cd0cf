import { useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View } from '@tarojs/components';
import type { ClerkInvitation } from '@union/shared';
import { toApiError } from '../../api/errors';
import { answerClerkInvitation, fetchClerkInvitations } from '../../api/merchants';
import ActionButton from '../../components/ActionButton';
import { formatDate } from '../../lib/dates';

/**
 * 店员邀请: a 普惠商户 a union signed asks this person to check member codes at its counter. They become its clerk
 * only by accepting here (an admin cannot make anyone a clerk without their consent).
 */
export default function ClerkInvitations({ onAnswered }: { onAnswered: () => void }) {
  const [items, setItems] = useState<ClerkInvitation[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState('');
  const load = () =>
    fetchClerkInvitations()
      .then(setItems)
      .catch(() => setItems([]));
  // Mounted once the page has its data (after the page's own show), then again on every return to 我的.
  useEffect(() => void load(), []);
  useDidShow(() => void load());

  async function answer(invitation: ClerkInvitation, accept: boolean) {
    setBusy(invitation.merchantId);
    setError('');
    try {
      await answerClerkInvitation(invitation.merchantId, accept);
      void Taro.showToast({ title: accept ? `已成为${invitation.merchantName}的店员` : '已谢绝', icon: 'none', duration: 2000 });
      await load();
      onAnswered();
    } catch (e) {
      setError(toApiError(e).message);
      await load();
    } finally {
      setBusy(null);
    }
  }

  if (items.length === 0) return null;
  return (
    <View className="section">
      <View className="section__title">商户邀请</View>
      {items.map((i) => (
        <View key={i.merchantId} className="card clerk-invitation">
          <View className="clerk-invitation__text">
            {i.merchantName}（{i.orgName}签约的普惠商户）邀请您成为店员：接受后可在店里扫码验证会员、核销代金券。邀请
            {formatDate(i.expiresAt)}前有效。
          </View>
          {error ? (
            <View className="clerk-invitation__error" ariaRole="alert">
              {error}
            </View>
          ) : null}
          <View className="clerk-invitation__actions">
            <ActionButton size="small" block={false} loading={busy === i.merchantId} loadingText="正在提交…" onClick={() => void answer(i, true)}>
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
