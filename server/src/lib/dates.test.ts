import { inServiceTz, serviceClock, serviceDate } from './dates';

describe('serviceClock', () => {
  it('reads the same Beijing weekday, hour and minute as dayjs with the time zone, around midnight and across years', () => {
    const start = Date.UTC(1995, 0, 1);
    for (let i = 0; i < 2_000; i++) {
      const at = new Date(start + i * 7_919_999_917);
      const tz = inServiceTz(at);
      expect(serviceClock(at)).toEqual({ isoWeekday: tz.day() === 0 ? 7 : tz.day(), hour: tz.hour(), minute: tz.minute() });
    }
    // 16:00 UTC on a Sunday is already Monday 00:00 in Beijing.
    expect(serviceClock(new Date('2026-11-22T16:00:00Z'))).toEqual({ isoWeekday: 1, hour: 0, minute: 0 });
  });
});

describe('serviceDate', () => {
  it('reads the same Beijing date as dayjs with the time zone', () => {
    const start = Date.UTC(1995, 0, 1);
    for (let i = 0; i < 2_000; i++) {
      const at = new Date(start + i * 7_919_999_917);
      expect(serviceDate(at)).toBe(inServiceTz(at).format('YYYY-MM-DD'));
    }
    expect(serviceDate(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01');
  });
});
