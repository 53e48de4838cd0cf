import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { unreadCount } from '../api/messages';
import { isSignedIn } from '../api/session';

/** 我的 is the fourth tab: its badge is the number of unread messages. */
const ME_TAB_INDEX = 3;

/** Shows the count on the 我的 tab (a tab page only), or clears it. */
export function showUnreadOnTab(count: number) {
  const done =
    count > 0 ? Taro.setTabBarBadge({ index: ME_TAB_INDEX, text: count > 99 ? '99+' : String(count) }) : Taro.removeTabBarBadge({ index: ME_TAB_INDEX });
  void Promise.resolve(done).catch(() => undefined);
}

/**
 * The unread message count, fetched each time the page shows (null until known, or when signed out or the
 * request failed: a badge is never worth an error), mirrored on the 我的 tab.
 */
export function useUnread(): number | null {
  const [count, setCount] = useState<number | null>(null);
  useDidShow(() => {
    if (!isSignedIn()) {
      setCount(null);
      showUnreadOnTab(0);
      return;
    }
    unreadCount()
      .then((n) => {
        setCount(n);
        showUnreadOnTab(n);
      })
      .catch(() => setCount(null));
  });
  return count;
}
