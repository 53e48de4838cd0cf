import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import fc from 'fast-check';
import { formatMonthDay } from './beijing-time';
import { formatAgo, formatBirthDate, formatClock, formatDate, formatDateTime, greeting, phaseOf, todayAt } from './dates';

dayjs.extend(utc);

// The phone may be set to any zone; the app shows Beijing dates regardless.
const zone = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/Los_Angeles';
});
afterAll(() => {
  process.env.TZ = zone;
});

describe('dates are Beijing dates', () => {
  it('formats an instant as the date and time in Beijing', () => {
    // 16:30 UTC on 4 March is 00:30 on 5 March in Beijing (and still 4 March in Los Angeles).
    expect(formatDate('2024-03-04T16:30:00Z')).toBe('2024年3月5日');
    expect(formatDateTime('2024-03-04T16:30:00Z')).toBe('3月5日 00:30');
    expect(formatClock('2024-03-05T08:05:00Z')).toBe('16:05');
    expect(formatDate('not a date')).toBe('not a date');
  });

  it('shows a birth date as the calendar date it is', () => {
    expect(formatBirthDate('1990-03-02')).toBe('1990年3月2日');
  });

  it('greets by the hour in Beijing', () => {
    expect(greeting('2024-03-04T23:30:00Z')).toBe('早上好'); // 07:30 in Beijing
    expect(greeting('2024-03-05T11:00:00Z')).toBe('晚上好'); // 19:00
    expect(greeting(Date.parse('2024-03-04T20:59:59Z'))).toBe('夜深了'); // 04:59
    expect(greeting(new Date('2024-03-04T21:00:00Z'))).toBe('早上好'); // 05:00
    expect(greeting('2024-03-05T04:59:00Z')).toBe('中午好'); // 12:59
    expect(greeting('2024-03-05T05:00:00Z')).toBe('下午好'); // 13:00
    expect(greeting('2024-03-04T16:00:00Z')).toBe('夜深了'); // midnight
  });

  it('puts a picked start time on today in Beijing', () => {
    const start = todayAt('09:30', '2024-03-04T17:00:00Z'); // already 5 March, 01:00 in Beijing
    expect(start.toISOString()).toBe('2024-03-05T01:30:00.000Z');
    expect(start.add(3, 'hour').toISOString()).toBe('2024-03-05T04:30:00.000Z');
  });

  it('says how long ago, and where now stands against a period', () => {
    const now = Date.parse('2024-03-05T08:00:00Z');
    expect(formatAgo('2024-03-05T07:59:40Z', now)).toBe('刚刚');
    expect(formatAgo('2024-03-05T07:55:00Z', now)).toBe('5分钟前');
    expect(formatAgo('2024-03-05T05:00:00Z', now)).toBe('3小时前');
    expect(formatAgo('2024-03-03T05:00:00Z', now)).toBe('3月3日 13:00');
    const period = { startsAt: '2024-03-05T07:00:00Z', endsAt: '2024-03-05T09:00:00Z' };
    expect(phaseOf(period, '2024-03-05T06:59:00Z')).toBe('before');
    expect(phaseOf(period, now)).toBe('during');
    expect(phaseOf(period, '2024-03-05T09:01:00Z')).toBe('after');
  });
});

describe('the first paint formats Beijing times without dayjs (beijing-time.ts)', () => {
  const viaDayjs = (value: string | number, pattern: string) => {
    const d = dayjs(value);
    return d.isValid() ? d.utcOffset(8 * 60).format(pattern) : String(value);
  };

  it('reads and formats an instant as dayjs does, in any phone zone', () => {
    const instants = fc.integer({ min: Date.parse('1970-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') });
    // ISO with Z or an offset, epoch ms, and the zone-less strings dayjs reads as the phone's local time.
    const inputs = fc.oneof(
      instants.map((ms) => new Date(ms).toISOString()),
      instants.map((ms) => new Date(ms).toISOString().replace('Z', '+08:00')),
      instants,
      instants.map((ms) => new Date(ms).toISOString().slice(0, 19)),
      instants.map((ms) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ')),
      instants.map((ms) => new Date(ms).toISOString().slice(0, 10)),
      fc.constantFrom('not a date', '', '2024-13-45'),
    );
    fc.assert(
      fc.property(inputs, (value) => {
        expect(formatDate(value)).toBe(viaDayjs(value, 'YYYY年M月D日'));
        expect(formatDateTime(value)).toBe(viaDayjs(value, 'M月D日 HH:mm'));
        expect(formatClock(value)).toBe(viaDayjs(value, 'HH:mm'));
        expect(formatMonthDay(value)).toBe(viaDayjs(value, 'M月D日'));
      }),
      { numRuns: 2000 },
    );
  });
});
