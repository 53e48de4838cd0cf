import { useEffect, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { keepFocusedVisible } from '../../lib/keep-focused-visible';
import { currentPageUrl, isTabPage } from '../../lib/navigation';
import './index.scss';

/** Fixed bottom area for a screen's primary action, within thumb reach. Pair with <Screen withFooter>. */
export default function FooterBar({ children }: { children: ReactNode }) {
  // On H5 the tab bar is part of the page's viewport (the weapp's native one is not): sit above it.
  const [aboveTabBar] = useState(() => process.env.TARO_ENV === 'h5' && isTabPage(currentPageUrl()));
  // The bar must never cover the field being typed.
  useEffect(() => keepFocusedVisible(), []);
  return <View className={`footer-bar ${aboveTabBar ? 'footer-bar--above-tabbar' : ''}`}>{children}</View>;
}
