import { Input, View } from '@tarojs/components';
import { COUNT_INPUT } from '../../../lib/input-kinds';

interface InputRowProps {
  /** Read out for the field (its visible label is the FormField's). */
  ariaLabel: string;
  value: string;
  onInput: (value: string) => void;
  /** A whole number: the number pad, and anything but digits dropped as typed. */
  count?: boolean;
  maxlength?: number;
  placeholder?: string;
  /** Words before and after the box, e.g. 保留 … 分钟. */
  before?: string;
  after?: string;
  /** Below chips in the same field. */
  gap?: boolean;
}

/** One text or number box in the service and slot forms, with its units. */
export default function InputRow({ ariaLabel, value, onInput, count = false, maxlength, placeholder, before, after, gap = false }: InputRowProps) {
  return (
    <View className={`form-field__row ${gap ? 'service-form__gap' : ''}`}>
      {before ? <View className="service-form__unit">{before}</View> : null}
      <Input
        className="form-field__input"
        {...(count ? COUNT_INPUT : {})}
        {...(maxlength ? { maxlength } : {})}
        value={value}
        placeholder={placeholder}
        placeholderClass="form-field__placeholder"
        ariaLabel={ariaLabel}
        onInput={(e) => onInput(count ? e.detail.value.replace(/\D/g, '') : e.detail.value)}
      />
      {after ? <View className="service-form__unit">{after}</View> : null}
    </View>
  );
}
