import { View } from '@tarojs/components';
import type { StaffGrant } from '@union/shared';
import ActionButton from '../../../components/ActionButton';
import { formatAgo, formatDate } from '../../../lib/dates';
import { GRANT_ROLE_LABELS } from '../../../lib/labels';

interface Props {
  grant: StaffGrant;
  busy: boolean;
  error?: string;
  onChangeRole: () => void;
  onRemove: () => void;
  onToggleDisabled: () => void;
  onWithdraw: () => void;
}

/** One role of one person: who, where, since when and from whom, when last active, and what may be done to it. */
export default function GrantCard({ grant, busy, error, onChangeRole, onRemove, onToggleDisabled, onWithdraw }: Props) {
  if (grant.status !== 'active') return <InvitationCard grant={grant} busy={busy} error={error} onWithdraw={onWithdraw} />;
  return (
    <View className={`card staff-grant ${grant.disabled ? 'staff-grant--disabled' : ''}`} data-id={grant.id}>
      <View className="staff-grant__head">
        <View className="staff-grant__phone">
          {grant.phone ?? '微信账号'}
          {grant.self ? '（我）' : ''}
        </View>
        <View className="tag tag--primary">{GRANT_ROLE_LABELS[grant.role]}</View>
        {grant.disabled ? <View className="tag tag--warn">已停用</View> : null}
      </View>
      <View className="staff-grant__org">{grant.orgName}</View>
      <View className="staff-grant__meta muted">
        最近活跃：{grant.lastActiveAt ? formatAgo(grant.lastActiveAt) : '尚未登录'} · {formatDate(grant.grantedAt)} 由{grant.grantedBy ?? '系统'}授权
      </View>
      {error ? (
        <View className="staff-grant__error" ariaRole="alert">
          {error}
        </View>
      ) : null}
      <View className="staff-grant__actions">
        {!grant.self ? (
          <ActionButton variant="secondary" size="small" block={false} disabled={busy} onClick={onChangeRole}>
            更改角色
          </ActionButton>
        ) : null}
        <ActionButton variant="secondary" size="small" block={false} disabled={busy} onClick={onRemove}>
          {grant.self ? '移除我的角色' : '移除角色'}
        </ActionButton>
        {!grant.self ? (
          <ActionButton variant="text" size="small" block={false} disabled={busy} onClick={onToggleDisabled}>
            {grant.disabled ? '恢复账号' : '停用账号'}
          </ActionButton>
        ) : null}
      </View>
    </View>
  );
}

/** A role offered and not yet accepted: who, where, until when; the admin may withdraw it. */
function InvitationCard({ grant, busy, error, onWithdraw }: Pick<Props, 'grant' | 'busy' | 'error' | 'onWithdraw'>) {
  const lapsed = grant.status === 'expired';
  return (
    <View className={`card staff-grant staff-grant--invited ${lapsed ? 'staff-grant--disabled' : ''}`} data-id={grant.id}>
      <View className="staff-grant__head">
        <View className="staff-grant__phone">{grant.phone ?? '微信账号'}</View>
        <View className="tag tag--primary">{GRANT_ROLE_LABELS[grant.role]}</View>
        <View className={`tag ${lapsed ? 'tag--warn' : 'tag--info'}`}>{lapsed ? '邀请已过期' : '待接受'}</View>
      </View>
      <View className="staff-grant__org">{grant.orgName}</View>
      <View className="staff-grant__meta muted">
        {formatDate(grant.grantedAt)} 由{grant.grantedBy ?? '系统'}邀请
        {lapsed ? '，对方未接受；可重新邀请' : grant.expiresAt ? `，${formatDate(grant.expiresAt)}前有效` : ''}
      </View>
      {error ? (
        <View className="staff-grant__error" ariaRole="alert">
          {error}
        </View>
      ) : null}
      <View className="staff-grant__actions">
        <ActionButton variant="secondary" size="small" block={false} disabled={busy} onClick={onWithdraw}>
          {lapsed ? '删除邀请' : '撤回邀请'}
        </ActionButton>
      </View>
    </View>
  );
}
