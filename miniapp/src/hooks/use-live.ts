import { useCallback, useEffect, useRef, useState } from 'react';
import { useDidHide, useDidShow } from '@tarojs/taro';
import { connectLive, type LiveConnection, type LiveMessage, type LiveMode } from '../api/live';
import { isSignedIn } from '../api/session';

export type { LiveMessage, LiveMode };

/**
 * Calls onEvent for every change while the page is shown and the user is signed in; connects on
 * show, disconnects on hide. Returns how updates currently arrive, for a small status line.
 */
export function useLive(onEvent: (message: LiveMessage) => void, options: { enabled?: boolean } = {}): LiveMode {
  const enabled = options.enabled ?? true;
  const [mode, setMode] = useState<LiveMode>('off');
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const connection = useRef<LiveConnection | null>(null);
  const shown = useRef(true);

  const stop = useCallback(() => {
    connection.current?.stop();
    connection.current = null;
  }, []);
  // Reads refs otherwise: only `enabled` changes what it does, so the effect below (re)connects when `enabled` changes.
  const start = useCallback(() => {
    stop();
    if (!enabled || !shown.current || !isSignedIn()) return;
    connection.current = connectLive((message) => handler.current(message), setMode);
  }, [enabled, stop]);

  useEffect(() => {
    start();
    return stop;
  }, [start, stop]);

  useDidShow(() => {
    shown.current = true;
    if (!connection.current) start();
  });
  useDidHide(() => {
    shown.current = false;
    stop();
  });

  return mode;
}
