import type { Database } from '../../db/client';
import type { BookRequestRow } from './bookings.repository';
import { createBookingWriter } from './bookings.writer';

/** A stand-in database: records each book_batch call and answers it when the test says so. */
function fakeDatabase() {
  const calls: { requests: BookRequestRow[]; answer: () => void; fail: (error: unknown) => void }[] = [];
  const client = {
    query: (_text: string, values: unknown[]) =>
      new Promise((resolve, reject) => {
        const requests = JSON.parse(values[0] as string) as BookRequestRow[];
        calls.push({
          requests,
          answer: () => resolve({ rows: requests.map((r) => ({ ord: r.ord, outcome: 'booked', booking_id: r.booking_id })) }),
          fail: reject,
        });
      }),
  };
  return { db: { $client: client } as unknown as Database, calls };
}

const request = (slot: string, n: number) => ({ slot_id: slot, booking_id: `b-${slot}-${n}`, account_id: `a-${n}`, at: '2026-12-01T01:00:00.000Z' });
const tick = () => new Promise((r) => setImmediate(r));
const options = { maxBatch: 100, maxQueue: 1_000, maxInFlight: 2, noShowWindowDays: 90, noShowBlockDays: 30 };

describe('booking writer', () => {
  it('sends a lone request in the same turn, and groups the requests for a slot that arrive meanwhile into one call', async () => {
    const { db, calls } = fakeDatabase();
    const writer = createBookingWriter(db, options);
    const first = writer.submit(request('hot', 0))!;
    await tick();
    expect(calls.map((c) => c.requests.length)).toEqual([1]);
    const rest = Array.from({ length: 300 }, (_, i) => writer.submit(request('hot', i + 1))!);
    await tick();
    // One batch per slot in the database: the 300 wait for the first to finish.
    expect(calls).toHaveLength(1);
    calls[0]!.answer();
    expect((await first).booking_id).toBe('b-hot-0');
    await tick();
    expect(calls.map((c) => c.requests.length)).toEqual([1, 100]);
    calls[1]!.answer();
    await tick();
    calls[2]!.answer();
    await tick();
    calls[3]!.answer();
    const outcomes = await Promise.all(rest);
    // Each request gets its own row back, in order.
    expect(outcomes.map((o) => o.booking_id)).toEqual(Array.from({ length: 300 }, (_, i) => `b-hot-${i + 1}`));
    expect(calls.map((c) => c.requests.length)).toEqual([1, 100, 100, 100]);
  });

  it('sends the requests that arrive in one turn together: a rush starts with a full batch, not with one request', async () => {
    const { db, calls } = fakeDatabase();
    const writer = createBookingWriter(db, options);
    const all = Array.from({ length: 150 }, (_, i) => writer.submit(request('hot', i))!);
    expect(calls).toHaveLength(0);
    await tick();
    expect(calls.map((c) => c.requests.length)).toEqual([100]);
    calls[0]!.answer();
    await tick();
    calls[1]!.answer();
    expect((await Promise.all(all)).map((o) => o.booking_id)).toEqual(Array.from({ length: 150 }, (_, i) => `b-hot-${i}`));
    expect(calls.map((c) => c.requests.length)).toEqual([100, 50]);
  });

  it('writes other slots in another batch while one slot is busy, and several quiet slots in one batch', async () => {
    const { db, calls } = fakeDatabase();
    const writer = createBookingWriter(db, options);
    void writer.submit(request('hot', 0));
    await tick();
    void writer.submit(request('hot', 1));
    for (const slot of ['a', 'b', 'c']) void writer.submit(request(slot, 0));
    await tick();
    // The first call took the hot slot's first request; the second took the other slots, not the busy one.
    expect(calls.map((c) => c.requests.map((r) => r.slot_id))).toEqual([['hot'], ['a', 'b', 'c']]);
    calls[0]!.answer();
    await tick();
    expect(calls.map((c) => c.requests.map((r) => r.slot_id))).toEqual([['hot'], ['a', 'b', 'c'], ['hot']]);
  });

  it('turns requests away beyond the queue limit (the caller answers 503), and fails only the batch that failed', async () => {
    const { db, calls } = fakeDatabase();
    const writer = createBookingWriter(db, { ...options, maxQueue: 3, maxInFlight: 1 });
    const inFlight = writer.submit(request('s', 0))!;
    await tick();
    const waiting = [1, 2, 3].map((n) => writer.submit(request('s', n)));
    expect(waiting.every((p) => p !== null)).toBe(true);
    expect(writer.submit(request('s', 4))).toBeNull();
    calls[0]!.fail(new Error('connection lost'));
    await expect(inFlight).rejects.toThrow('connection lost');
    await tick();
    calls[1]!.answer();
    expect((await Promise.all(waiting)).map((o) => o!.booking_id)).toEqual(['b-s-1', 'b-s-2', 'b-s-3']);
  });
});
