import { View } from '@tarojs/components';
import './index.scss';

export interface ChipOption<T extends string> {
  value: T;
  label: string;
}

interface ChipsProps<T extends string> {
  options: ChipOption<T>[];
  /** The selected value(s); a chip that is on also shows a tick, so colour is never the only signal. */
  selected?: T | T[] | null;
  onSelect: (value: T) => void;
  /** Label for screen readers, e.g. 职业类别. */
  label?: string;
  columns?: 2 | 3 | 4;
  className?: string;
}

/** One-tap choices: worker categories, employer suggestions, reject reasons, districts. */
export default function Chips<T extends string>({ options, selected, onSelect, label, columns, className }: ChipsProps<T>) {
  const on = (value: T) => (Array.isArray(selected) ? selected.includes(value) : selected === value);
  const classes = ['chips'];
  if (columns) classes.push(`chips--grid chips--cols-${columns}`);
  if (className) classes.push(className);
  return (
    <View className={classes.join(' ')} ariaRole="radiogroup" ariaLabel={label}>
      {options.map((option) => (
        <View
          key={option.value}
          className={`chip ${on(option.value) ? 'chip--on' : ''}`}
          hoverClass="chip--pressed"
          ariaRole="radio"
          aria-checked={on(option.value)}
          onClick={() => onSelect(option.value)}
        >
          {on(option.value) ? <View className="chip__tick">✓</View> : null}
          {option.label}
        </View>
      ))}
    </View>
  );
}
