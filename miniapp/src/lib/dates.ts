import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { OFFSET_MINUTES, formatDateTime } from './beijing-time';

export { formatBirthDate, formatClock, formatDate, formatDateTime, formatMonthDay, greeting } from './beijing-time';

dayjs.extend(utc);

/**
 * The union works in Beijing: every date the app shows or compares is a date there, whatever time
 * zone the phone is set to (calendar periods and booking slots will depend on it).
 */
export const TIME_ZONE = 'Asia/Shanghai';

export type DateInput = string | number | Date | Dayjs;

/** An instant (ISO string, epoch ms, Date) as Beijing wall-clock time. */
export function inBeijing(value: DateInput = Date.now()): Dayjs {
  return dayjs(value).utcOffset(OFFSET_MINUTES);
}

/** Today in Beijing at `clock` (HH:mm). */
export function todayAt(clock: string, now: DateInput = Date.now()): Dayjs {
  const [h, m] = clock.split(':').map(Number);
  return inBeijing(now)
    .hour(h ?? 0)
    .minute(m ?? 0)
    .second(0)
    .millisecond(0);
}

/** 刚刚, 5分钟前, 2小时前, else the date and time. */
export function formatAgo(value: DateInput, now: DateInput = Date.now()): string {
  const then = dayjs(value);
  if (!then.isValid()) return String(value);
  const minutes = dayjs(now).diff(then, 'minute');
  if (minutes < 1) return '刚刚';
  if (minutes < 60) return `${minutes}分钟前`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)}小时前`;
  return formatDateTime(then);
}

/** Where `now` stands against a period [start, end]. */
export function phaseOf(period: { startsAt: DateInput; endsAt: DateInput }, now: DateInput = Date.now()): 'before' | 'during' | 'after' {
  const t = dayjs(now);
  if (t.isBefore(period.startsAt)) return 'before';
  if (t.isAfter(period.endsAt)) return 'after';
  return 'during';
}
