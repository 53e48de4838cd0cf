/**
 * Answers index.html's first script asked for before the app's bundles arrived (H5 only): the stall QR's join page
 * starts its public GET of the stall event there, a round trip and the bundles' start-up sooner than the page could
 * (miniapp/config/route-preload.ts). Keyed by URL, as `{ statusCode, data }`; each is taken once, so a retry asks anew.
 */
export const PREFETCHED_KEY = '__unionPrefetched';

export interface PrefetchedResponse {
  statusCode: number;
  data: unknown;
}

type Store = Record<string, Promise<PrefetchedResponse> | undefined>;

/** The early answer for this URL, if the first script asked for it; rejects when that fetch failed. */
export function takePrefetched(url: string): Promise<PrefetchedResponse> | undefined {
  // `typeof`: an older mini-program engine has no globalThis (and never a prefetch).
  const global = typeof globalThis === 'undefined' ? undefined : (globalThis as unknown as Record<string, Store | undefined>);
  const store = global?.[PREFETCHED_KEY];
  const answer = store?.[url];
  if (answer) delete store[url];
  return answer;
}
