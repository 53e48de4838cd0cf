/**
 * Where the H5 app is served, for the links and QR codes a phone camera opens (a stall's join link, a certificate's
 * check): this page's origin on H5; on weapp the API's origin, since the server serves the H5 app beside its API.
 * Null in a weapp build made for the developer tools (a local API over http: no phone could open it).
 */
export function webOrigin(): string | null {
  if (process.env.TARO_ENV === 'h5') return typeof window === 'undefined' ? null : window.location.origin;
  return /^https:\/\/[^/]+/.exec(process.env.TARO_APP_API_BASE ?? '')?.[0] ?? null;
}

/** The absolute web address of an app path (`/#/pages/...`, `/j/CODE`), or null where there is none (see webOrigin). */
export function webUrl(path: string): string | null {
  const origin = webOrigin();
  return origin ? `${origin}${path}` : null;
}
