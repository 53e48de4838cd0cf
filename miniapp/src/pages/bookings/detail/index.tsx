import { useState } from 'react';
import Taro, { useRouter, usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { CLASS_SERVICE_KIND, LIMIT_PERIOD_LABELS, SERVICE_KIND_LABELS, type Booking, type BookingStatus, type Service, type Slot } from '@union/shared';
import { bookSlot, cancelBooking, getService, listSlots, myBookings } from '../../../api/bookings';
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
import ClassInfo from './class-info';
import '../index.scss';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

function dayLabel(iso: string) {
  const d = inBeijing(iso);
  return `${d.month() + 1}月${d.date()}日 ${WEEKDAYS[d.day()]}`;
}

/** The member's own bookings that still hold or wait for a place. */
const ACTIVE: BookingStatus[] = ['booked', 'offered', 'checked_in', 'waitlisted'];

/** "2小时", "30分钟", "1小时30分钟": how long before the start cancelling stops. */
function cutoffText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h ? `${h}小时` : ''}${m || !h ? `${m}分钟` : ''}`;
}

/** What the member's own booking of a slot is: 已预约, 候补第 N 位… */
function mineText(b: Booking): string {
  if (b.status === 'waitlisted') return `候补第 ${b.position ?? '?'} 位`;
  if (b.status === 'offered') return '有名额待确认';
  if (b.status === 'checked_in') return '已签到';
  return '已预约';
}

function SlotRow({ slot, mine, selected, onSelect }: { slot: Slot; mine: Booking | undefined; selected: boolean; onSelect: () => void }) {
  const full = slot.remaining === 0;
  const state = mine ? `我${mineText(mine)}` : full ? `已满，候补 ${slot.waitlisted} 人` : `剩余 ${slot.remaining} 个名额`;
  return (
    <View
      className={`slot ${selected ? 'slot--on' : ''}`}
      hoverClass="slot--pressed"
      ariaRole="radio"
      aria-checked={selected}
      ariaLabel={`${formatClock(slot.startsAt)} 至 ${formatClock(slot.endsAt)}，${state}`}
      onClick={onSelect}
    >
      <View className="slot__time">
        {selected ? '✓ ' : ''}
        {formatClock(slot.startsAt)}–{formatClock(slot.endsAt)}
      </View>
      {mine ? (
        <View className="tag tag--primary slot__mine">{mineText(mine)}</View>
      ) : full ? (
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
    const [service, slots, bookings] = await Promise.all([getService(id), listSlots(id), myBookings()]);
    const mine = new Map(bookings.filter((b) => b.service.id === id && ACTIVE.includes(b.status)).map((b) => [b.slot.id, b]));
    return { service, slots, mine };
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
  const { service, slots, mine } = state.data as { service: Service; slots: Slot[]; mine: Map<string, Booking> };
  const chosen = slots.find((s) => s.id === selected) ?? null;
  const chosenMine = chosen ? mine.get(chosen.id) : undefined;
  const days = new Map<string, Slot[]>();
  for (const slot of slots.filter((s) => Date.parse(s.startsAt) > Date.now())) {
    const key = dayLabel(slot.startsAt);
    days.set(key, [...(days.get(key) ?? []), slot]);
  }

  const book = async () => {
    if (!chosen) return;
    // Inside the tap, before any await: WeChat only asks then.
    requestSubscription();
    // Within the cut-off the place could not be given back: say so before taking it.
    if (Date.now() >= Date.parse(chosen.startsAt) - service.cancelCutoffMinutes * 60_000) {
      const { confirm } = await Taro.showModal({
        title: '预约后不能取消',
        content: `开始前${cutoffText(service.cancelCutoffMinutes)}内不能取消。这个时段 ${formatDateTime(chosen.startsAt)} 开始，${
          chosen.remaining > 0 ? '预约后不能再取消' : '候补到名额后不能再取消'
        }，请确认能按时到场。`,
        confirmText: '仍要预约',
        cancelText: '再想想',
      }).catch(() => ({ confirm: false }));
      if (!confirm) return;
    }
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

  const cancel = async () => {
    if (!chosenMine) return;
    const leaving = chosenMine.status === 'waitlisted';
    const { confirm } = await Taro.showModal({
      title: leaving ? '退出候补？' : '取消预约？',
      content: `${service.title}\n${formatDateTime(chosenMine.slot.startsAt)}${leaving ? '' : '\n取消后名额会让给候补的会员。'}`,
      confirmText: leaving ? '退出候补' : '取消预约',
      cancelText: '再想想',
    });
    if (!confirm) return;
    setBusy(true);
    try {
      await cancelBooking(chosenMine.id);
      void Taro.showToast({ title: leaving ? '已退出候补' : '已取消预约', icon: 'none' });
    } catch (error) {
      void Taro.showModal({ title: '未能取消', content: toApiError(error).message, showCancel: false });
    } finally {
      setBusy(false);
    }
    void view.run({ silent: true });
  };
  const mineCancellable =
    chosenMine !== undefined &&
    (chosenMine.status === 'waitlisted' ||
      ((chosenMine.status === 'booked' || chosenMine.status === 'offered') && Date.parse(chosenMine.cancelBefore) > Date.now()));

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

      {service.kind === CLASS_SERVICE_KIND ? <ClassInfo serviceId={service.id} /> : null}

      <View className="section">
        <View className="section__title">
          选择时段<View className="section__hint">已满的时段可以候补</View>
        </View>
        {days.size === 0 ? <EmptyState title="暂无可预约的时段" description="工会发布新的时段后，可下拉刷新查看。" /> : null}
        {[...days.entries()].map(([day, list]) => (
          <View key={day} className="card slot-day">
            <View className="slot-day__label">{day}</View>
            {list.map((slot) => (
              <SlotRow key={slot.id} slot={slot} mine={mine.get(slot.id)} selected={slot.id === selected} onSelect={() => setSelected(slot.id)} />
            ))}
          </View>
        ))}
      </View>

      <FooterBar>
        {chosenMine ? (
          <ActionButton variant="secondary" disabled={!mineCancellable} loading={busy} loadingText="正在取消…" onClick={() => void cancel()}>
            {chosenMine.status === 'waitlisted'
              ? '退出候补'
              : mineCancellable
                ? '取消预约'
                : chosenMine.status === 'checked_in'
                  ? '已签到'
                  : `已过取消截止时间（${formatDateTime(chosenMine.cancelBefore)}）`}
          </ActionButton>
        ) : (
          <ActionButton disabled={!chosen} loading={busy} loadingText="正在预约…" onClick={() => void book()}>
            {!chosen ? '请选择时段' : chosen.remaining > 0 ? `预约 ${formatDateTime(chosen.startsAt)}` : `候补 ${formatDateTime(chosen.startsAt)}`}
          </ActionButton>
        )}
      </FooterBar>
    </Screen>
  );
}
