/** The claims of this app's tokens, and the check that a verified token carries them. */

/** Tolerated difference between instances' clocks for an `iat` in the future. */
const CLOCK_SKEW_S = 30;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AccessClaims {
  sub: string;
  typ: 'access';
  /** The session (refresh-token family) the token belongs to: revoking it refuses the token. */
  sid: string;
  iat: number;
  exp: number;
}

/** Traded for an access token so EventSource, which cannot send a header, can open a stream. */
export interface LiveTicketClaims {
  sub: string;
  typ: 'live';
  sid: string;
  /** Single use: the database records each ticket id once. */
  jti: string;
  iat: number;
  exp: number;
}

/**
 * After the signature, algorithm, issuer, audience and dates have been verified: the claims this
 * app relies on, with the right types, for the expected token type.
 */
export function hasSessionClaims<T extends 'access' | 'live'>(claims: unknown, typ: T): claims is T extends 'access' ? AccessClaims : LiveTicketClaims {
  if (!claims || typeof claims !== 'object') return false;
  const c = claims as Record<string, unknown>;
  if (c.typ !== typ || typeof c.sub !== 'string' || !UUID.test(c.sub) || typeof c.sid !== 'string' || !UUID.test(c.sid)) return false;
  if (typeof c.exp !== 'number' || typeof c.iat !== 'number' || c.iat > Date.now() / 1000 + CLOCK_SKEW_S) return false;
  if (typ === 'live' && (typeof c.jti !== 'string' || !UUID.test(c.jti))) return false;
  return true;
}
