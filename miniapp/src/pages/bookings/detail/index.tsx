import { useState } from 'react';
import Taro, { useRouter, usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { LIMIT_PERIOD_LABELS, SERVICE_KIND_LABELS, type Booking, type Service, type Slot } from '@union/shared';
import { bookSlot, getService, listSlots } from '../../../api/bookings';
import { toApiError } from '../../../api/errors';
import ActionButton from '../../../components/ActionButton';
import FooterBar from '../../../components/FooterBar';
import { pageGate } from '../../../components/PageGate';
import Screen from '../../../components/Screen';
import { EmptyState } from '../../../components/StateView';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { formatClock, formatDateTime, inBeijing } from '../../../lib/dates';
import { MY_BOOKINGS_PAGE, SERVICE_DETAIL_PAGE, openPage } from '../../../lib/navigation';
import { requestSubscription } from '../../../lib/subscribe';
import '../index.scss';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

function dayLabel(iso: string) {
  const d = inBeijing(iso);
  return `${d.month() + 1}月${d.date()}日 ${WEEKDAYS[d.day()]}`;
}

function SlotRow({ slot, selected, onSelect }: { slot: Slot; selected: boolean; onSelect: () => void }) {
  const full = slot.remaining === 0;
  return (
    <View
      className={`slot ${selected ? 'slot--on' : ''}`}
      hoverClass="slot--pressed"
      ariaRole="radio"
      aria-checked={selected}
      ariaLabel={`${formatClock(slot.startsAt)} 至 ${formatClock(slot.endsAt)}，${full ? `已满，候补 ${slot.waitlisted} 人` : `剩余 ${slot.remaining} 个名额`}`}
      onClick={onSelect}
    >
      <View className="slot__time">
        {selected ? '✓ ' : ''}
        {formatClock(slot.startsAt)}–{formatClock(slot.endsAt)}
      </View>
      {full ? (
        <View className="tag tag--warn">已满 · 可候补{slot.waitlisted ? `（${slot.waitlisted}人排队）` : ''}</View>
      ) : (
        <View className="tag tag--success">剩余 {slot.remaining}</View>
      )}
    </View>
  );
}

export default function ServiceDetailPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const view = useAuthedRequest(async () => {
    const [service, slots] = await Promise.all([getService(id), listSlots(id)]);
    return { service, slots };
  }, `${SERVICE_DETAIL_PAGE}?id=${id}`);
  const [selected, setSelected] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  usePullDownRefresh(() => void view.run({ silent: true }).finally(() => Taro.stopPullDownRefresh()));

  const gate = pageGate({
    signedIn: view.signedIn,
    signedOut: { title: '登录后预约服务', description: '登录后可查看时段并预约。', returnTo: `${SERVICE_DETAIL_PAGE}?id=${id}` },
    state: view.state,
    onRetry: () => void view.run(),
    loadingText: '正在加载服务…',
    errorTitle: '服务加载失败',
  });
  const { state } = view;
  if (gate || state.status !== 'success') return gate;
  const { service, slots } = state.data as { service: Service; slots: Slot[] };
  const chosen = slots.find((s) => s.id === selected) ?? null;
  const days = new Map<string, Slot[]>();
  for (const slot of slots.filter((s) => Date.parse(s.startsAt) > Date.now())) {
    const key = dayLabel(slot.startsAt);
    days.set(key, [...(days.get(key) ?? []), slot]);
  }

  const book = async () => {
    if (!chosen) return;
    // Inside the tap, before any await: WeChat only asks then.
    requestSubscription();
    setBusy(true);
    let booking: Booking;
    try {
      booking = await bookSlot(chosen.id);
    } catch (error) {
      void Taro.showModal({ title: '未能预约', content: toApiError(error).message, showCancel: false });
      void view.run({ silent: true });
      return;
    } finally {
      setBusy(false);
    }
    const text =
      booking.status === 'waitlisted'
        ? `已加入候补，排第 ${booking.position} 位。有人取消时会通知您。`
        : `已预约 ${formatDateTime(booking.slot.startsAt)}，请按时到场并出示预约码。`;
    // WeChat and Taro allow at most four characters on a modal button.
    await Taro.showModal({
      title: booking.status === 'waitlisted' ? '已加入候补' : '预约成功',
      content: text,
      confirmText: '查看预约',
      showCancel: false,
    }).catch(() => undefined);
    openPage(MY_BOOKINGS_PAGE);
  };

  return (
    <Screen withFooter className="booking-detail">
      <View className="section">
        <View className="card">
          <View className="booking-detail__title">{service.title}</View>
          <View className="tag tag--primary">{SERVICE_KIND_LABELS[service.kind]}</View>
          <View className="booking-detail__desc">{service.description}</View>
          <View className="info-list">
            <View className="info-list__row">
              <View className="info-list__key muted">地点</View>
              <View className="info-list__value">{service.place.address}</View>
            </View>
            <View className="info-list__row">
              <View className="info-list__key muted">主办</View>
              <View className="info-list__value">{service.orgName}</View>
            </View>
            <View className="info-list__row">
              <View className="info-list__key muted">取消</View>
              <View className="info-list__value">
                开始前 {service.cancelCutoffMinutes >= 60 ? `${Math.round(service.cancelCutoffMinutes / 60)} 小时` : `${service.cancelCutoffMinutes} 分钟`}
                可取消
              </View>
            </View>
            {service.perMemberLimit ? (
              <View className="info-list__row">
                <View className="info-list__key muted">限额</View>
                <View className="info-list__value">
                  {LIMIT_PERIOD_LABELS[service.perMemberLimit.period]}限 {service.perMemberLimit.count} 次
                </View>
              </View>
            ) : null}
          </View>
        </View>
      </View>

      <View className="section">
        <View className="section__title">
          选择时段<View className="section__hint">已满的时段可以候补</View>
        </View>
        {days.size === 0 ? <EmptyState title="暂无可预约的时段" description="工会发布新的时段后，可下拉刷新查看。" /> : null}
        {[...days.entries()].map(([day, list]) => (
          <View key={day} className="card slot-day">
            <View className="slot-day__label">{day}</View>
            {list.map((slot) => (
              <SlotRow key={slot.id} slot={slot} selected={slot.id === selected} onSelect={() => setSelected(slot.id)} />
            ))}
          </View>
        ))}
      </View>

      <FooterBar>
        <ActionButton disabled={!chosen} loading={busy} loadingText="正在预约…" onClick={() => void book()}>
          {!chosen ? '请选择时段' : chosen.remaining > 0 ? `预约 ${formatDateTime(chosen.startsAt)}` : `候补 ${formatDateTime(chosen.startsAt)}`}
        </ActionButton>
      </FooterBar>
    </Screen>
  );
}
