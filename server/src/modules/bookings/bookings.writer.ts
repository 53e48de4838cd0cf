import type { Database } from '../../db/client';
import { pgErrorCode } from '../../lib/errors';
import { bookBatch, type BookOutcomeRow, type BookRequestRow } from './bookings.repository';

export type BookRequest = Omit<BookRequestRow, 'ord'>;

interface Pending {
  request: BookRequest;
  resolve: (outcome: BookOutcomeRow) => void;
  reject: (error: unknown) => void;
}

export interface BookingWriterOptions {
  /** Requests written in one call at most. */
  maxBatch: number;
  /** Requests waiting in this instance before new ones are turned away (the caller answers 503 with Retry-After). */
  maxQueue: number;
  /** Batches in the database at once (each one pool connection, for one round trip). */
  maxInFlight: number;
  noShowWindowDays: number;
  noShowBlockDays: number;
}

/** Deadlock or serialization failure: the batch rolled back whole and is simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * Group commit for bookings. Requests wait per slot; a batch takes the waiting requests of every slot that has no
 * batch in the database now (up to maxBatch) and writes them with one call of `book_batch`: one round trip, one
 * transaction, one commit for the lot. So a slot has at most one batch of this instance in the database, and a rush on
 * one slot is a few large batches rather than hundreds of transactions queueing on its row lock with a pool
 * connection each; requests for other slots go in the other batches meanwhile. At most maxInFlight connections
 * are used, so the rest of the pool stays free for everything else. Under light load a batch is one request and
 * nothing waits.
 */
export function createBookingWriter(db: Database, options: BookingWriterOptions) {
  /** Waiting requests by slot, in arrival order (a Map keeps the order slots first arrived in). */
  const waiting = new Map<string, Pending[]>();
  /** Slots with a batch in the database now. */
  const busy = new Set<string>();
  let queued = 0;
  let inFlight = 0;
  /** A pump is due at the end of this event-loop turn. */
  let scheduled = false;

  function takeBatch(): { slots: string[]; batch: Pending[] } {
    const slots: string[] = [];
    const batch: Pending[] = [];
    for (const [slotId, list] of waiting) {
      if (batch.length >= options.maxBatch) break;
      if (busy.has(slotId)) continue;
      const taken = list.splice(0, options.maxBatch - batch.length);
      batch.push(...taken);
      slots.push(slotId);
      if (list.length === 0) waiting.delete(slotId);
    }
    queued -= batch.length;
    return { slots, batch };
  }

  async function run(batch: Pending[]) {
    const rows = batch.map((p, ord) => ({ ord, ...p.request }));
    for (let attempt = 1; ; attempt++) {
      try {
        return await bookBatch(db, rows, options.noShowWindowDays, options.noShowBlockDays);
      } catch (error) {
        if (attempt < 3 && RETRYABLE.has(pgErrorCode(error) ?? '')) continue;
        throw error;
      }
    }
  }

  function pump() {
    while (inFlight < options.maxInFlight && queued > 0) {
      const { slots, batch } = takeBatch();
      if (batch.length === 0) return;
      for (const s of slots) busy.add(s);
      inFlight++;
      // The next batch goes to the database before this one's answers are built and written, so the two overlap.
      const release = () => {
        for (const s of slots) busy.delete(s);
        inFlight--;
        pump();
      };
      void run(batch).then(
        (outcomes) => {
          release();
          const byOrd = new Map(outcomes.map((o) => [Number(o.ord), o]));
          batch.forEach((p, i) => {
            const outcome = byOrd.get(i);
            if (outcome) p.resolve(outcome);
            else p.reject(new Error('booking batch returned no outcome'));
          });
        },
        (error: unknown) => {
          release();
          for (const p of batch) p.reject(error);
        },
      );
    }
  }

  return {
    /** A seat in the next batch for this request's slot; null when too many wait already (shed: 503). */
    submit(request: BookRequest): Promise<BookOutcomeRow> | null {
      if (queued >= options.maxQueue) return null;
      let list = waiting.get(request.slot_id);
      if (!list) waiting.set(request.slot_id, (list = []));
      const promise = new Promise<BookOutcomeRow>((resolve, reject) => list.push({ request, resolve, reject }));
      queued++;
      // Sent once the event loop has taken in what has arrived with it: at 9:00 the requests read from the sockets
      // in one turn share the first batch (instead of the first going alone and the rest waiting for its answer,
      // which the loop reads only after that whole turn), and the database starts on them while the loop takes in
      // the next turn's. A lone request still goes in the same turn, with no timer.
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

export type BookingWriter = ReturnType<typeof createBookingWriter>;
