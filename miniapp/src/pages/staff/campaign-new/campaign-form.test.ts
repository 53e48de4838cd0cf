import { campaignWindow, endAfterDay, fieldOf, lastDayOf } from './campaign-form';

describe('the campaign form', () => {
  it('shows a server error at the field it names', () => {
    expect(fieldOf('places.0')).toBe('places');
    expect(fieldOf('endsAt')).toBe('window');
    expect(fieldOf('startsAt')).toBe('window');
    expect(fieldOf('quota')).toBe('quota');
    expect(fieldOf('eligibleOrgId')).toBe('eligibleOrgId');
    expect(fieldOf('description')).toBe('description');
    expect(fieldOf('closedAt')).toBeUndefined();
    expect(fieldOf(undefined)).toBeUndefined();
  });

  it('starts today from now and a later day from its Beijing midnight, ending at a Beijing midnight', () => {
    // 2026-06-30 23:30 in Beijing is still 15:30 UTC on the 30th.
    const now = Date.parse('2026-06-30T15:30:00Z');
    const today = campaignWindow(null, 1, now);
    expect(today.startsAt.toISOString()).toBe('2026-06-30T15:30:00.000Z');
    expect(today.endsAt.toISOString()).toBe('2026-06-30T16:00:00.000Z');
    expect(campaignWindow('2026-06-30', 1, now).startsAt.toISOString()).toBe('2026-06-30T15:30:00.000Z');
    const later = campaignWindow('2026-07-02', 30, now);
    expect(later.startsAt.toISOString()).toBe('2026-07-01T16:00:00.000Z');
    expect(later.endsAt.toISOString()).toBe('2026-07-31T16:00:00.000Z');
    expect(later.endsAt.valueOf()).toBeGreaterThan(later.startsAt.valueOf());
  });

  it('edits the end as a last claim day: the window then ends at the Beijing midnight after it', () => {
    // Ends at midnight Beijing on 1 August: the last day is 31 July.
    expect(lastDayOf('2026-07-31T16:00:00Z')).toBe('2026-07-31');
    // Ends mid-afternoon on 1 August (Beijing): that day is the last.
    expect(lastDayOf('2026-08-01T07:00:00Z')).toBe('2026-08-01');
    expect(endAfterDay('2026-07-31').toISOString()).toBe('2026-07-31T16:00:00.000Z');
    expect(endAfterDay(lastDayOf('2026-07-31T16:00:00Z')).toISOString()).toBe('2026-07-31T16:00:00.000Z');
  });
});
