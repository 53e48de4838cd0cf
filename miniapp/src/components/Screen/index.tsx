import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { CARE_SCALE } from '../../lib/font-scale';
import { useFontScale } from '../../hooks/use-font-scale';

interface ScreenProps {
  children: ReactNode;
  /** The page has a fixed FooterBar: keep its height free at the end of the content. */
  withFooter?: boolean;
  className?: string;
}

/** Page root: carries the font scale (WeChat setting or care mode) down to every text size. */
export default function Screen({ children, withFooter = false, className }: ScreenProps) {
  const scale = useFontScale();
  const classes = ['screen'];
  if (withFooter) classes.push('screen--with-footer');
  if (scale >= CARE_SCALE - 0.05) classes.push('screen--care');
  if (className) classes.push(className);
  return (
    <View className={classes.join(' ')} style={`--fs: ${scale}`}>
      {children}
    </View>
  );
}
