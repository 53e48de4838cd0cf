import { useRef, useState } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { WORKER_CATEGORIES, displayMemberNo, transferDecisionSchema, type StaffTransfer } from '@union/shared';
import { toApiError } from '../../../api/errors';
import { decideTransfer, fetchStaffTransfers } from '../../../api/membership';
import ActionButton from '../../../components/ActionButton';
import Chips from '../../../components/Chips';
import { pageGate } from '../../../components/PageGate';
import ReasonSheet from '../../../components/ReasonSheet';
import Screen from '../../../components/Screen';
import { EmptyState, RequestStatus } from '../../../components/StateView';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { formatDateTime } from '../../../lib/dates';
import { STAFF_MEMBER_PAGE, STAFF_TRANSFERS_PAGE, openPage } from '../../../lib/navigation';
import './index.scss';

type Direction = 'in' | 'out';
const DIRECTIONS: { value: Direction; label: string }[] = [
  { value: 'in', label: '转入本会' },
  { value: 'out', label: '从本会转出' },
];
const REJECT_REASONS = ['不在本会受理范围', '工作单位信息不符', '请先到新单位所在工会办理'] as const;
const OBJECT_REASONS = ['有未办完的互助保障手续', '会员身份信息待核实', '本人未到工会说明情况'] as const;

interface ItemProps {
  item: StaffTransfer;
  busy: boolean;
  error?: string;
  onApprove: () => void;
  onReject: () => void;
  onRelease: () => void;
  onObject: () => void;
}

/** One request: who, from where to where, the new job, the old union's window, and what this staffer may do. */
function TransferItem({ item, busy, error, onApprove, onReject, onRelease, onObject }: ItemProps) {
  const inbound = item.direction === 'in';
  const windowOpen = item.releasedAt === null && new Date(item.objectionUntil).getTime() > Date.now();
  return (
    <View className="card transfer-item">
      <View className="transfer-item__head">
        <View
          className="transfer-item__name"
          hoverClass="transfer-item__name--pressed"
          ariaRole="link"
          onClick={() => openPage(`${STAFF_MEMBER_PAGE}?id=${item.membershipId}`)}
        >
          {item.memberName} ›
        </View>
        <View className="tag tag--info">转会</View>
      </View>
      <View className="transfer-item__meta muted">
        {item.phone} · 会员编号 {displayMemberNo(item.memberNo)}
      </View>
      <View className="transfer-item__route">
        {item.fromOrgName} → {item.toOrgName}
      </View>
      <View className="transfer-item__meta">
        新单位：{item.employer} · {WORKER_CATEGORIES[item.category]}
      </View>
      <View className="transfer-item__meta muted">{formatDateTime(item.requestedAt)} 申请</View>
      <View className={`transfer-item__window ${windowOpen ? 'transfer-item__window--open' : ''}`}>
        {item.releasedAt
          ? `原工会已于 ${formatDateTime(item.releasedAt)} 同意转出`
          : windowOpen
            ? `原工会异议期至 ${formatDateTime(item.objectionUntil)}`
            : '异议期已满，原工会未提出异议'}
      </View>
      {error ? (
        <View className="transfer-item__error" ariaRole="alert">
          {error}
        </View>
      ) : null}
      <View className="transfer-item__actions">
        {inbound ? (
          <>
            <ActionButton size="small" block={false} disabled={!item.canApprove} loading={busy} loadingText="正在办理…" onClick={onApprove}>
              同意转入
            </ActionButton>
            <ActionButton size="small" block={false} variant="secondary" disabled={busy} onClick={onReject}>
              不同意
            </ActionButton>
          </>
        ) : (
          <>
            <ActionButton size="small" block={false} disabled={!item.canObject} loading={busy} loadingText="正在办理…" onClick={onRelease}>
              同意转出
            </ActionButton>
            <ActionButton size="small" block={false} variant="secondary" disabled={busy || !item.canObject} onClick={onObject}>
              提出异议
            </ActionButton>
          </>
        )}
      </View>
      {inbound && !item.canApprove ? <View className="transfer-item__hint muted">原工会同意转出或异议期满后可以办理</View> : null}
    </View>
  );
}

/** 转会办理: requests into the staffer's unions (approve or refuse) and out of them (agree or object in time). */
export default function StaffTransfersPage() {
  const router = useRouter();
  const [direction, setDirection] = useState<Direction>(router.params.direction === 'out' ? 'out' : 'in');
  // What the loader asks for, read when it runs (a switch of tabs loads at once, before the next render).
  const asked = useRef(direction);
  const page = useAuthedRequest(() => fetchStaffTransfers(asked.current), STAFF_TRANSFERS_PAGE);
  const [busy, setBusy] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [asking, setAsking] = useState<{ item: StaffTransfer; kind: 'reject' | 'object' } | null>(null);

  usePullDownRefresh(() => {
    void page.run({ silent: true }).finally(() => Taro.stopPullDownRefresh());
  });

  async function act(item: StaffTransfer, action: 'approve' | 'reject' | 'object' | 'release', done: string, reason?: string) {
    setBusy(item.id);
    setErrors((e) => ({ ...e, [item.id]: '' }));
    try {
      await decideTransfer(item.id, action, reason);
      setAsking(null);
      void Taro.showToast({ title: done, icon: 'none', duration: 2000 });
      await page.run({ silent: true });
    } catch (error) {
      const message = toApiError(error).message;
      setErrors((e) => ({ ...e, [item.id]: message }));
      setAsking(null);
    } finally {
      setBusy(null);
    }
  }

  const gate = pageGate({
    signedIn: page.signedIn,
    signedOut: { title: '登录后办理转会', description: '使用工会工作人员的手机号登录。', returnTo: STAFF_TRANSFERS_PAGE },
  });
  if (gate) return gate;

  const { state } = page;
  const items = state.status === 'success' ? state.data : [];
  return (
    <Screen className="staff-transfers">
      <View className="section">
        <Chips
          label="方向"
          columns={2}
          options={DIRECTIONS}
          selected={direction}
          onSelect={(d) => {
            asked.current = d;
            setDirection(d);
            void page.run();
          }}
        />
      </View>
      <View className="section">
        <RequestStatus
          state={state}
          loadingText="正在加载转会申请…"
          errorTitle={(e) => (e.status === 403 ? '只有审核员和管理员可以办理转会' : '转会申请加载失败')}
          onRetry={() => void page.run()}
        />
        {state.status === 'success' && items.length === 0 ? (
          <EmptyState
            title={direction === 'in' ? '没有待办理的转入申请' : '没有待处理的转出申请'}
            description={direction === 'in' ? '会员申请转入本会后会出现在这里。' : '本会会员申请转到其他工会时会出现在这里，异议期内可以提出异议。'}
          />
        ) : null}
        {items.map((item) => (
          <TransferItem
            key={item.id}
            item={item}
            busy={busy === item.id}
            error={errors[item.id]}
            onApprove={() => void act(item, 'approve', '已同意转入')}
            onReject={() => setAsking({ item, kind: 'reject' })}
            onRelease={() => void act(item, 'release', '已同意转出')}
            onObject={() => setAsking({ item, kind: 'object' })}
          />
        ))}
      </View>
      <ReasonSheet
        open={asking !== null}
        title={asking?.kind === 'object' ? '对转出提出异议' : '不同意转入'}
        subject={asking ? `${asking.item.memberName} · ${asking.item.fromOrgName} → ${asking.item.toOrgName}` : undefined}
        quickReasons={asking?.kind === 'object' ? OBJECT_REASONS : REJECT_REASONS}
        label={asking?.kind === 'object' ? '异议' : '原因'}
        readBy="会员会看到"
        schema={transferDecisionSchema.shape.reason}
        confirmText={asking?.kind === 'object' ? '提出异议' : '不同意转入'}
        busyText="正在办理…"
        busy={busy !== null}
        onConfirm={(reason) => asking && void act(asking.item, asking.kind, asking.kind === 'object' ? '已提出异议' : '已告知会员', reason)}
        onClose={() => setAsking(null)}
      />
    </Screen>
  );
}
