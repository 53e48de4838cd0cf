import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Every calendar fact of the service (member-number years, daily periods, slots) is on Beijing time. */
export const SERVICE_TZ = 'Asia/Shanghai';

export function inServiceTz(at: Date | string | number) {
  return dayjs(at).tz(SERVICE_TZ);
}

/** The calendar year in Beijing: an approval at 2026-12-31T16:30Z is already 2027. */
export function serviceYear(at: Date): number {
  return inServiceTz(at).year();
}

export { dayjs };

/** Beijing is UTC+8 all year: China has observed no daylight saving time since 1991. */
const SERVICE_OFFSET_MS = 8 * 3_600_000;

/**
 * Weekday (1 = Monday … 7 = Sunday), hour and minute on the Beijing clock, by arithmetic: dayjs's
 * timezone plugin builds an Intl formatter on every call (about a millisecond each), too slow for a
 * hot read path. Tested against inServiceTz in dates.test.ts.
 */
export function serviceClock(at: Date): { isoWeekday: number; hour: number; minute: number } {
  const local = new Date(at.getTime() + SERVICE_OFFSET_MS);
  return { isoWeekday: local.getUTCDay() === 0 ? 7 : local.getUTCDay(), hour: local.getUTCHours(), minute: local.getUTCMinutes() };
}

/** The Beijing calendar date (`YYYY-MM-DD`) by arithmetic, as serviceClock: daily caps are counted per such day. */
export function serviceDate(at: Date): string {
  return new Date(at.getTime() + SERVICE_OFFSET_MS).toISOString().slice(0, 10);
}
