import { useEffect, useState } from 'react';
import type { Attempt } from '@union/shared';

/**
 * Seconds left on the server's clock: the phone's clock may be wrong, so the offset between the server's `serverNow`
 * and the phone's time at arrival is kept, and the deadline is the server's. null without an attempt.
 */
export function useCountdown(attempt: Pick<Attempt, 'deadlineAt' | 'serverNow'> | null): number | null {
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => {
    if (!attempt) {
      setLeft(null);
      return;
    }
    const offset = Date.parse(attempt.serverNow) - Date.now();
    const deadline = Date.parse(attempt.deadlineAt);
    const tick = () => setLeft(Math.max(0, Math.ceil((deadline - (Date.now() + offset)) / 1000)));
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [attempt]);
  return left;
}
