import { setImmediate } from 'node:timers/promises';

/**
 * For bulk work on the event loop (an import's parsing, a reload's rows): inside the loop, `if (turns.due()) await
 * turns.take()` lets every request and timer waiting meanwhile run, then carries on. A turn is due after `everyItems`
 * calls to `due()` or `everyMs` milliseconds of work since the last turn, whichever comes first: the count keeps the
 * slices small on an idle machine, the clock keeps them short on a busy one.
 */
export function createTurns(everyItems: number, everyMs = 8) {
  let items = 0;
  let since = performance.now();
  return {
    due(): boolean {
      return ++items >= everyItems || performance.now() - since >= everyMs;
    },
    async take(): Promise<void> {
      await setImmediate();
      items = 0;
      since = performance.now();
    },
  };
}
