import { useState } from 'react';
import { View } from '@tarojs/components';
import { REJECT_REASONS, rejectInputSchema, revealInputSchema, type StaffApplication } from '@union/shared';
import { pageGate } from '../../components/PageGate';
import Screen from '../../components/Screen';
import { EmptyState, RequestStatus } from '../../components/StateView';
import { STAFF_PAGE } from '../../lib/navigation';
import QueueFilterBar, { TABS } from './queue/queue-filter';
import QueueHead from './queue/queue-head';
import UndoFooter from './queue/undo-footer';
import { useHeldDecision } from './queue/use-held-decision';
import { useReassign, useReveal } from './queue/use-item-sheets';
import { useQueue } from './queue/use-queue';
import ReassignSheet from './reassign-sheet';
import ReasonSheet from '../../components/ReasonSheet';
import StaffItem from './staff-item';
import './index.scss';

export { UNDO_MS } from './queue/use-held-decision';

const REVEAL_REASONS = ['核对身份信息', '申请人要求更正信息', '现场核验证件'] as const;

/**
 * 工作台: the live queue of applications to review, with the tools row above it. 通过 and 驳回 are held for 撤销
 * (queue/use-held-decision.ts); 转交 and 查看完整身份证号 ask in a sheet (queue/use-item-sheets.ts).
 */
export default function StaffQueuePage() {
  const q = useQueue();
  const decision = useHeldDecision(q);
  // 驳回 asks for the reason in a sheet; the decision is then held in the 撤销 bar, not sent, so the sheet never waits.
  const [rejecting, setRejecting] = useState<StaffApplication | null>(null);
  const reassign = useReassign(q);
  const reveal = useReveal();

  const gate = pageGate({
    signedIn: q.queue.signedIn,
    signedOut: { title: '登录后进入工作台', description: '使用工会工作人员的手机号登录，审核入会申请。', returnTo: STAFF_PAGE },
  });
  if (gate) return gate;

  const { state } = q.queue;
  const current = TABS.find((t) => t.status === q.tab)!;

  return (
    <Screen withFooter className="staff">
      <QueueHead me={q.me} live={q.live} />
      <QueueFilterBar
        tab={q.tab}
        pendingTotal={state.status === 'success' ? state.data.pendingTotal : undefined}
        onTab={(status) => {
          if (q.switchTab(status)) reveal.hideAll();
        }}
        last4={q.last4}
        eventId={q.eventId}
        events={q.events}
        onFilter={q.applyFilter}
      />

      <View className="section">
        <RequestStatus
          state={state}
          loadingText="正在加载入会申请…"
          errorTitle={(error) => (error.status === 403 ? '没有审核权限' : '入会申请加载失败')}
          onRetry={() => void q.queue.run()}
        />
        {state.status === 'success' && state.data.items.length === 0 ? <EmptyState title={`暂无${current.label}的申请`} description={current.empty} /> : null}
        {state.status === 'success' && state.data.items.length > 0 ? (
          <>
            {state.data.total > state.data.items.length ? (
              <View className="staff__more muted">
                共 {state.data.total} 份，显示最新 {state.data.items.length} 份
              </View>
            ) : null}
            {state.data.items.map((item) => (
              <StaffItem
                key={item.id}
                item={item}
                fresh={q.fresh.has(item.id)}
                revealed={reveal.revealed[item.id]}
                onApprove={() => decision.hold({ item, kind: 'approve' })}
                onReject={() => setRejecting(item)}
                onReassign={() => reassign.open(item)}
                onReveal={() => reveal.open(item)}
                onHide={() => reveal.hide(item.id)}
              />
            ))}
          </>
        ) : null}
      </View>

      <ReasonSheet
        open={rejecting !== null}
        title="驳回入会申请"
        subject={rejecting ? `${rejecting.name} · ${rejecting.employer}` : undefined}
        quickReasons={REJECT_REASONS}
        label="驳回原因"
        readBy="申请人会看到"
        schema={rejectInputSchema.shape.reason}
        confirmText="确认驳回"
        busyText="正在驳回…"
        onConfirm={(reason) => {
          if (!rejecting) return;
          decision.hold({ item: rejecting, kind: 'reject', reason });
          setRejecting(null);
        }}
        onClose={() => setRejecting(null)}
      />

      <ReassignSheet
        item={reassign.item}
        busy={reassign.busy}
        error={reassign.error}
        onConfirm={(org, reason) => void reassign.confirm(org, reason)}
        onClose={reassign.close}
      />

      <ReasonSheet
        open={reveal.item !== null}
        title="查看完整身份证号"
        subject="查看会记录您的姓名、时间和原因。离开本页后自动隐藏。"
        quickReasons={REVEAL_REASONS}
        label="查看原因"
        readBy="原因会记入审计日志"
        schema={revealInputSchema.shape.reason}
        confirmText="查看"
        busyText="正在查询…"
        busy={reveal.busy}
        error={reveal.error}
        onConfirm={(reason) => void reveal.confirm(reason)}
        onClose={reveal.close}
      />

      <UndoFooter held={decision.held} secondsLeft={decision.secondsLeft} notice={decision.notice} onUndo={decision.undo} />
    </Screen>
  );
}
