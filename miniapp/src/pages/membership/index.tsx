import { useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import {
  LEAVE_REASONS,
  RETAIN_REASONS,
  RETENTION_MONTHS,
  WORKER_CATEGORIES,
  displayMemberNo,
  leaveInputSchema,
  retainInputSchema,
  type MyMembership,
} from '@union/shared';
import { toApiError } from '../../api/errors';
import { cancelTransfer, fetchMyMembership, leaveUnion, resumeMembership, retainMembership } from '../../api/membership';
import ActionButton from '../../components/ActionButton';
import Chips from '../../components/Chips';
import MembershipHistory from '../../components/MembershipHistory';
import { pageGate } from '../../components/PageGate';
import ReasonSheet from '../../components/ReasonSheet';
import Screen from '../../components/Screen';
import { EmptyState, RequestStatus } from '../../components/StateView';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { formatDate, formatDateTime } from '../../lib/dates';
import { MEMBERSHIP_STATUS_LABELS } from '../../lib/labels';
import { JOIN_PAGE, MEMBERSHIP_PAGE, MEMBERSHIP_PROFILE_PAGE, MEMBERSHIP_TRANSFER_PAGE, openPage } from '../../lib/navigation';
import './index.scss';

const STATUS_TAG: Record<MyMembership['status'], string> = { active: 'tag--success', retained: 'tag--warn', transferring: 'tag--info', left: '' };

function Summary({ m }: { m: MyMembership }) {
  return (
    <View className="card membership__summary">
      <View className="membership__head">
        <View className="membership__org">{m.orgName}</View>
        <View className={`tag ${STATUS_TAG[m.status]}`}>{MEMBERSHIP_STATUS_LABELS[m.status]}</View>
      </View>
      <View className="info-list">
        <View className="info-list__row">
          <View className="info-list__key muted">会员编号</View>
          <View className="info-list__value">{displayMemberNo(m.memberNo)}</View>
        </View>
        <View className="info-list__row">
          <View className="info-list__key muted">工作单位</View>
          <View className="info-list__value">{m.employer ?? '未填写'}</View>
        </View>
        <View className="info-list__row">
          <View className="info-list__key muted">职业类别</View>
          <View className="info-list__value">{m.category ? WORKER_CATEGORIES[m.category] : '未填写'}</View>
        </View>
        <View className="info-list__row">
          <View className="info-list__key muted">手机号</View>
          <View className="info-list__value">{m.phone}</View>
        </View>
        {m.retainedUntil && m.status !== 'left' ? (
          <View className="info-list__row">
            <View className="info-list__key muted">保留至</View>
            <View className="info-list__value">{formatDate(m.retainedUntil)}</View>
          </View>
        ) : null}
      </View>
    </View>
  );
}

/** The transfer that waits: where to, what happens next, and 撤回. */
function PendingTransfer({ m, busy, onCancel }: { m: MyMembership; busy: boolean; onCancel: () => void }) {
  const t = m.transfer!;
  return (
    <View className="card membership__transfer" ariaRole="status">
      <View className="tag tag--info">转会办理中</View>
      <View className="membership__transfer-title">申请转入{t.toOrgName}</View>
      <View className="membership__transfer-text">
        {formatDateTime(t.requestedAt)} 提交。
        {t.releasedAt ? '原工会已同意转出，' : `原工会可在 ${formatDateTime(t.objectionUntil)} 前提出异议，`}由{t.toOrgName}
        审核，通过后会籍转入新工会，会员编号不变。办理期间会员卡照常使用。
      </View>
      <ActionButton variant="secondary" size="small" loading={busy} loadingText="正在撤回…" onClick={onCancel}>
        撤回转会申请
      </ActionButton>
    </View>
  );
}

function ActionRow({ label, desc, danger, onClick }: { label: string; desc: string; danger?: boolean; onClick: () => void }) {
  return (
    <View className="membership__action" hoverClass="membership__action--pressed" ariaRole="button" ariaLabel={label} onClick={onClick}>
      <View className="membership__action-text">
        <View className={`membership__action-label ${danger ? 'membership__action-label--danger' : ''}`}>{label}</View>
        <View className="membership__action-desc muted">{desc}</View>
      </View>
      <View className="membership__go">›</View>
    </View>
  );
}

/** 我的会籍: the membership, what is in progress, 转会 · 保留会籍 · 退会 · 修改资料, and 会籍记录. */
export default function MembershipPage() {
  const page = useAuthedRequest(fetchMyMembership, MEMBERSHIP_PAGE);
  const [busy, setBusy] = useState(false);
  const [sheet, setSheet] = useState<'leave' | 'retain' | null>(null);
  const [months, setMonths] = useState<(typeof RETENTION_MONTHS)[number]>(6);
  const [error, setError] = useState<string>();

  usePullDownRefresh(() => {
    void page.run({ silent: true }).finally(() => Taro.stopPullDownRefresh());
  });

  /** Runs one change; the page shows what the server answered (the membership after it). */
  async function act(run: () => Promise<MyMembership>, done: string) {
    setBusy(true);
    setError(undefined);
    try {
      page.set(await run());
      setSheet(null);
      void Taro.showToast({ title: done, icon: 'none', duration: 2000 });
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  }

  async function confirmCancel() {
    const { confirm } = await Taro.showModal({
      title: '撤回转会申请？',
      content: '撤回后会籍留在原工会，可以以后再申请。',
      confirmText: '撤回',
      cancelText: '不撤回',
    });
    if (confirm) await act(cancelTransfer, '已撤回转会申请');
  }

  async function confirmLeave(reason: string) {
    const { confirm } = await Taro.showModal({
      title: '确认退会？',
      content: '退会后会员码立即停用，之后的预约会取消，未使用的券作废。以后可以重新申请入会。',
      confirmText: '确认退会',
      confirmColor: '#b3261e',
      cancelText: '再想想',
    });
    if (confirm) await act(() => leaveUnion(reason), '已退会');
  }

  const gate = pageGate({
    signedIn: page.signedIn,
    signedOut: { title: '登录后查看会籍', description: '登录后可查看会籍记录，办理转会、保留会籍或退会。', returnTo: MEMBERSHIP_PAGE },
  });
  if (gate) return gate;

  const { state } = page;
  if (state.status !== 'success') {
    return (
      <Screen>
        <View className="section">
          <RequestStatus state={state} loadingText="正在加载会籍…" errorTitle="会籍加载失败" onRetry={() => void page.run()} />
        </View>
      </Screen>
    );
  }
  const m = state.data;
  if (!m) {
    return (
      <Screen>
        <View className="section">
          <EmptyState
            title="您还不是工会会员"
            description="入会后，入会、转会、保留会籍和退会都会记在这里。"
            action={<ActionButton onClick={() => openPage(JOIN_PAGE)}>我要入会</ActionButton>}
          />
        </View>
      </Screen>
    );
  }

  const current = m.status !== 'left';
  return (
    <Screen className="membership">
      <View className="section">
        <Summary m={m} />
      </View>

      {m.transfer ? (
        <View className="section">
          <PendingTransfer m={m} busy={busy} onCancel={() => void confirmCancel()} />
        </View>
      ) : null}

      {error && !sheet ? (
        <View className="section membership__error" ariaRole="alert">
          {error}
        </View>
      ) : null}

      {current ? (
        <View className="section">
          <View className="section__title">办理</View>
          <View className="card membership__actions">
            <ActionRow label="修改资料" desc="工作单位、职业类别、手机号" onClick={() => openPage(MEMBERSHIP_PROFILE_PAGE)} />
            {m.status !== 'transferring' ? (
              <ActionRow label="申请转会" desc="换了工作，会籍转到新单位或新地区的工会" onClick={() => openPage(MEMBERSHIP_TRANSFER_PAGE)} />
            ) : null}
            {m.status === 'active' ? <ActionRow label="保留会籍" desc="失业、单位关闭或退休时保留会籍，最长12个月" onClick={() => setSheet('retain')} /> : null}
            {m.status === 'retained' ? (
              <>
                <ActionRow label="恢复正常会籍" desc="已重新就业，仍在本工会" onClick={() => void act(resumeMembership, '已恢复正常会籍')} />
                <ActionRow label="延长保留期" desc={`当前保留至${formatDate(m.retainedUntil!)}`} onClick={() => setSheet('retain')} />
              </>
            ) : null}
            {m.status !== 'transferring' ? <ActionRow label="退会" desc="退出工会，会员码和券随之失效" danger onClick={() => setSheet('leave')} /> : null}
          </View>
        </View>
      ) : (
        <View className="section">
          <View className="card membership__left">
            <View className="membership__left-text">您已于{formatDate(m.history.at(-1)?.at ?? m.joinedAt)}退会。会籍记录保留如下，可以随时重新申请入会。</View>
            <ActionButton variant="secondary" onClick={() => openPage(JOIN_PAGE)}>
              重新申请入会
            </ActionButton>
          </View>
        </View>
      )}

      <View className="section" id="history">
        <View className="section__title">
          <View>会籍记录</View>
          <View className="section__hint">{m.history.length} 条</View>
        </View>
        <MembershipHistory events={m.history} />
      </View>

      <ReasonSheet
        open={sheet === 'leave'}
        title="退会"
        subject={`退出${m.orgName}`}
        quickReasons={LEAVE_REASONS}
        label="退会原因"
        readBy="工会会看到"
        schema={leaveInputSchema.shape.reason}
        confirmText="退会"
        busyText="正在办理…"
        busy={busy}
        error={error}
        onConfirm={(reason) => void confirmLeave(reason)}
        onClose={() => setSheet(null)}
      >
        <View className="membership__warn">退会后：会员码立即停用；之后的预约取消，名额让给候补的人；未使用的券和会员福利作废。会籍记录会保留。</View>
      </ReasonSheet>

      <ReasonSheet
        open={sheet === 'retain'}
        title={m.status === 'retained' ? '延长保留期' : '保留会籍'}
        subject="没有工作期间保留会籍，会员卡、预约和券照常使用。期满前可以恢复、延长或转会。"
        quickReasons={RETAIN_REASONS}
        label="保留原因"
        readBy="工会会看到"
        schema={retainInputSchema.shape.reason}
        confirmText={`保留${months}个月`}
        busyText="正在办理…"
        busy={busy}
        error={error}
        onConfirm={(reason) => void act(() => retainMembership({ reason, months }), `已保留会籍${months}个月`)}
        onClose={() => setSheet(null)}
      >
        <View className="reason-sheet__label">保留多久</View>
        <Chips
          label="保留多久"
          columns={3}
          options={RETENTION_MONTHS.map((n) => ({ value: String(n) as `${typeof n}`, label: `${n}个月` }))}
          selected={String(months) as `${typeof months}`}
          onSelect={(v) => setMonths(Number(v) as typeof months)}
        />
      </ReasonSheet>
    </Screen>
  );
}
