import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import './index.scss';

interface ConsentCheckProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** The short line next to the box, e.g. 我已阅读并同意《个人信息保护说明》. */
  children: ReactNode;
  /** The full text; shown in place when the user asks for it. */
  text?: string;
  /** Show the full text from the start (short texts such as the bank consent). */
  expanded?: boolean;
  error?: string;
  className?: string;
}

/** An explicit, unticked-by-default consent: the box and its words are one large tap target. */
export default function ConsentCheck({ checked, onChange, children, text, expanded = false, error, className }: ConsentCheckProps) {
  const [open, setOpen] = useState(expanded);
  return (
    <View className={`consent ${error ? 'consent--error' : ''} ${className ?? ''}`}>
      <View className="consent__row" hoverClass="consent__row--pressed" ariaRole="checkbox" aria-checked={checked} onClick={() => onChange(!checked)}>
        <View className={`consent__box ${checked ? 'consent__box--on' : ''}`}>{checked ? '✓' : ''}</View>
        <View className="consent__label">{children}</View>
      </View>
      {text && !expanded ? (
        <View className="consent__toggle" hoverClass="consent__toggle--pressed" ariaRole="button" onClick={() => setOpen(!open)}>
          {open ? '收起说明' : '查看说明全文'}
        </View>
      ) : null}
      {text && open ? <View className="consent__text">{text}</View> : null}
      {error ? (
        <View className="consent__error" ariaRole="alert">
          {error}
        </View>
      ) : null}
    </View>
  );
}
