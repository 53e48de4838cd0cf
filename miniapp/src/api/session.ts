import Taro from '@tarojs/taro';
import type { Account, TokenPair } from '@union/shared';

/** What survives an app restart: the token pair and the (masked) account it belongs to. */
export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms; informational only, the server is the judge (401 auth.token_expired). */
  accessExpiresAt: number;
  account: Account | null;
}

const STORAGE_KEY = 'union.session.v1';

function isSession(value: unknown): value is Session {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.accessToken === 'string' && typeof v.refreshToken === 'string';
}

export function getSession(): Session | null {
  try {
    const raw: unknown = Taro.getStorageSync(STORAGE_KEY);
    return isSession(raw) ? raw : null;
  } catch {
    return null;
  }
}

export function isSignedIn(): boolean {
  return getSession() !== null;
}

export function saveSession(pair: TokenPair, account: Account | null): Session {
  const session: Session = {
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    accessExpiresAt: Date.now() + pair.expiresIn * 1000,
    account,
  };
  Taro.setStorageSync(STORAGE_KEY, session);
  return session;
}

/** Refresh rotates both tokens; keep the account we already know. */
export function replaceTokens(pair: TokenPair): Session | null {
  const current = getSession();
  if (!current) return null;
  return saveSession(pair, current.account);
}

export function clearSession(): void {
  try {
    Taro.removeStorageSync(STORAGE_KEY);
  } catch {
    // Storage unavailable: nothing left to clear.
  }
}

const signInListeners = new Set<() => void>();

/**
 * The session turned out to be gone while the user was doing something that needs it. The API layer
 * knows no pages: the app shell subscribes and opens the login page.
 */
export function onSignInRequired(listener: () => void): () => void {
  signInListeners.add(listener);
  return () => {
    signInListeners.delete(listener);
  };
}

export function signInRequired(): void {
  signInListeners.forEach((listener) => listener());
}
