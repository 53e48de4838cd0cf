import type { Benefit, BenefitKind, BenefitPeriod } from '@union/shared';
import { formatDate, phaseOf } from '../../lib/dates';

export const KIND_LABELS: Record<BenefitKind, string> = { voucher: '消费券', gift: '实物', discount: '优惠' };
export const PERIOD_LABELS: Record<BenefitPeriod, string> = { once: '每人限领一次', daily: '每人每天限领一次', weekly: '每人每周限领一次' };

/** 已结束 when closed early; 已领完 when the quota is gone; otherwise what is left, or when it opens / that it has ended. */
export function availability(b: Benefit): { text: string; open: boolean } {
  if (b.closedAt !== null) return { text: '已结束', open: false };
  if (b.remaining <= 0) return { text: '已领完', open: false };
  const phase = phaseOf(b);
  if (phase === 'before') return { text: `${formatDate(b.startsAt)} 开始`, open: false };
  if (phase === 'after') return { text: '已结束', open: false };
  return { text: `剩余 ${b.remaining}`, open: true };
}

export function windowText(b: Pick<Benefit, 'startsAt' | 'endsAt'>): string {
  return `${formatDate(b.startsAt)} 至 ${formatDate(b.endsAt)}`;
}

/** A voucher campaign's vouchers: valid N days from the claim, or to the campaign's end; null for other benefits. */
export function voucherValidityText(b: Pick<Benefit, 'kind' | 'voucherValidDays' | 'endsAt'>): string | null {
  if (b.kind !== 'voucher') return null;
  return b.voucherValidDays ? `券自领取起 ${b.voucherValidDays} 天内有效` : `券有效期至 ${formatDate(b.endsAt)}`;
}
