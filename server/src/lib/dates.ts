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
