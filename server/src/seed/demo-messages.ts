import type { Database } from '../db/client';
import { dayjs, SERVICE_TZ } from '../lib/dates';
import { notifications } from '../modules/notifications';

const DAY = 86_400_000;

/**
 * The demo member's 消息: what the outbox told him over his first month, as the dev notifier sent it. The approval
 * and the booking he has read; the reminder of that consultation he has not, so 首页 and 我的 show one unread.
 */
export async function seedDemoMessages(db: Database, accountId: string, orgName: string, joinedAt: Date, now = new Date()) {
  const at = (ms: number) => new Date(ms);
  const fmt = (d: Date) => dayjs(d).tz(SERVICE_TZ).format('YYYY-MM-DD HH:mm');
  const consultation = dayjs(now.getTime() - 6 * DAY)
    .tz(SERVICE_TZ)
    .hour(14)
    .minute(0)
    .second(0)
    .millisecond(0)
    .toDate();
  const title = '劳动争议免费法律咨询';
  const place = '北京市西城区新街口外大街甲14号 街道职工服务中心一层';
  const rows = [
    {
      kind: 'application_approved' as const,
      data: { title: '入会申请已通过', time: fmt(joinedAt), place: orgName, note: '已通过' },
      createdAt: joinedAt,
      readAt: at(joinedAt.getTime() + 600_000),
    },
    {
      kind: 'booking_confirmed' as const,
      data: { title, time: fmt(consultation), place, note: '预约成功' },
      createdAt: at(consultation.getTime() - 3 * DAY),
      readAt: at(consultation.getTime() - 3 * DAY + 60_000),
    },
    {
      kind: 'booking_reminder' as const,
      data: { title, time: fmt(consultation), place, note: '即将开始' },
      createdAt: at(consultation.getTime() - 2 * 3_600_000),
      readAt: null,
    },
  ];
  await db.insert(notifications).values(
    rows.map((r, i) => ({
      ...r,
      accountId,
      dedupeKey: `demo:${r.kind}:${accountId}:${i}`,
      state: 'sent' as const,
      channel: 'dev',
      sentAt: r.createdAt,
      nextAttemptAt: r.createdAt,
    })),
  );
}
