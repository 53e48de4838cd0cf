import { useEffect, useRef, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { ApplicationStatus, MeResponse, StaffApplication } from '@union/shared';
import { fetchMe } from '../../../api/auth';
import { listMyEvents } from '../../../api/events';
import { fetchQueue } from '../../../api/staff';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { useLive } from '../../../hooks/use-live';
import { STAFF_PAGE } from '../../../lib/navigation';

export interface QueueView {
  items: StaffApplication[];
  total: number;
  pendingTotal: number;
}

/** The filters: one stall event, and the last 4 digits of the phone of the person in front of you. */
export interface QueueFilter {
  eventId?: string;
  last4?: string;
}

/**
 * The review queue: one tab of applications (filtered), kept live, with the count still pending; who is
 * reviewing (their unions and roles), and their latest stall events to filter by.
 */
export function useQueue() {
  const [tab, setTab] = useState<ApplicationStatus>('pending');
  const tabRef = useRef(tab);
  tabRef.current = tab;
  const [eventId, setEventId] = useState<string>();
  const [last4, setLast4] = useState('');
  const filterRef = useRef<{ eventId?: string; phoneLast4?: string }>({});
  filterRef.current = { eventId, phoneLast4: last4.length === 4 ? last4 : undefined };
  const [events, setEvents] = useState<{ id: string; title: string }[]>([]);

  const queue = useAuthedRequest<QueueView>(async () => {
    const status = tabRef.current;
    const list = await fetchQueue({ status, limit: 50, ...filterRef.current });
    const pendingTotal = status === 'pending' ? list.total : (await fetchQueue({ status: 'pending', limit: 1 })).total;
    return { items: list.items, total: list.total, pendingTotal };
  }, STAFF_PAGE);
  const [me, setMe] = useState<MeResponse | null>(null);
  const fresh = useFreshItems(queue.state);

  useEffect(() => {
    if (!queue.signedIn) return;
    fetchMe({ quiet: true })
      .then(setMe)
      .catch(() => setMe(null));
    // The latest few stall events, as filter chips; the queue works without them.
    listMyEvents()
      .then((items) => setEvents(items.slice(0, 6).map((e) => ({ id: e.id, title: e.title }))))
      .catch(() => setEvents([]));
  }, [queue.signedIn]);

  function applyFilter(next: QueueFilter) {
    const nextEvent = 'eventId' in next ? next.eventId : eventId;
    const nextLast4 = next.last4 ?? last4;
    setEventId(nextEvent);
    setLast4(nextLast4);
    filterRef.current = { eventId: nextEvent, phoneLast4: nextLast4.length === 4 ? nextLast4 : undefined };
    // A search runs at 4 digits and when cleared, not at every keystroke.
    fresh.restart();
    if ('eventId' in next || nextLast4.length === 4 || (nextLast4.length === 0 && last4.length > 0)) void queue.run();
  }

  const live = useLive(() => void queue.run({ silent: true }), { enabled: queue.signedIn });

  usePullDownRefresh(() => {
    void queue.run({ silent: true }).finally(() => Taro.stopPullDownRefresh());
  });

  /** False when that tab is already shown. */
  function switchTab(status: ApplicationStatus): boolean {
    if (status === tab) return false;
    setTab(status);
    tabRef.current = status;
    fresh.restart();
    fresh.clear();
    void queue.run();
    return true;
  }

  /** Takes a decided (or moved) application off the list at once, before the refetch says so. */
  function removeLocally(id: string) {
    if (queue.state.status !== 'success') return;
    const data = queue.state.data;
    const items = data.items.filter((i) => i.id !== id);
    queue.set({ items, total: Math.max(0, data.total - 1), pendingTotal: Math.max(0, data.pendingTotal - 1) });
  }

  function alreadyDecided() {
    void Taro.showToast({ title: '该申请已由其他工作人员处理，列表已刷新', icon: 'none', duration: 2500 });
    void queue.run({ silent: true });
  }

  const refresh = () => void queue.run({ silent: true });

  return { queue, tab, eventId, last4, events, me, live, fresh: fresh.ids, applyFilter, switchTab, removeLocally, alreadyDecided, refresh };
}

export type Queue = ReturnType<typeof useQueue>;

/** Items that arrive after the first load are highlighted for a few seconds, so a new applicant is easy to spot. */
function useFreshItems(state: Queue['queue']['state']) {
  const seen = useRef<Set<string> | null>(null);
  const [ids, setIds] = useState<Set<string>>(new Set());
  const timers = useRef<ReturnType<typeof setTimeout>[]>([]);
  useEffect(() => () => timers.current.forEach(clearTimeout), []);
  useEffect(() => {
    if (state.status !== 'success') return;
    const current = state.data.items.map((i) => i.id);
    if (seen.current === null) {
      seen.current = new Set(current);
      return;
    }
    const added = current.filter((id) => !seen.current!.has(id));
    if (added.length === 0) return;
    added.forEach((id) => seen.current!.add(id));
    setIds((f) => new Set([...f, ...added]));
    timers.current.push(setTimeout(() => setIds((f) => new Set([...f].filter((id) => !added.includes(id)))), 4000));
  }, [state]);
  return {
    ids,
    /** Another list is coming (a new filter or tab): what it shows first is not new. */
    restart: () => {
      seen.current = null;
    },
    clear: () => setIds(new Set()),
  };
}
