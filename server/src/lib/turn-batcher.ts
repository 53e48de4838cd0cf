import { setImmediate } from 'node:timers';

export interface TurnBatcherOptions {
  /** Items handed to one call of `run` at most. */
  maxBatch: number;
  /** Calls of `run` at once (each one pool connection, for one round trip). */
  maxInFlight: number;
  /** Items waiting before new ones are turned away (the caller answers 503 with Retry-After). */
  maxQueue: number;
}

/**
 * Group work by event-loop turn: what is submitted in one turn goes to `run` together at the end of that turn (up to
 * maxBatch per call, maxInFlight calls at once; the rest wait for a free call). A rush of requests read from the
 * sockets in one turn becomes one round trip instead of one each, and a lone request still goes in its own turn, with
 * no timer. `run` answers item i with its i-th result. For batches that need more than arrival order (one batch per
 * slot at a time), see the booking writer.
 */
export function createTurnBatcher<I, O>(run: (items: I[]) => Promise<O[]>, options: TurnBatcherOptions) {
  const waiting: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  let inFlight = 0;
  let scheduled = false;

  function pump() {
    while (inFlight < options.maxInFlight && waiting.length > 0) {
      const batch = waiting.splice(0, options.maxBatch);
      inFlight++;
      const release = () => {
        inFlight--;
        pump();
      };
      run(batch.map((w) => w.item)).then(
        (outcomes) => {
          release();
          batch.forEach((w, i) => (i < outcomes.length ? w.resolve(outcomes[i]!) : w.reject(new Error('batch returned no outcome'))));
        },
        (error: unknown) => {
          release();
          for (const w of batch) w.reject(error);
        },
      );
    }
  }

  return {
    /** A seat in the next call; null when too many wait already. */
    submit(item: I): Promise<O> | null {
      if (waiting.length >= options.maxQueue) return null;
      const promise = new Promise<O>((resolve, reject) => waiting.push({ item, resolve, reject }));
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          pump();
        });
      }
      return promise;
    },
  };
}
