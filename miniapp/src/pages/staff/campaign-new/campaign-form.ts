import { campaignInputSchema, voucherValueText } from '@union/shared';
import { inBeijing, type DateInput } from '../../../lib/dates';
import { issueOf } from '../../../lib/validation';

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
  | 'voucherValidDays'
  | 'voucherValue'
  | 'voucherUses'
  | 'pointsPrice';

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
  'voucherValue',
  'voucherUses',
  'pointsPrice',
];

/** A number field's text as sent: empty is left out. */
export const numberOrUndefined = (text: string) => (text.trim() === '' ? undefined : Number(text.trim()));

/** A new voucher campaign's vouchers are used once unless the operator says more (4×40元 is 4). */
export const VOUCHER_USES_DEFAULT = '1';

/**
 * A voucher's terms as typed, 面值 (元 per use) and 使用次数: the numbers to send and the message under each field
 * (the shared schema's own words; both are required on the form, so a member's voucher always says what it is worth).
 */
export function checkVoucherTerms(valueText: string, usesText: string) {
  const { shape } = campaignInputSchema;
  const voucherValue = numberOrUndefined(valueText);
  const voucherUses = numberOrUndefined(usesText);
  return {
    input: { voucherValue, voucherUses },
    errors: {
      voucherValue: voucherValue === undefined ? '请填写券的面值' : issueOf(shape.voucherValue, voucherValue),
      voucherUses: voucherUses === undefined ? '请填写券的使用次数' : issueOf(shape.voucherUses, voucherUses),
    },
  };
}

/** What the member's voucher will read, as 我的券 shows it (40元 × 4次), and what that means; a hint until both are valid. */
export function voucherTermsHelp(valueText: string, usesText: string): string {
  const { input, errors } = checkVoucherTerms(valueText, usesText);
  if (errors.voucherValue || errors.voucherUses) return '一张券可分几次使用，每次消费减免一个面值';
  const { voucherValue: value, voucherUses: uses } = input as { voucherValue: number; voucherUses: number };
  const shown = voucherValueText({ value, uses });
  return uses > 1 ? `会员的券显示 ${shown}：每次消费减免 ${value} 元，共可用 ${uses} 次` : `会员的券显示 ${shown}：消费时减免 ${value} 元，用一次即用完`;
}

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
