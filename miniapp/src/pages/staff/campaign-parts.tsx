import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { voucherValueText, type BenefitKind, type BenefitPeriod, type CampaignDrain, type PlaceKind } from '@union/shared';

export const CAMPAIGN_KIND_LABELS: Record<BenefitKind, string> = { voucher: '代金券', gift: '礼品', discount: '折扣' };
export const CAMPAIGN_PERIOD_LABELS: Record<BenefitPeriod, string> = { once: '仅一次', daily: '每天', weekly: '每周' };
export const PLACE_KIND_LABELS: Record<PlaceKind, string> = { station: '驿站', event: '活动', merchant: '商户' };

/** A campaign's place as staff read it, its kind first: 驿站·… */
export const campaignPlaceLabel = (p: { kind: PlaceKind; name: string }) => `${PLACE_KIND_LABELS[p.kind]}·${p.name}`;

/** How long a voucher campaign's vouchers are valid, as staff read it. */
export const voucherValidityText = (c: Pick<CampaignDrain, 'voucherValidDays'>) =>
  c.voucherValidDays ? `每张券领取后 ${c.voucherValidDays} 天内有效` : '至活动结束时间为止';

/** A voucher campaign's vouchers as members read them in 我的券: 40元 × 4次 (a campaign with no value: its uses). */
export const voucherTermsText = (c: Pick<CampaignDrain, 'voucherValue' | 'voucherUses'>) =>
  voucherValueText({ value: c.voucherValue, uses: c.voucherUses }) ?? '未设面值，可用 1 次';

/** One line of an `info-list` card: what, then its value. */
export function InfoRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View className="info-list__row">
      <View className="info-list__key">{label}</View>
      <View className="info-list__value">{children}</View>
    </View>
  );
}

/** How far a campaign has drained: a bar, with the numbers in words so colour is never the only signal. */
export function DrainBar({ campaign, large = false }: { campaign: Pick<CampaignDrain, 'quota' | 'remaining'>; large?: boolean }) {
  const claimed = campaign.quota - campaign.remaining;
  const percent = campaign.quota > 0 ? Math.min(100, Math.round((claimed / campaign.quota) * 100)) : 0;
  const gone = campaign.remaining <= 0;
  return (
    <View className={`drain-bar ${large ? 'drain-bar--large' : ''} ${gone ? 'drain-bar--gone' : ''}`}>
      <View className="drain-bar__track" ariaRole="progressbar" ariaLabel={`已领 ${percent}%`}>
        <View className="drain-bar__fill" style={{ width: `${percent}%` }} />
      </View>
      <View className="drain-bar__text">
        {gone ? <View className="tag tag--warn drain-bar__gone">已领完</View> : <View className="drain-bar__left">剩余 {campaign.remaining}</View>}
        <View className="muted">
          已领 {claimed} / 共 {campaign.quota}
        </View>
      </View>
    </View>
  );
}
