// Plain constants, no schema: the mini-program's first page imports them without building any zod schema
// (a page path kept in a module with schemas makes the first page build all of them, and of what they import).
/** The join form's page. Stall QR codes already printed open it, so it must never move. */
export const JOIN_PAGE_PATH = 'pages/join/index';
/** The stall's code in the H5 link (`event`) and in the mini-program code's scene (`scene`). */
export const JOIN_EVENT_PARAM = 'event';
export const JOIN_SCENE_PARAM = 'scene';
/** A stall event's code (活动码), as the link carries it. */
export const EVENT_CODE_PATTERN = /^[A-Za-z0-9]{6,16}$/;

/** Where a stall's QR code points: the H5 join link (hash router, same origin) and the weapp page path. */
export function joinLinks(code: string): { joinUrl: string; weappPath: string } {
  return {
    joinUrl: `/#/${JOIN_PAGE_PATH}?${JOIN_EVENT_PARAM}=${code}`,
    weappPath: `${JOIN_PAGE_PATH}?${JOIN_SCENE_PARAM}=${code}`,
  };
}

/** A stall's short link (`/j/CODE`): the server redirects it to the join link. Short enough to read off a screen and type. */
export const JOIN_SHORT_PREFIX = '/j/';
export function shortJoinPath(code: string): string {
  return `${JOIN_SHORT_PREFIX}${code}`;
}

/** The page a scanned place code opens; the card page's 扫一扫 navigates here with `code`. Printed posters point here: never move it. */
export const CLAIM_PAGE_PATH = 'pages/benefits/claim';
export const CLAIM_CODE_PARAM = 'code';

/** The page that checks a certificate's code (`code`); the QR on a certificate opens it. Public, no sign-in: never move it. */
export const CERTIFICATE_VERIFY_PAGE_PATH = 'pages/learning/verify';
export function certificateVerifyLinks(code: string): { verifyUrl: string; weappPath: string } {
  const q = `code=${encodeURIComponent(code)}`;
  return { verifyUrl: `/#/${CERTIFICATE_VERIFY_PAGE_PATH}?${q}`, weappPath: `${CERTIFICATE_VERIFY_PAGE_PATH}?${q}` };
}
