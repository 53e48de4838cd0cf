import { useCallback, useEffect, useRef } from 'react';
import { useDidHide, useDidShow } from '@tarojs/taro';

/**
 * Calls `tick` every `ms` while the page is on screen: not while another page covers it, not in a hidden
 * browser tab or on a locked phone (H5). A tab shown again ticks at once; a page shown again does not, since
 * pages reload on show anyway (useAuthedRequest).
 */
export function useVisibleInterval(tick: () => void, ms: number, enabled = true) {
  const tickRef = useRef(tick);
  tickRef.current = tick;
  const timer = useRef<ReturnType<typeof setInterval>>();
  const shown = useRef(true);

  const stop = useCallback(() => {
    clearInterval(timer.current);
    timer.current = undefined;
  }, []);
  // Changes only with `enabled` or `ms`, so the effect below restarts the timer exactly then.
  const start = useCallback(
    (now: boolean) => {
      stop();
      if (!enabled || !shown.current) return;
      if (process.env.TARO_ENV === 'h5' && document.visibilityState === 'hidden') return;
      if (now) tickRef.current();
      timer.current = setInterval(() => tickRef.current(), ms);
    },
    [enabled, ms, stop],
  );

  useEffect(() => {
    start(false);
    const onVisibility = () => (document.visibilityState === 'hidden' ? stop() : start(true));
    if (process.env.TARO_ENV === 'h5') document.addEventListener('visibilitychange', onVisibility);
    return () => {
      if (process.env.TARO_ENV === 'h5') document.removeEventListener('visibilitychange', onVisibility);
      stop();
    };
  }, [start, stop]);

  useDidShow(() => {
    const wasHidden = !shown.current;
    shown.current = true;
    if (wasHidden) start(false);
  });
  useDidHide(() => {
    shown.current = false;
    stop();
  });
}
