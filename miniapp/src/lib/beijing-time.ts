/**
 * Beijing wall-clock formatting by arithmetic, without dayjs: what a page's first paint shows (the stall's time on
 * the join page, the greeting on 首页) needs neither dayjs's code nor its set-up. dates.ts re-exports these with the
 * dayjs-based rest; import from here only where the first load should not carry dayjs.
 *
 * Asia/Shanghai is UTC+8 with no daylight saving since 1991, so a fixed offset is exact for every date the app
 * handles, and works on runtimes without Intl zone data.
 */
export const OFFSET_MINUTES = 8 * 60;
const OFFSET_MS = OFFSET_MINUTES * 60_000;
const DAY_MS = 24 * 3_600_000;

/** An instant: ISO string, epoch ms, Date, or anything with a numeric valueOf (a Dayjs). */
export type Instant = string | number | Date | { valueOf(): number };

// dayjs's own reading of a string without a zone (local time, as dayjs reads it); strings with Z or an offset go to Date.
const LOCAL_STRING = /^(\d{4})[-/]?(\d{1,2})?[-/]?(\d{0,2})[Tt\s]*(\d{1,2})?:?(\d{1,2})?:?(\d{1,2})?[.:]?(\d+)?$/;

/** Epoch milliseconds of `value`, read as dayjs reads it (NaN when it is not a date). */
export function instantMs(value: Instant): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return value.valueOf();
  const local = /Z$/i.test(value) ? null : LOCAL_STRING.exec(value);
  if (!local) return new Date(value).getTime();
  const [, y, mo, d, h, mi, s, ms] = local;
  return new Date(Number(y), Number(mo) - 1 || 0, Number(d) || 1, Number(h) || 0, Number(mi) || 0, Number(s) || 0, Number((ms ?? '0').slice(0, 3))).getTime();
}

/** The Beijing calendar fields of an instant, or null when it is not a date. */
function beijing(value: Instant): { year: number; month: number; day: number; hour: number; minute: number } | null {
  const ms = instantMs(value);
  if (Number.isNaN(ms)) return null;
  const d = new Date(ms + OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 2024-03-05T08:00:00Z -> 2024年3月5日. */
export function formatDate(value: Instant): string {
  const t = beijing(value);
  return t ? `${t.year}年${t.month}月${t.day}日` : String(value);
}

/** 2024-03-05T08:05:00Z -> 3月5日 16:05. */
export function formatDateTime(value: Instant): string {
  const t = beijing(value);
  return t ? `${t.month}月${t.day}日 ${pad(t.hour)}:${pad(t.minute)}` : String(value);
}

/** 2024-03-05T08:05:00Z -> 16:05. */
export function formatClock(value: Instant): string {
  const t = beijing(value);
  return t ? `${pad(t.hour)}:${pad(t.minute)}` : String(value);
}

/** 3月5日: a short day, e.g. in a default title. */
export function formatMonthDay(value: Instant = Date.now()): string {
  const t = beijing(value);
  return t ? `${t.month}月${t.day}日` : String(value);
}

/** A calendar date with no time (a birth date, 1990-03-02) -> 1990年3月2日; no zone is involved. */
export function formatBirthDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return match ? `${Number(match[1])}年${Number(match[2])}月${Number(match[3])}日` : date;
}

export function greeting(now: Instant = Date.now()): string {
  const ms = instantMs(now);
  const h = Math.floor(((((ms + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000);
  if (h < 5) return '夜深了';
  if (h < 11) return '早上好';
  if (h < 13) return '中午好';
  if (h < 18) return '下午好';
  return '晚上好';
}
