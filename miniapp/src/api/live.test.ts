import { connectLive, type LiveMessage, type LiveMode, type LiveStream } from './live';

class FakeStream implements LiveStream {
  closed = false;
  onerror: ((event: never) => void) | null = null;
  private listeners = new Map<string, ((event: { data?: unknown }) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: { data?: unknown }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
  }
  /** The server sends an event. */
  send(type: string, data?: unknown) {
    for (const listener of this.listeners.get(type) ?? []) listener({ data });
  }
  /** The connection drops. */
  fail() {
    (this.onerror as ((event: unknown) => void) | null)?.({});
  }
}

function setup(options: { stream?: boolean; ticketFails?: boolean } = {}) {
  const messages: LiveMessage[] = [];
  const modes: LiveMode[] = [];
  const streams: FakeStream[] = [];
  let tickets = 0;
  const connection = connectLive(
    (m) => messages.push(m),
    (m) => modes.push(m),
    {
      openStream:
        options.stream === false
          ? null
          : (url) => {
              const s = new FakeStream(url);
              streams.push(s);
              return s;
            },
      requestTicket: async () => {
        tickets += 1;
        if (options.ticketFails) throw new Error('offline');
        return `t${tickets}`;
      },
    },
  );
  return { messages, modes, streams, connection, tickets: () => tickets };
}

/** Lets the ticket promise settle. */
const settle = () => jest.advanceTimersByTimeAsync(0);

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('live updates', () => {
  it('polls every 3 s where there is no EventSource (weapp)', async () => {
    const { messages, modes, connection } = setup({ stream: false });
    expect(modes).toEqual(['polling']);
    await jest.advanceTimersByTimeAsync(9_000);
    expect(messages).toEqual([{ type: 'sync' }, { type: 'sync' }, { type: 'sync' }]);
    connection.stop();
    await jest.advanceTimersByTimeAsync(9_000);
    expect(messages).toHaveLength(3);
  });

  it('streams with a fresh ticket and passes on application changes', async () => {
    const { messages, modes, streams } = setup();
    await settle();
    expect(streams[0]!.url).toBe('/api/v1/live?ticket=t1');
    streams[0]!.send('ready');
    expect(modes).toEqual(['connecting', 'live']);
    expect(messages).toEqual([]);

    streams[0]!.send('application', JSON.stringify({ id: 'a1', status: 'approved', mine: true }));
    streams[0]!.send('application', 'not json');
    streams[0]!.send('application', JSON.stringify({ id: 'a1', status: 'teleported', mine: true }));
    expect(messages).toEqual([{ type: 'application', id: 'a1', status: 'approved', mine: true }, { type: 'sync' }, { type: 'sync' }]);
  });

  it('reconnects with a new ticket after a drop and asks for a refetch of what it missed', async () => {
    const { messages, modes, streams, tickets } = setup();
    await settle();
    streams[0]!.send('ready');
    streams[0]!.fail();
    expect(streams[0]!.closed).toBe(true);

    await jest.advanceTimersByTimeAsync(1_000);
    expect(tickets()).toBe(2);
    expect(streams[1]!.url).toBe('/api/v1/live?ticket=t2');
    streams[1]!.send('ready');
    expect(messages).toEqual([{ type: 'sync' }]);
    expect(modes.at(-1)).toBe('live');
  });

  it('falls back to polling after three failed connects in a row', async () => {
    const { messages, modes, streams } = setup();
    await settle();
    streams[0]!.fail();
    await jest.advanceTimersByTimeAsync(1_000);
    streams[1]!.fail();
    await jest.advanceTimersByTimeAsync(2_000);
    streams[2]!.fail();
    expect(modes.at(-1)).toBe('polling');

    await jest.advanceTimersByTimeAsync(3_000);
    expect(streams).toHaveLength(3);
    expect(messages).toEqual([{ type: 'sync' }]);
  });

  it('polls when no ticket can be had', async () => {
    const { modes, streams } = setup({ ticketFails: true });
    await settle();
    await jest.advanceTimersByTimeAsync(1_000);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(streams).toHaveLength(0);
    expect(modes.at(-1)).toBe('polling');
  });

  it('closes the stream and goes quiet when stopped', async () => {
    const { messages, modes, streams, connection } = setup();
    await settle();
    streams[0]!.send('ready');
    connection.stop();
    expect(streams[0]!.closed).toBe(true);
    expect(modes.at(-1)).toBe('off');
    await jest.advanceTimersByTimeAsync(10_000);
    expect(messages).toEqual([]);
  });
});
