import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import './index.scss';

interface FormFieldProps {
  label: string;
  /** Shown under the field, in words, when something is wrong. */
  error?: string;
  /** Quiet help under the field when there is no error. */
  help?: ReactNode;
  /** The bordered input row; leave out for chips and pickers. */
  children: ReactNode;
  /** Anchor for scrolling to the first error. */
  id?: string;
  className?: string;
}

export default function FormField({ label, error, help, children, id, className }: FormFieldProps) {
  return (
    <View className={`form-field ${error ? 'form-field--error' : ''} ${className ?? ''}`} id={id}>
      <View className="form-field__label">{label}</View>
      {children}
      {error ? (
        <View className="form-field__error" ariaRole="alert">
          {error}
        </View>
      ) : help ? (
        <View className="form-field__help">{help}</View>
      ) : null}
    </View>
  );
}
