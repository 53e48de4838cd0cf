import { useEffect, useState } from 'react';
import { Input, View } from '@tarojs/components';
import { BOOKING_STATUS_LABELS, slotCancelSchema, type Slot, type SlotBooker } from '@union/shared';
import { toApiError } from '../../../api/errors';
import { cancelSlot, slotBookers } from '../../../api/services-admin';
import ActionButton from '../../../components/ActionButton';
import { EmptyState, RequestStatus } from '../../../components/StateView';
import { useRequest } from '../../../hooks/use-request';

function BookerRow({ booker }: { booker: SlotBooker }) {
  return (
    <View className="slot-roster__person">
      <View className="slot-roster__name">
        {booker.position !== null ? <View className="slot-roster__position">候补第{booker.position}位</View> : null}
        {booker.memberName}
      </View>
      <View className="slot-roster__phone muted">{booker.phone ?? '未留手机号'}</View>
      {booker.status !== 'waitlisted' ? <View className="slot-roster__status tag">{BOOKING_STATUS_LABELS[booker.status]}</View> : null}
    </View>
  );
}

interface SlotRosterProps {
  serviceId: string;
  slot: Slot;
  /** After the slot was cancelled: reload the list. */
  onCancelled: (notified: number) => void;
}

/** 预约名单 of one slot (masked), and 取消此时段 with a reason everyone on it is told. */
export default function SlotRoster({ serviceId, slot, onCancelled }: SlotRosterProps) {
  const roster = useRequest(() => slotBookers(serviceId, slot.id), { initial: 'loading' });
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void roster.run();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [slot.id]);

  const data = roster.state.status === 'success' ? roster.state.data : null;
  const people = data ? data.booked.length + data.waitlisted.length : 0;

  async function confirm() {
    if (busy) return;
    const parsed = slotCancelSchema.safeParse({ reason });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      return;
    }
    setBusy(true);
    try {
      const res = await cancelSlot(serviceId, slot.id, parsed.data.reason);
      onCancelled(res.notified);
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="slot-roster">
      <RequestStatus state={roster.state} loadingText="正在加载名单…" errorTitle="名单加载失败" onRetry={() => void roster.run()} />
      {data && people === 0 ? (
        slot.cancelledAt ? (
          <EmptyState title="时段已取消" description={`原因：${slot.cancelReason ?? ''}。当时预约和候补的会员都已收到通知。`} />
        ) : (
          <EmptyState title="还没有人预约" description="会员预约或候补后会出现在这里。" />
        )
      ) : null}
      {data && data.booked.length > 0 ? (
        <View className="slot-roster__group">
          <View className="slot-roster__title">已约 {data.booked.length} 人</View>
          {data.booked.map((b) => (
            <BookerRow key={b.bookingId} booker={b} />
          ))}
        </View>
      ) : null}
      {data && data.waitlisted.length > 0 ? (
        <View className="slot-roster__group">
          <View className="slot-roster__title">候补 {data.waitlisted.length} 人</View>
          {data.waitlisted.map((b) => (
            <BookerRow key={b.bookingId} booker={b} />
          ))}
        </View>
      ) : null}
      {slot.cancelledAt ? null : asking ? (
        <View className="slot-roster__cancel">
          <View className="slot-roster__title">取消原因（会通知{people > 0 ? `这 ${people} 人` : '预约的会员'}）</View>
          <Input
            className="form-field__input slot-roster__reason"
            value={reason}
            placeholder="如：律师临时有事，改期另约"
            maxlength={60}
            onInput={(e) => {
              setReason(e.detail.value);
              setError(undefined);
            }}
          />
          {error ? (
            <View className="slots-panel__error" ariaRole="alert">
              {error}
            </View>
          ) : null}
          <ActionButton loading={busy} loadingText="正在取消…" onClick={() => void confirm()}>
            确认取消并通知
          </ActionButton>
          <ActionButton variant="text" onClick={() => setAsking(false)}>
            不取消
          </ActionButton>
        </View>
      ) : (
        <ActionButton variant="secondary" onClick={() => setAsking(true)}>
          取消此时段
        </ActionButton>
      )}
    </View>
  );
}
