import { Input, Textarea, View } from '@tarojs/components';
import { DESCRIPTION_MAX } from '@union/shared';
import FormField from '../../../components/FormField';
import { NumberRow } from './form-parts';
import type { CampaignFields } from './use-campaign-fields';

/** 福利名称, the same on both forms. */
export function TitleField({ fields }: { fields: CampaignFields }) {
  return (
    <FormField label="福利名称" error={fields.errors.title}>
      <View className="form-field__row">
        <Input
          className="form-field__input"
          value={fields.title}
          maxlength={40}
          placeholder="如 夏送清凉 冰饮一瓶"
          placeholderClass="form-field__placeholder"
          ariaLabel="福利名称"
          onInput={(e) => {
            fields.setTitle(e.detail.value);
            fields.clear('title');
          }}
        />
      </View>
    </FormField>
  );
}

/** 福利说明, shown to members in the benefit list, line breaks kept. */
export function DescriptionField({ fields }: { fields: CampaignFields }) {
  return (
    <FormField label="福利说明（选填）" error={fields.errors.description} help={`会员在福利列表里看到，可换行，${DESCRIPTION_MAX} 字以内`}>
      <View className="form-field__row campaign-new__description">
        <Textarea
          className="form-field__input campaign-new__textarea"
          value={fields.description}
          maxlength={DESCRIPTION_MAX}
          autoHeight
          placeholder="如 凭会员码领取冰饮一瓶，每天 10:00-16:00 发放"
          placeholderClass="form-field__placeholder"
          ariaLabel="福利说明"
          onInput={(e) => {
            fields.setDescription(e.detail.value);
            fields.clear('description');
          }}
        />
      </View>
    </FormField>
  );
}

/** 总数量, with what the form says about it (at creation: none are over-issued; when editing: what was claimed). */
export function QuotaField({ fields, help = '领完即止，不会多发' }: { fields: CampaignFields; help?: string }) {
  return (
    <FormField label="总数量" error={fields.errors.quota} help={help}>
      <NumberRow label="总数量" unit="份" value={fields.quota} placeholder="如 5000" onChange={fields.change(fields.setQuota, 'quota')} />
    </FormField>
  );
}
