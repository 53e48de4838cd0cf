import { inBeijing, type DateInput } from '../../../lib/dates';

export type CampaignField =
  | 'orgId'
  | 'title'
  | 'description'
  | 'kind'
  | 'quota'
  | 'period'
  | 'window'
  | 'eligibleOrgId'
  | 'places'
  | 'requiresRotatingCode'
  | 'maxDistanceMeters'
  | 'voucherValidDays';

const FIELDS: CampaignField[] = [
  'orgId',
  'title',
  'description',
  'kind',
  'quota',
  'period',
  'eligibleOrgId',
  'places',
  'requiresRotatingCode',
  'maxDistanceMeters',
  'voucherValidDays',
];

/** A server error's `field` (`places.0`, `startsAt`, `quota`) as the form field that shows it; undefined for the form as a whole. */
export function fieldOf(field: string | undefined): CampaignField | undefined {
  const head = field?.split('.')[0];
  if (head === 'startsAt' || head === 'endsAt') return 'window';
  return FIELDS.find((f) => f === head);
}

/**
 * The claim window from the picked start day (YYYY-MM-DD, Beijing; null or today: from now) and a length in days:
 * a later start day begins at its midnight, and the window ends at the midnight `days` days after the start day.
 */
export function campaignWindow(startDate: string | null, days: number, now: DateInput = Date.now()) {
  const today = inBeijing(now).format('YYYY-MM-DD');
  const startsAt = !startDate || startDate <= today ? inBeijing(now) : inBeijing(`${startDate}T00:00:00+08:00`);
  const endsAt = inBeijing(`${startsAt.format('YYYY-MM-DD')}T00:00:00+08:00`).add(days, 'day');
  return { startsAt, endsAt };
}

/** The last claim day (Beijing) of a window ending at `endsAt`: a window ending at midnight ends on the day before. */
export function lastDayOf(endsAt: DateInput): string {
  return inBeijing(endsAt).subtract(1, 'millisecond').format('YYYY-MM-DD');
}

/** A new end picked as a last claim day (YYYY-MM-DD, Beijing): the midnight after it. */
export function endAfterDay(day: string) {
  return inBeijing(`${day}T00:00:00+08:00`).add(1, 'day');
}
