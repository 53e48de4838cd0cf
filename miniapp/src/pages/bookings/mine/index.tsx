import { useEffect, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { BOOKING_STATUS_LABELS, SERVICE_KIND_LABELS, type Booking } from '@union/shared';
import { acceptOffer, cancelBooking, myBookings } from '../../../api/bookings';
import { toApiError } from '../../../api/errors';
import ActionButton from '../../../components/ActionButton';
import QrCode from '../../../components/QrCode';
import ShortCode from '../../../components/ShortCode';
import { pageGate } from '../../../components/PageGate';
import Screen from '../../../components/Screen';
import { EmptyState } from '../../../components/StateView';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { formatClock, formatDateTime } from '../../../lib/dates';
import { MY_BOOKINGS_PAGE, SERVICES_PAGE, openPage } from '../../../lib/navigation';
import '../index.scss';

const TAG: Record<Booking['status'], string> = {
  booked: 'tag--success',
  waitlisted: 'tag--info',
  offered: 'tag--warn',
  checked_in: 'tag--primary',
  cancelled: '',
  no_show: 'tag--warn',
  expired: '',
};

export function statusText(b: Booking): string {
  if (b.status === 'waitlisted' && b.position) return `候补第${b.position}位`;
  return BOOKING_STATUS_LABELS[b.status];
}

/** mm:ss left on an offer, ticking each second; 0 when it ran out. */
function useCountdown(until: string | null) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!until) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  if (!until) return null;
  const left = Math.max(0, Date.parse(until) - now);
  const m = Math.floor(left / 60_000);
  const s = Math.floor((left % 60_000) / 1000);
  return { left, text: `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` };
}

function BookingItem({ booking, onChanged }: { booking: Booking; onChanged: () => void }) {
  const [showCode, setShowCode] = useState(false);
  const [busy, setBusy] = useState<'cancel' | 'accept' | null>(null);
  const countdown = useCountdown(booking.status === 'offered' ? booking.offerExpiresAt : null);
  const cancellable = (booking.status === 'booked' || booking.status === 'offered') && Date.parse(booking.cancelBefore) > Date.now();
  const leavable = booking.status === 'waitlisted';

  const cancel = async () => {
    const { confirm } = await Taro.showModal({
      title: leavable ? '退出候补？' : '取消预约？',
      content: `${booking.service.title}\n${formatDateTime(booking.slot.startsAt)}${leavable ? '' : '\n取消后名额会让给候补的会员。'}`,
      confirmText: leavable ? '退出候补' : '取消预约',
      cancelText: '再想想',
    });
    if (!confirm) return;
    setBusy('cancel');
    try {
      await cancelBooking(booking.id);
      void Taro.showToast({ title: leavable ? '已退出候补' : '已取消预约', icon: 'none' });
      onChanged();
    } catch (error) {
      void Taro.showModal({ title: '未能取消', content: toApiError(error).message, showCancel: false });
    } finally {
      setBusy(null);
    }
  };

  const accept = async () => {
    setBusy('accept');
    try {
      await acceptOffer(booking.id);
      void Taro.showToast({ title: '已确认，预约成功', icon: 'none' });
      onChanged();
    } catch (error) {
      void Taro.showModal({ title: '未能确认', content: toApiError(error).message, showCancel: false });
      onChanged();
    } finally {
      setBusy(null);
    }
  };

  return (
    <View className="card booking">
      <View className="booking__head">
        <View className="booking__title">{booking.service.title}</View>
        <View className={`tag ${TAG[booking.status]}`}>{statusText(booking)}</View>
      </View>
      <View className="booking__line">
        {formatDateTime(booking.slot.startsAt)}–{formatClock(booking.slot.endsAt)} · {SERVICE_KIND_LABELS[booking.service.kind]}
      </View>
      <View className="booking__line muted">{booking.service.address}</View>
      {booking.status === 'offered' && countdown ? (
        <View className="booking__offer" ariaRole="status">
          有名额空出，请在 {countdown.text} 内确认，过时将让给下一位。
        </View>
      ) : null}
      {booking.status === 'booked' && booking.qrToken ? (
        showCode ? (
          <View className="booking__code">
            <QrCode value={booking.qrToken} label={`预约码，${booking.service.title}`} className="booking__qr" />
            <ShortCode code={booking.qrShortCode} hint="扫不出时，请工作人员输入此码签到" />
            <View className="muted">到场后请工作人员扫码签到</View>
            {booking.qrExpiresAt ? (
              <View className="booking__token-note muted">预约码 {formatClock(booking.qrExpiresAt)} 前有效，本页打开时会自动刷新</View>
            ) : null}
          </View>
        ) : null
      ) : null}
      <View className="booking__actions">
        {booking.status === 'offered' && countdown && countdown.left > 0 ? (
          <ActionButton size="small" loading={busy === 'accept'} loadingText="正在确认…" onClick={() => void accept()}>
            确认预约
          </ActionButton>
        ) : null}
        {booking.status === 'booked' && booking.qrToken ? (
          <ActionButton size="small" variant="secondary" onClick={() => setShowCode(!showCode)}>
            {showCode ? '收起预约码' : '出示预约码'}
          </ActionButton>
        ) : null}
        {cancellable || leavable ? (
          <ActionButton size="small" variant="text" loading={busy === 'cancel'} loadingText="正在取消…" onClick={() => void cancel()}>
            {leavable ? '退出候补' : '取消预约'}
          </ActionButton>
        ) : booking.status === 'booked' ? (
          <View className="muted booking__note">已过取消截止时间（{formatDateTime(booking.cancelBefore)}）</View>
        ) : null}
      </View>
    </View>
  );
}

export default function MyBookingsPage() {
  const view = useAuthedRequest(myBookings, MY_BOOKINGS_PAGE);
  const { run } = view;
  usePullDownRefresh(() => void run({ silent: true }).finally(() => Taro.stopPullDownRefresh()));
  // A waitlisted place can turn into an offer at any moment, and booking codes last ten minutes: look again every half minute.
  useEffect(() => {
    const timer = setInterval(() => void run({ silent: true }), 30_000);
    return () => clearInterval(timer);
  }, [run]);

  const gate = pageGate({
    signedIn: view.signedIn,
    signedOut: { title: '登录后查看我的预约', description: '登录后可查看预约码和候补进度。', returnTo: MY_BOOKINGS_PAGE },
    state: view.state,
    onRetry: () => void run(),
    loadingText: '正在加载预约…',
    errorTitle: '预约加载失败',
  });
  const { state } = view;
  if (gate || state.status !== 'success') return gate;
  return (
    <Screen className="my-bookings">
      {state.data.length === 0 ? (
        <EmptyState
          title="还没有预约"
          description="在“服务预约”里选择服务和时段即可预约。"
          action={<ActionButton onClick={() => openPage(SERVICES_PAGE)}>去预约</ActionButton>}
        />
      ) : (
        <View className="section">
          {state.data.map((b) => (
            <BookingItem key={`${b.id}-${b.status}`} booking={b} onChanged={() => void run({ silent: true })} />
          ))}
        </View>
      )}
    </Screen>
  );
}
