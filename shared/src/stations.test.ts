import { formatOpeningHours, isOpenAt, minuteOfWeek, parseOpeningHours, weekRanges } from './stations';

describe('opening hours', () => {
  it.each([
    ['24小时', '24小时'],
    ['24h', '24小时'],
    ['全天营业', '24小时'],
    ['08:00-20:00', '每天 08:00-20:00'],
    ['8:30～21:00', '每天 08:30-21:00'],
    ['22:00-06:00', '每天 22:00-06:00'],
    ['00:00-24:00', '24小时'],
    ['周一至周五 09:00-17:00；周六、周日 09:30-16:00', '周一至周五 09:00-17:00；周六、周日 09:30-16:00'],
    ['星期一-星期五 09:00-17:00', '周一至周五 09:00-17:00'],
    ['1-5 09:00-17:00; 6 10:00-14:00', '周一至周五 09:00-17:00；周六 10:00-14:00'],
  ])('reads %s as %s', (raw, canonical) => {
    expect(formatOpeningHours(parseOpeningHours(raw)!)).toBe(canonical);
  });

  it.each(['', '晚上', '25:00-26:00', '08:00', '周八 08:00-09:00', '周五至周一 08:00-17:00', '08:60-09:00'])('refuses %s', (raw) => {
    expect(parseOpeningHours(raw)).toBeUndefined();
  });

  it('carries hours past midnight into the next day, and Sunday night into Monday morning', () => {
    const overnight = parseOpeningHours('周日 22:00-06:00')!;
    expect(weekRanges(overnight)).toEqual([
      [0, 360],
      [minuteOfWeek(7, 22, 0), 7 * 1440],
    ]);
    expect(isOpenAt(overnight, minuteOfWeek(1, 5, 59))).toBe(true);
    expect(isOpenAt(overnight, minuteOfWeek(1, 6, 0))).toBe(false);
    expect(isOpenAt(overnight, minuteOfWeek(7, 21, 59))).toBe(false);
    expect(isOpenAt(overnight, minuteOfWeek(7, 23, 0))).toBe(true);
    // Every night: Monday 02:00 is open through Sunday night's hours.
    expect(isOpenAt(parseOpeningHours('20:00-08:00')!, minuteOfWeek(1, 2, 0))).toBe(true);
  });
});
