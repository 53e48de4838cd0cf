import { useEffect, useRef, useState } from 'react';
import { listOrgs } from '../api/orgs';
import { useRequest } from './use-request';

const LIMIT = 30;
/** Wait for a pause in typing before asking the server. */
const DEBOUNCE_MS = 300;

/** The unions that take applications, searched by name or address while `active` (a sheet is open). */
export function useOrgSearch(active: boolean) {
  const [query, setQuery] = useState('');
  const sent = useRef('');
  const orgs = useRequest(() => listOrgs({ q: sent.current || undefined, limit: LIMIT }));
  const { run } = orgs;

  useEffect(() => {
    if (!active) return undefined;
    sent.current = query.trim();
    const timer = setTimeout(() => void run({ silent: true }), query ? DEBOUNCE_MS : 0);
    return () => clearTimeout(timer);
  }, [query, active, run]);

  return { query, setQuery, state: orgs.state, retry: () => void run() };
}
