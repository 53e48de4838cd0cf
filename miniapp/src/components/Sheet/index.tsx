import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import './index.scss';

interface SheetProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** The sheet's one action, pinned at its bottom. */
  footer?: ReactNode;
}

/** Bottom sheet for a short side task (pick a district, give a reason); closes on the mask or 关闭. */
export default function Sheet({ open, title, onClose, children, footer }: SheetProps) {
  if (!open) return null;
  return (
    <View className="sheet" catchMove>
      <View className="sheet__mask" onClick={onClose} />
      <View className="sheet__panel" ariaRole="dialog" ariaLabel={title}>
        <View className="sheet__head">
          <View className="sheet__title">{title}</View>
          <View className="sheet__close" hoverClass="sheet__close--pressed" ariaRole="button" onClick={onClose}>
            关闭
          </View>
        </View>
        <View className="sheet__body">{children}</View>
        {footer ? <View className="sheet__footer">{footer}</View> : null}
      </View>
    </View>
  );
}
