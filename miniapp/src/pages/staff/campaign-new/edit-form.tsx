import { View } from '@tarojs/components';
import type { CampaignDrain } from '@union/shared';
import FormField from '../../../components/FormField';
import Screen from '../../../components/Screen';
import { formatDate, formatDateTime } from '../../../lib/dates';
import { CAMPAIGN_KIND_LABELS, CAMPAIGN_PERIOD_LABELS, InfoRow, campaignPlaceLabel, voucherTermsText, voucherValidityText } from '../campaign-parts';
import { endAfterDay, lastDayOf } from './campaign-form';
import { DayRow, SubmitFooter } from './form-parts';
import { DescriptionField, QuotaField, TitleField } from './text-fields';
import type { CampaignFields, EditCampaign } from './use-campaign-fields';

interface EditCampaignFormProps {
  campaign: CampaignDrain;
  fields: CampaignFields;
  edit: EditCampaign;
}

/** The edit form: what may change (name, description, total, last day), then what is fixed, shown as it is. */
export default function EditCampaignForm({ campaign: c, fields, edit }: EditCampaignFormProps) {
  const day = edit.lastDay ?? lastDayOf(c.endsAt);
  return (
    <Screen withFooter className="campaign-new">
      <View className="section">
        <View className="card">
          <TitleField fields={fields} />
          <DescriptionField fields={fields} />
          <QuotaField fields={fields} help={c.claimed > 0 ? `已领 ${c.claimed} 份，总数量不能少于已领数量` : '可增加或减少'} />
          <FormField label="最后领取日" error={fields.errors.window} help={`领到 ${day} 24:00 为止；提前结束请用领取进度页的「提前结束」`}>
            <DayRow
              value={day}
              shown={formatDate(endAfterDay(day).subtract(1, 'millisecond'))}
              valueClassName="campaign-new__last-day"
              onPick={fields.change(edit.setLastDay, 'window')}
            />
          </FormField>
        </View>
        <View className="card info-list campaign-new__fixed">
          <View className="campaign-new__fixed-note muted">以下内容创建后不能修改；如需调整，请提前结束本活动后新建。</View>
          <InfoRow label="类型">
            {CAMPAIGN_KIND_LABELS[c.kind]} · 每人{CAMPAIGN_PERIOD_LABELS[c.period]}
          </InfoRow>
          <InfoRow label="开始">{formatDateTime(c.startsAt)}</InfoRow>
          {c.kind === 'voucher' ? <InfoRow label="券面">{voucherTermsText(c)}</InfoRow> : null}
          {c.kind === 'voucher' ? <InfoRow label="券的有效期">{voucherValidityText(c)}</InfoRow> : null}
          {c.pointsPrice !== null ? <InfoRow label="积分兑换">{c.pointsPrice} 积分一张，在积分商城兑换</InfoRow> : null}
          <InfoRow label="可领取">{c.eligibleOrgName}及下级工会会员</InfoRow>
          <InfoRow label="领取地点">{c.places.map(campaignPlaceLabel).join('、')}</InfoRow>
        </View>
      </View>
      <SubmitFooter error={fields.errors.form} busy={fields.busy} loadingText="正在保存…" onSubmit={() => void edit.save(c)}>
        保存修改
      </SubmitFooter>
    </Screen>
  );
}
