import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import './index.scss';

interface ActionButtonProps {
  children: ReactNode;
  onClick?: () => void;
  /** primary: the one main action of a screen; secondary: outlined; text: low-key link. */
  variant?: 'primary' | 'secondary' | 'text';
  disabled?: boolean;
  /** Shows progress and ignores taps while an action runs. */
  loading?: boolean;
  loadingText?: string;
  block?: boolean;
  size?: 'normal' | 'small';
  className?: string;
}

export default function ActionButton({
  children,
  onClick,
  variant = 'primary',
  disabled = false,
  loading = false,
  loadingText,
  block = true,
  size = 'normal',
  className,
}: ActionButtonProps) {
  const inactive = disabled || loading;
  const classes = ['action-button', `action-button--${variant}`, `action-button--${size}`];
  if (block) classes.push('action-button--block');
  if (inactive) classes.push('action-button--inactive');
  if (className) classes.push(className);
  return (
    <View
      className={classes.join(' ')}
      hoverClass={inactive ? 'none' : 'action-button--pressed'}
      ariaRole="button"
      ariaLabel={typeof children === 'string' ? children : undefined}
      onClick={() => {
        if (!inactive) onClick?.();
      }}
    >
      {loading ? (loadingText ?? '请稍候…') : children}
    </View>
  );
}
