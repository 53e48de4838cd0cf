import { useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { fetchHomeNow, type HomeNow } from '../../api/home';
import { toApiError } from '../../api/errors';
import { isSignedIn } from '../../api/session';
import { showUnreadOnTab } from '../../hooks/use-unread';
import { formatClock, formatDate, formatDateTime } from '../../lib/beijing-time';
import { BENEFITS_MINE_PAGE, MESSAGES_PAGE, MY_BOOKINGS_PAGE, openPage } from '../../lib/navigation';

type NowState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'success'; data: HomeNow };

interface BlockProps {
  kind: string;
  icon: string;
  label: string;
  title: string;
  detail: string;
  page: string;
  badge?: number;
}

/** One compact, tappable line of what is current: a label, what it is, when; the whole block opens its page. */
function Block({ kind, icon, label, title, detail, page, badge }: BlockProps) {
  return (
    <View
      className={`now-block now-block--${kind}`}
      hoverClass="now-block--pressed"
      ariaRole="link"
      ariaLabel={`${label}：${title}`}
      onClick={() => openPage(page)}
    >
      <View className="now-block__icon">
        {icon}
        {badge ? <View className="now-block__badge">{badge > 99 ? '99+' : badge}</View> : null}
      </View>
      <View className="now-block__body">
        <View className="now-block__label">{label}</View>
        <View className="now-block__title">{title}</View>
        <View className="now-block__detail muted">{detail}</View>
      </View>
      <View className="now-block__go">›</View>
    </View>
  );
}

/**
 * 首页's "now": the next booking, unused vouchers and unread messages of a signed-in account, one block each and
 * only when there is one; fetched in parallel each time 首页 shows, kept on screen while it refreshes.
 */
export function HomeNowSection() {
  const [state, setState] = useState<NowState | null>(null);

  const load = (quietly: boolean) => {
    if (!quietly) setState({ status: 'loading' });
    fetchHomeNow()
      .then((data) => {
        setState({ status: 'success', data });
        showUnreadOnTab(data.unread);
      })
      .catch((error: unknown) => setState({ status: 'error', message: toApiError(error).message }));
  };

  useDidShow(() => {
    if (!isSignedIn()) {
      setState(null);
      return;
    }
    load(state?.status === 'success');
  });

  if (!state) return null;
  if (state.status === 'loading') {
    return (
      <View className="section home__now" ariaRole="status">
        <View className="card now-status muted">正在查看您的预约、券和消息…</View>
      </View>
    );
  }
  if (state.status === 'error') {
    return (
      <View className="section home__now">
        <View className="card now-status now-status--error" ariaRole="alert">
          <View className="now-status__text">预约、券和消息没有加载出来：{state.message}</View>
          <View className="now-status__retry" hoverClass="now-status__retry--pressed" ariaRole="button" onClick={() => load(false)}>
            重试
          </View>
        </View>
      </View>
    );
  }

  const { nextBooking, vouchers, unread, latestUnread } = state.data;
  if (!nextBooking && vouchers.length === 0 && unread === 0) return null;
  return (
    <View className="section home__now card">
      {nextBooking ? (
        <Block
          kind="booking"
          icon="约"
          label={nextBooking.status === 'offered' ? '候补名额待确认' : '下一个预约'}
          title={nextBooking.service.title}
          detail={`${formatDateTime(nextBooking.slot.startsAt)}–${formatClock(nextBooking.slot.endsAt)} · ${nextBooking.service.address}`}
          page={MY_BOOKINGS_PAGE}
        />
      ) : null}
      {vouchers.length > 0 ? (
        <Block
          kind="voucher"
          icon="券"
          label={`${vouchers.length} 张券未使用`}
          title={vouchers[0]!.title}
          detail={vouchers[0]!.validUntil ? `有效期至 ${formatDate(vouchers[0]!.validUntil)}` : '到店出示券码核销'}
          page={BENEFITS_MINE_PAGE}
        />
      ) : null}
      {unread > 0 ? (
        <Block
          kind="messages"
          icon="信"
          label={`${unread} 条未读消息`}
          title={latestUnread?.heading ?? '您有新消息'}
          detail={latestUnread ? [latestUnread.subject, latestUnread.time].filter(Boolean).join(' · ') : '点击查看'}
          page={MESSAGES_PAGE}
          badge={unread}
        />
      ) : null}
    </View>
  );
}
