/**
 * Answers index.html's first script asked for before the app's bundles arrived (H5 only): the stall QR's join page
 * starts its public GET of the stall event there, a round trip and the bundles' start-up sooner than the page could
 * (miniapp/config/route-preload.ts). Keyed by URL, as `{ statusCode, data }`; each is taken once, so a retry asks anew.
 * The script stamps when it asked (PREFETCHED_AT_KEY, ms since the epoch): an answer not taken within PREFETCH_FRESH_MS
 * (the person signed in first, and came back to the page later) is dropped, never shown stale.
 */
export const PREFETCHED_KEY = '__unionPrefetched';
export const PREFETCHED_AT_KEY = '__unionPrefetchedAt';
export const PREFETCH_FRESH_MS = 60_000;

export interface PrefetchedResponse {
  statusCode: number;
  data: unknown;
}

type Store = Record<string, Promise<PrefetchedResponse> | undefined>;

/** The early answer for this URL, if the first script asked for it; rejects when that fetch failed. */
export function takePrefetched(url: string): Promise<PrefetchedResponse> | undefined {
  // `typeof`: an older mini-program engine has no globalThis (and never a prefetch).
  const global = typeof globalThis === 'undefined' ? undefined : (globalThis as unknown as Record<string, Store | number | undefined>);
  const store = global?.[PREFETCHED_KEY] as Store | undefined;
  if (!store) return undefined;
  const at = global![PREFETCHED_AT_KEY];
  if (typeof at !== 'number' || Math.abs(Date.now() - at) > PREFETCH_FRESH_MS) {
    delete global![PREFETCHED_KEY];
    return undefined;
  }
  const answer = store[url];
  if (answer) delete store[url];
  return answer;
}
