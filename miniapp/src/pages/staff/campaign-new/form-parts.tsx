import type { ReactNode } from 'react';
import { Input, Picker, View } from '@tarojs/components';
import ActionButton from '../../../components/ActionButton';
import FooterBar from '../../../components/FooterBar';
import { inBeijing } from '../../../lib/dates';
import { webInputAttrs } from '../../../lib/input-kinds';

const H5 = process.env.TARO_ENV === 'h5';
/** Whole numbers only: the number pad on both platforms. */
const NUMBER_INPUT = H5
  ? { maxlength: 8, ...webInputAttrs({ type: 'text', inputmode: 'numeric', pattern: '[0-9]*', autocomplete: 'off' }) }
  : { type: 'number' as const, maxlength: 8 };

/** A whole-number field with its unit after it (总数量 份, 距离限制 米); anything but digits is dropped as typed. */
export function NumberRow(props: { label: string; unit: string; value: string; placeholder: string; onChange: (digits: string) => void }) {
  return (
    <View className="form-field__row">
      <Input
        className="form-field__input"
        value={props.value}
        {...NUMBER_INPUT}
        placeholder={props.placeholder}
        placeholderClass="form-field__placeholder"
        ariaLabel={props.label}
        onInput={(e) => props.onChange(e.detail.value.replace(/\D/g, ''))}
      />
      <View className="form-field__suffix muted">{props.unit}</View>
    </View>
  );
}

/** A day from today on, picked with the platform's date picker; the row shows `shown` and 更改 ›. */
export function DayRow(props: { value: string; shown: string; valueClassName?: string; onPick: (day: string) => void }) {
  return (
    <Picker mode="date" value={props.value} start={inBeijing().format('YYYY-MM-DD')} onChange={(e) => props.onPick(String(e.detail.value))}>
      <View className="form-field__row" hoverClass="form-field__row--pressed">
        <View className={props.valueClassName ? `form-field__value ${props.valueClassName}` : 'form-field__value'}>{props.shown}</View>
        <View className="form-field__chevron">更改 ›</View>
      </View>
    </Picker>
  );
}

/** The form's one action, with the server's refusal that belongs to no field above it. */
export function SubmitFooter(props: { error?: string; busy: boolean; loadingText: string; onSubmit: () => void; children: ReactNode }) {
  return (
    <FooterBar>
      {props.error ? (
        <View className="campaign-new__form-error" ariaRole="alert">
          {props.error}
        </View>
      ) : null}
      <ActionButton loading={props.busy} loadingText={props.loadingText} onClick={props.onSubmit}>
        {props.children}
      </ActionButton>
    </FooterBar>
  );
}
