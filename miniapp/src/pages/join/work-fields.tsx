import { useState } from 'react';
import { Input, View } from '@tarojs/components';
import { WORKER_CATEGORIES, type WorkerCategory } from '@union/shared';
import Chips from '../../components/Chips';
import FormField from '../../components/FormField';
import { employerSuggestions } from './employers';
import { districtName } from './join-form';
import type { JoinForm } from './use-join-form';

const CATEGORY_OPTIONS = (Object.keys(WORKER_CATEGORIES) as WorkerCategory[]).map((value) => ({ value, label: WORKER_CATEGORIES[value] }));

/** 职业类别, 工作单位或平台 (with the common ones to tap) and 工作区域 (picked in a sheet the page opens). */
export default function WorkFields({ join, onPickDistrict }: { join: JoinForm; onPickDistrict: () => void }) {
  const { form, errors, touched, update } = join;
  const [allEmployers, setAllEmployers] = useState(false);
  const { names: suggestions, more: hasMoreEmployers } = employerSuggestions(form.category, form.employer, allEmployers);
  return (
    <>
      <FormField label="职业类别" error={errors.category} id="join-category">
        <Chips label="职业类别" options={CATEGORY_OPTIONS} selected={form.category || null} onSelect={(category) => update({ category }, ['category'])} />
      </FormField>

      <FormField label="工作单位或平台" error={errors.employer} id="join-employer">
        <View className="form-field__row">
          <Input
            className="form-field__input"
            placeholder="如 顺丰速运、美团，或公司名称"
            placeholderClass="form-field__placeholder"
            value={form.employer}
            ariaLabel="工作单位或平台"
            onInput={(e) => update({ employer: e.detail.value }, touched.employer || errors.employer ? ['employer'] : [])}
            onBlur={() => join.blur('employer')}
          />
        </View>
        {suggestions.length > 0 ? (
          <View className="join__suggest">
            <Chips
              label="常见工作单位和平台"
              options={suggestions.map((s) => ({ value: s, label: s }))}
              selected={form.employer.trim() || null}
              onSelect={(employer) => {
                join.touch('employer');
                update({ employer }, ['employer']);
              }}
            />
            {hasMoreEmployers ? (
              <View className="join__more" hoverClass="join__more--pressed" ariaRole="button" onClick={() => setAllEmployers(true)}>
                更多平台
              </View>
            ) : null}
          </View>
        ) : null}
      </FormField>

      <FormField
        label="工作区域"
        error={errors.workDistrict}
        id="join-workDistrict"
        help={form.workDistrict && form.districtGuessed ? '已按入会工会所在区域填写，不对请点击更改' : undefined}
      >
        <View className="form-field__row join__picker" hoverClass="form-field__row--pressed" ariaRole="button" onClick={onPickDistrict}>
          <View className={`form-field__value ${form.workDistrict ? '' : 'form-field__value--empty'}`}>
            {districtName(form.workDistrict) ?? '请选择您主要工作的区'}
          </View>
          <View className="form-field__chevron">{form.workDistrict ? '更改 ›' : '选择 ›'}</View>
        </View>
      </FormField>
    </>
  );
}
