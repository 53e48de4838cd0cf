import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

/**
 * The union works in Beijing: every date the app shows or compares is a date there, whatever time
 * zone the phone is set to (calendar periods and booking slots will depend on it).
 */
export const TIME_ZONE = 'Asia/Shanghai';
/**
 * Asia/Shanghai is UTC+8 with no daylight saving since 1991, so a fixed offset is exact for every
 * date the app handles. It also spares the first page dayjs's timezone plugin, whose Intl time-zone
 * lookups cost about 100 ms of a slow phone's start-up, and works on runtimes without Intl zone data.
 */
const OFFSET_MINUTES = 8 * 60;
const DAY_MS = 24 * 3_600_000;

export type DateInput = string | number | Date | Dayjs;

/** An instant (ISO string, epoch ms, Date) as Beijing wall-clock time. */
export function inBeijing(value: DateInput = Date.now()): Dayjs {
  return dayjs(value).utcOffset(OFFSET_MINUTES);
}

function format(value: DateInput, pattern: string): string {
  const d = dayjs(value);
  return d.isValid() ? inBeijing(d).format(pattern) : String(value);
}

/** 2024-03-05T08:00:00Z -> 2024年3月5日. */
export function formatDate(value: DateInput): string {
  return format(value, 'YYYY年M月D日');
}

/** 2024-03-05T08:05:00Z -> 3月5日 16:05. */
export function formatDateTime(value: DateInput): string {
  return format(value, 'M月D日 HH:mm');
}

/** 2024-03-05T08:05:00Z -> 16:05. */
export function formatClock(value: DateInput): string {
  return format(value, 'HH:mm');
}

/** 3月5日: a short day, e.g. in a default title. */
export function formatMonthDay(value: DateInput = Date.now()): string {
  return format(value, 'M月D日');
}

/** A calendar date with no time (a birth date, 1990-03-02) -> 1990年3月2日; no zone is involved. */
export function formatBirthDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return match ? `${Number(match[1])}年${Number(match[2])}月${Number(match[3])}日` : date;
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

export function greeting(now: DateInput = Date.now()): string {
  // Plain arithmetic on the instant: the landing page calls this in its first render, where dayjs's
  // local-time setters (and the engine's time-zone initialisation they trigger) cost tens of ms at
  // a slow phone's speed.
  const ms = typeof now === 'number' ? now : dayjs.isDayjs(now) ? now.valueOf() : new Date(now).getTime();
  const h = Math.floor(((((ms + OFFSET_MINUTES * 60_000) % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000);
  if (h < 5) return '夜深了';
  if (h < 11) return '早上好';
  if (h < 13) return '中午好';
  if (h < 18) return '下午好';
  return '晚上好';
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
