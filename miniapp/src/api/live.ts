import { liveApplicationEventSchema, liveTicketSchema, type LiveApplicationEvent } from '@union/shared';
import { API_BASE, request } from './http';

/**
 * Live updates for the staff queue and the applicant's status page (the hook is hooks/use-live.ts).
 *
 * H5: Server-Sent Events (`GET /live?ticket=`), with a fresh one-minute ticket from
 * `POST /live/ticket` on every (re)connect because EventSource cannot send a header.
 * weapp, or a browser without EventSource, or a stream that keeps failing: poll every 3 s.
 * Either way the page gets a message and refetches what it shows; messages carry no data to trust.
 */

export type LiveMessage =
  /** An application visible to this account changed: its own (mine), or one in the staffer's scope. */
  | ({ type: 'application' } & LiveApplicationEvent)
  /** Something may have been missed (a reconnect, a polling tick): refetch. */
  | { type: 'sync' };

export type LiveMode = 'off' | 'connecting' | 'live' | 'polling';

const POLL_MS = 3000;
/** Consecutive stream failures before giving up on SSE until the page is shown again. */
const MAX_FAILURES = 3;

function requestTicket(): Promise<string> {
  return request({ method: 'POST', path: '/live/ticket', schema: liveTicketSchema, loginOnAuthFailure: false }).then((r) => r.ticket);
}

/** The part of EventSource used here. */
export interface LiveStream {
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
  onerror: ((event: never) => void) | null;
  close(): void;
}

export interface LiveDeps {
  /** Opens a stream; null where there is none (weapp, old browsers): poll instead. */
  openStream?: ((url: string) => LiveStream) | null;
  requestTicket?: () => Promise<string>;
}

function defaultOpenStream(): ((url: string) => LiveStream) | null {
  if (process.env.TARO_ENV !== 'h5' || typeof EventSource === 'undefined') return null;
  return (url) => new EventSource(url);
}

export interface LiveConnection {
  stop: () => void;
}

export function connectLive(emit: (message: LiveMessage) => void, setMode: (mode: LiveMode) => void, deps: LiveDeps = {}): LiveConnection {
  const openStream = deps.openStream === undefined ? defaultOpenStream() : deps.openStream;
  const getTicket = deps.requestTicket ?? requestTicket;
  let stopped = false;
  let source: LiveStream | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let connectedBefore = false;

  const startPolling = () => {
    if (stopped) return;
    setMode('polling');
    const tick = () => {
      if (stopped) return;
      emit({ type: 'sync' });
      timer = setTimeout(tick, POLL_MS);
    };
    timer = setTimeout(tick, POLL_MS);
  };

  const retry = () => {
    failures += 1;
    if (failures >= MAX_FAILURES) startPolling();
    else if (openStream) timer = setTimeout(() => void open(openStream), 1000 * failures);
  };

  const open = async (stream: (url: string) => LiveStream) => {
    if (stopped) return;
    setMode('connecting');
    let ticket: string;
    try {
      ticket = await getTicket();
    } catch {
      retry();
      return;
    }
    if (stopped) return;
    const es = stream(`${API_BASE}/live?ticket=${encodeURIComponent(ticket)}`);
    source = es;
    es.addEventListener('ready', () => {
      failures = 0;
      setMode('live');
      // Changes made while the stream was down were never sent: look again.
      if (connectedBefore) emit({ type: 'sync' });
      connectedBefore = true;
    });
    es.addEventListener('application', (event) => {
      try {
        const parsed = liveApplicationEventSchema.safeParse(JSON.parse(String(event.data)));
        emit(parsed.success ? { type: 'application', ...parsed.data } : { type: 'sync' });
      } catch {
        emit({ type: 'sync' });
      }
    });
    es.onerror = () => {
      // EventSource would retry with the same (soon expired) ticket: reconnect ourselves instead.
      es.close();
      if (source === es) source = null;
      if (!stopped) retry();
    };
  };

  if (openStream) void open(openStream);
  else startPolling();

  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      source?.close();
      source = null;
      setMode('off');
    },
  };
}
