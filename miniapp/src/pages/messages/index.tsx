import { useEffect, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import type { Message, MessageKind } from '@union/shared';
import { MESSAGES_PAGE_SIZE, markAllMessagesRead, markMessageRead, myMessages } from '../../api/messages';
import { toApiError } from '../../api/errors';
import ActionButton from '../../components/ActionButton';
import { pageGate } from '../../components/PageGate';
import Screen from '../../components/Screen';
import { EmptyState } from '../../components/StateView';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { formatAgo } from '../../lib/dates';
import {
  APPLICATION_PAGE,
  BENEFITS_MINE_PAGE,
  BENEFITS_PAGE,
  CARD_PAGE,
  MEMBERSHIP_PAGE,
  MESSAGES_PAGE,
  MY_BOOKINGS_PAGE,
  SERVICES_PAGE,
  STAFF_TRANSFERS_PAGE,
  openPage,
} from '../../lib/navigation';
import './index.scss';

/** Where a notice leads: the booking list, the member card, the vouchers, or the application to correct. */
const TARGET: Record<MessageKind, { page: string; label: string }> = {
  booking_confirmed: { page: MY_BOOKINGS_PAGE, label: '查看我的预约' },
  booking_promoted: { page: MY_BOOKINGS_PAGE, label: '查看我的预约' },
  booking_offered: { page: MY_BOOKINGS_PAGE, label: '去确认名额' },
  booking_reminder: { page: MY_BOOKINGS_PAGE, label: '查看预约码' },
  booking_cancelled: { page: SERVICES_PAGE, label: '看看其他时段' },
  application_approved: { page: CARD_PAGE, label: '查看会员卡' },
  application_rejected: { page: APPLICATION_PAGE, label: '查看申请' },
  transfer_requested: { page: `${STAFF_TRANSFERS_PAGE}?direction=out`, label: '去办理转出' },
  transfer_approved: { page: MEMBERSHIP_PAGE, label: '查看我的会籍' },
  transfer_declined: { page: MEMBERSHIP_PAGE, label: '查看我的会籍' },
  membership_left: { page: MEMBERSHIP_PAGE, label: '查看会籍记录' },
  membership_retained: { page: MEMBERSHIP_PAGE, label: '查看我的会籍' },
  benefit_claimed: { page: BENEFITS_MINE_PAGE, label: '查看我的券' },
  voucher_used: { page: BENEFITS_MINE_PAGE, label: '查看我的券' },
  voucher_voided: { page: BENEFITS_PAGE, label: '看看其他福利' },
};

/** Notices whose note says what to do or what is left (a voucher's worth, its uses). */
const NOTED = /^(benefit|voucher)_/;

/** Notices about a union's decision name the union; the others name a place. */
const ABOUT_A_UNION = /^(application|transfer|membership)_/;

function MessageItem({ message, onRead }: { message: Message; onRead: (read: Message) => void }) {
  const unread = message.readAt === null;
  const target = TARGET[message.kind];

  const read = async () => {
    if (!unread) return;
    try {
      onRead(await markMessageRead(message.id));
    } catch {
      // Stays unread; the next visit tries again.
    }
  };

  return (
    <View
      className={`card message${unread ? ' message--unread' : ''}`}
      hoverClass="message--pressed"
      ariaRole="button"
      ariaLabel={`${unread ? '未读，' : ''}${message.heading}`}
      onClick={() => void read()}
    >
      <View className="message__head">
        {unread ? <View className="message__dot" ariaLabel="未读" /> : null}
        <View className="message__heading">{message.heading}</View>
        <View className="message__ago muted">{formatAgo(message.createdAt)}</View>
      </View>
      {message.subject && message.subject !== message.heading ? <View className="message__subject">{message.subject}</View> : null}
      {message.time ? <View className="message__line muted">时间：{message.time}</View> : null}
      {message.place ? (
        <View className="message__line muted">
          {ABOUT_A_UNION.test(message.kind) ? '工会' : '地点'}：{message.place}
        </View>
      ) : null}
      {message.note && NOTED.test(message.kind) ? <View className="message__line">{message.note}</View> : null}
      {message.reason ? <View className="message__line">原因：{message.reason}</View> : null}
      {message.expires ? (
        <View className="message__line message__warn">
          {message.kind === 'transfer_requested'
            ? `异议期至 ${message.expires}，期满未提出异议的由新工会办理`
            : `请在 ${message.expires} 前确认，过时将让给下一位`}
        </View>
      ) : null}
      <View
        className="message__go"
        hoverClass="message__go--pressed"
        ariaRole="link"
        onClick={(e) => {
          e.stopPropagation();
          void read();
          openPage(target.page);
        }}
      >
        {target.label} ›
      </View>
    </View>
  );
}

/**
 * Older notices fetched with 查看更早的消息, continuing from `after` (the first page's `next` when they were fetched).
 * When the first page is fetched again (each time the page shows) and its `next` has moved (new notices pushed some
 * off it), they are dropped: keeping them would leave a gap between the two.
 */
interface Older {
  after: string;
  items: Message[];
  next: string | null;
  loading: boolean;
  error?: string;
}

export default function MessagesPage() {
  const view = useAuthedRequest(() => myMessages(), MESSAGES_PAGE);
  const { run, state } = view;
  const firstPage = state.status === 'success' ? state.data : null;
  const [readIds, setReadIds] = useState<Record<string, string>>({});
  // Read here since the first page was last fetched: the server's unread count does not know them yet.
  const [readSince, setReadSince] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [older, setOlder] = useState<Older | null>(null);
  useEffect(() => {
    setReadSince([]);
    setOlder((o) => (o && firstPage && o.after === firstPage.next ? o : null));
  }, [firstPage]);
  usePullDownRefresh(() => void run({ silent: true }).finally(() => Taro.stopPullDownRefresh()));

  const loadOlder = async (after: string, before: string) => {
    setOlder((o) => ({ after, items: o?.items ?? [], next: before, loading: true }));
    // An answer that comes after the older pages were dropped (the first page moved meanwhile) is not used.
    const still = (o: Older | null) => o !== null && o.after === after;
    try {
      const page = await myMessages(before);
      setOlder((o) => (still(o) ? { after, items: [...o!.items, ...page.items], next: page.next, loading: false } : o));
    } catch (error) {
      setOlder((o) => (still(o) ? { ...o!, loading: false, error: toApiError(error).message } : o));
    }
  };
  const onRead = (read: Message) => {
    setReadIds((ids) => ({ ...ids, [read.id]: read.readAt ?? '' }));
    setReadSince((ids) => (ids.includes(read.id) ? ids : [...ids, read.id]));
  };

  const gate = pageGate({
    signedIn: view.signedIn,
    signedOut: { title: '登录后查看消息', description: '审核结果、候补名额、预约提醒和领券、用券记录都会在这里。', returnTo: MESSAGES_PAGE },
    state,
    onRetry: () => void run(),
    loadingText: '正在加载消息…',
    errorTitle: '消息加载失败',
  });
  if (gate || state.status !== 'success') return gate;

  const items = [...state.data.items, ...(older?.items ?? [])].map((m) => (readIds[m.id] && !m.readAt ? { ...m, readAt: readIds[m.id]! } : m));
  // The server counts every unread notice, also those on pages not fetched yet.
  const unread = Math.max(0, state.data.unread - readSince.length);
  const next = older ? older.next : state.data.next;
  const after = older ? older.after : state.data.next;

  const readAll = async () => {
    setBusy(true);
    try {
      await markAllMessagesRead();
      const at = new Date().toISOString();
      setOlder((o) => o && { ...o, items: o.items.map((m) => (m.readAt ? m : { ...m, readAt: at })) });
      await run({ silent: true });
    } catch (error) {
      void Taro.showToast({ title: toApiError(error).message, icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen className="messages">
      {items.length === 0 ? (
        <EmptyState
          title="还没有消息"
          description="入会审核结果、候补名额、预约提醒和领券、用券记录会发到这里。"
          action={<ActionButton onClick={() => openPage(SERVICES_PAGE)}>去预约服务</ActionButton>}
        />
      ) : (
        <View className="section">
          <View className="section__title">
            <View>{unread > 0 ? `${unread} 条未读` : '全部已读'}</View>
            {unread > 0 ? (
              <View className="messages__read-all" hoverClass="messages__read-all--pressed" ariaRole="button" onClick={() => !busy && void readAll()}>
                {busy ? '正在标记…' : '全部标为已读'}
              </View>
            ) : null}
          </View>
          {items.map((m) => (
            <MessageItem key={m.id} message={m} onRead={onRead} />
          ))}
          {older?.error ? (
            <View className="messages__error" ariaRole="alert">
              {older.error}
            </View>
          ) : null}
          {next ? (
            <ActionButton variant="text" loading={older?.loading} loadingText="正在加载…" onClick={() => void loadOlder(after ?? next, next)}>
              {older?.error ? '重试' : '查看更早的消息'}
            </ActionButton>
          ) : items.length > MESSAGES_PAGE_SIZE ? (
            <View className="messages__end muted">没有更早的消息了</View>
          ) : null}
        </View>
      )}
    </Screen>
  );
}
