import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { CLERK_INVITATION_DAYS, phoneSchema, type Clerk, type MerchantAdmin } from '@union/shared';
import { toApiError } from '../../../api/errors';
import { fetchClerks, inviteClerk, removeClerk } from '../../../api/merchants';
import ActionButton from '../../../components/ActionButton';
import FormField from '../../../components/FormField';
import Sheet from '../../../components/Sheet';
import { LoadingState } from '../../../components/StateView';
import { formatDate } from '../../../lib/dates';
import { PHONE_INPUT } from '../../../lib/input-kinds';

const STATUS: Record<Clerk['status'], { label: string; tag: string }> = {
  active: { label: '店员', tag: 'tag--success' },
  invited: { label: '待接受', tag: 'tag--info' },
  expired: { label: '邀请已过期', tag: 'tag--warn' },
};

/**
 * 店员: who checks member codes at this merchant's counter, and the invitations waiting for an answer. A phone is
 * invited; the person becomes a clerk only by accepting on 我的 within the days an invitation lasts.
 */
export default function ClerksSheet({ merchant, onClose, onChanged }: { merchant: MerchantAdmin; onClose: () => void; onChanged: () => void }) {
  const [clerks, setClerks] = useState<Clerk[] | null>(null);
  const [phone, setPhone] = useState('');
  const [error, setError] = useState('');
  const [phoneError, setPhoneError] = useState('');
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(
    () =>
      fetchClerks(merchant.id)
        .then(setClerks)
        .catch((e) => setError(toApiError(e).message)),
    [merchant.id],
  );
  useEffect(() => void load(), [load]);

  async function act(key: string, run: () => Promise<string>) {
    setBusy(key);
    setError('');
    try {
      const done = await run();
      void Taro.showToast({ title: done, icon: 'none', duration: 2000 });
      await load();
      onChanged();
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(null);
    }
  }

  async function invite() {
    const to = phone.trim();
    const parsed = phoneSchema.safeParse(to);
    if (!parsed.success) {
      setPhoneError(parsed.error.issues[0]?.message ?? '请输入11位手机号');
      return;
    }
    await act('invite', async () => {
      const clerk = await inviteClerk(merchant.id, to);
      setPhone('');
      return clerk.status === 'active' ? '对方已是本店店员' : '已发出邀请';
    });
  }

  async function remove(clerk: Clerk) {
    const what = clerk.status === 'active' ? '移除店员' : '撤回邀请';
    const { confirm } = await Taro.showModal({
      title: what,
      content: clerk.status === 'active' ? `${clerk.phone}将不能再在本店核验会员。` : `撤回对${clerk.phone}的邀请？`,
      confirmText: what.slice(0, 2),
      confirmColor: '#c8102e',
    });
    if (!confirm) return;
    await act(clerk.accountId, async () => (await removeClerk(merchant.id, clerk.accountId), clerk.status === 'active' ? '已移除' : '已撤回'));
  }

  return (
    <Sheet open title={`店员：${merchant.name}`} onClose={onClose}>
      <View className="clerks-sheet">
        <FormField label="邀请店员" error={phoneError} help={`对方用这个手机号登录后，在“我的”接受邀请才成为店员；${CLERK_INVITATION_DAYS}天内有效`}>
          <View className="form-field__row">
            <Input
              className="form-field__input"
              value={phone}
              placeholder="店员的11位手机号"
              placeholderClass="form-field__placeholder"
              ariaLabel="店员手机号"
              {...PHONE_INPUT}
              onInput={(e) => {
                setPhone(e.detail.value);
                setPhoneError('');
              }}
            />
          </View>
        </FormField>
        <ActionButton loading={busy === 'invite'} loadingText="正在邀请…" onClick={() => void invite()}>
          发送邀请
        </ActionButton>
        {error ? (
          <View className="clerks-sheet__error" ariaRole="alert">
            {error}
          </View>
        ) : null}
        <View className="clerks-sheet__title">店员和邀请</View>
        {clerks === null ? <LoadingState text="正在加载店员…" /> : null}
        {clerks?.length === 0 ? <View className="muted">还没有店员。</View> : null}
        {clerks?.map((c) => (
          <View key={c.accountId} className="clerks-sheet__row" data-status={c.status}>
            <View className="clerks-sheet__who">
              <View className="clerks-sheet__phone">{c.phone}</View>
              <View className={`tag ${STATUS[c.status].tag}`}>{STATUS[c.status].label}</View>
            </View>
            <View className="muted clerks-sheet__when">
              {c.status === 'invited' && c.expiresAt
                ? `${formatDate(c.invitedAt)} 邀请，${formatDate(c.expiresAt)} 前有效`
                : c.status === 'expired'
                  ? `${formatDate(c.invitedAt)} 邀请，对方未接受；可在上面输入手机号重新邀请`
                  : `${formatDate(c.invitedAt)} 起`}
            </View>
            <View className="clerks-sheet__actions">
              <ActionButton variant="text" size="small" block={false} disabled={busy !== null} onClick={() => void remove(c)}>
                {c.status === 'active' ? '移除店员' : '撤回邀请'}
              </ActionButton>
            </View>
          </View>
        ))}
      </View>
    </Sheet>
  );
}
