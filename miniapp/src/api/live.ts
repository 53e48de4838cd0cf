import { useEffect, useRef, useState } from 'react';
import { useDidHide, useDidShow } from '@tarojs/taro';
import { z } from 'zod';
import { applicationStatusSchema, type ApplicationStatus } from '@union/shared';
import { API_BASE, request } from './http';
import { isSignedIn } from './session';

/**
 * Live updates for the staff queue and the applicant's status page.
 *
 * H5: Server-Sent Events (`GET /live?ticket=`), with a fresh one-minute ticket from
 * `POST /live/ticket` on every (re)connect because EventSource cannot send a header.
 * weapp, or a browser without EventSource, or a stream that keeps failing: poll every 3 s.
 * Either way the page gets a message and refetches what it shows; messages carry no data to trust.
 */

export type LiveMessage =
  /** An application visible to this account changed: its own (mine), or one in the staffer's scope. */
  | { type: 'application'; id: string; status: ApplicationStatus; mine: boolean }
  /** Something may have been missed (a reconnect, a polling tick): refetch. */
  | { type: 'sync' };

export type LiveMode = 'off' | 'connecting' | 'live' | 'polling';

const POLL_MS = 3000;
/** Consecutive stream failures before giving up on SSE until the page is shown again. */
const MAX_FAILURES = 3;

const ticketSchema = z.object({ ticket: z.string(), expiresIn: z.number() });
const applicationEventSchema = z.object({ id: z.string(), status: applicationStatusSchema, mine: z.boolean() });

function requestTicket(): Promise<string> {
  return request({ method: 'POST', path: '/live/ticket', schema: ticketSchema, loginOnAuthFailure: false }).then((r) => r.ticket);
}

function canStream(): boolean {
  return process.env.TARO_ENV === 'h5' && typeof EventSource !== 'undefined';
}

interface Connection {
  stop: () => void;
}

function connect(emit: (message: LiveMessage) => void, setMode: (mode: LiveMode) => void): Connection {
  let stopped = false;
  let source: EventSource | null = null;
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
    else timer = setTimeout(() => void open(), 1000 * failures);
  };

  const open = async () => {
    if (stopped) return;
    setMode('connecting');
    let ticket: string;
    try {
      ticket = await requestTicket();
    } catch {
      retry();
      return;
    }
    if (stopped) return;
    const es = new EventSource(`${API_BASE}/live?ticket=${encodeURIComponent(ticket)}`);
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
        const parsed = applicationEventSchema.safeParse(JSON.parse((event as MessageEvent<string>).data));
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

  if (canStream()) void open();
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

/**
 * Calls onEvent for every change while the page is shown and the user is signed in; connects on
 * show, disconnects on hide. Returns how updates currently arrive, for a small status line.
 */
export function useLive(onEvent: (message: LiveMessage) => void, options: { enabled?: boolean } = {}): LiveMode {
  const enabled = options.enabled ?? true;
  const [mode, setMode] = useState<LiveMode>('off');
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const connection = useRef<Connection | null>(null);
  const shown = useRef(true);

  const stop = () => {
    connection.current?.stop();
    connection.current = null;
  };
  const start = () => {
    stop();
    if (!enabled || !shown.current || !isSignedIn()) return;
    connection.current = connect((message) => handler.current(message), setMode);
  };

  useEffect(() => {
    start();
    return stop;
    // start/stop read refs; only `enabled` changes what they do.
  }, [enabled]);

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
