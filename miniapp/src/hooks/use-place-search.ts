import { useCallback, useEffect, useRef, useState } from 'react';
import type { PlaceKind, PlaceOption } from '@union/shared';
import { listPlaces } from '../api/benefits';
import { toApiError } from '../api/errors';
import type { RequestError } from './use-request';

/** Typing pauses this long before a search goes out. */
const DEBOUNCE_MS = 300;
const PAGE_SIZE = 20;

/** A search's answer so far: its pages joined, where the next starts, and how loading that next page went. */
export type PlaceResults =
  | { status: 'loading' }
  | { status: 'error'; error: RequestError }
  | { status: 'success'; items: PlaceOption[]; nextOffset: number | null; more: 'idle' | 'loading' | RequestError };

/**
 * The places of one kind in the staffer's unions (GET /admin/places), searched by name or address while `active`
 * (the page is ready, or a sheet is open), PAGE_SIZE at a time. Only the latest search may update the results.
 */
export function usePlaceSearch(kind: PlaceKind, active: boolean) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<PlaceResults>({ status: 'loading' });
  const run = useRef(0);
  const sent = useRef('');

  // Changes only with `kind` or `query`, so the effect below searches exactly when those (or `active`) change.
  const search = useCallback(async () => {
    const id = ++run.current;
    sent.current = query.trim();
    setResults({ status: 'loading' });
    try {
      const page = await listPlaces(kind, { q: sent.current, limit: PAGE_SIZE });
      if (id === run.current) setResults({ status: 'success', ...page, more: 'idle' });
    } catch (error) {
      if (id === run.current) setResults({ status: 'error', error: toApiError(error) });
    }
  }, [kind, query]);

  async function loadMore() {
    if (results.status !== 'success' || results.nextOffset === null || results.more === 'loading') return;
    const id = run.current;
    const shown = results;
    setResults({ ...shown, more: 'loading' });
    try {
      const page = await listPlaces(kind, { q: sent.current, limit: PAGE_SIZE, offset: shown.nextOffset! });
      const fresh = page.items.filter((p) => !shown.items.some((x) => x.id === p.id));
      if (id === run.current) setResults({ status: 'success', items: [...shown.items, ...fresh], nextOffset: page.nextOffset, more: 'idle' });
    } catch (error) {
      if (id === run.current) setResults({ ...shown, more: toApiError(error) });
    }
  }

  useEffect(() => {
    if (!active) return undefined;
    const timer = setTimeout(() => void search(), query.trim() ? DEBOUNCE_MS : 0);
    return () => clearTimeout(timer);
  }, [kind, query, active, search]);

  return { query, setQuery, results, retry: () => void search(), loadMore: () => void loadMore() };
}

export type PlaceSearchState = ReturnType<typeof usePlaceSearch>;
