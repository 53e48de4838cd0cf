import type { MemberCodeResponse } from '@union/shared';

/**
 * The rotating member code on the card page, as a small state machine with its clock and timers passed in
 * (so unit tests drive it). The server says how long a code lives (`expiresIn`, at most 60 s) and when the
 * next one is ready (`refreshIn`); times are counted on this phone's own clock from the moment the answer
 * arrived, so a phone whose clock is wrong still counts down right.
 *
 * - A code is shown only while it is valid, with a safety margin: an expired code is never shown as valid.
 * - At `refreshIn` the next code is fetched; while that fetch is out (or retried on a weak network) the
 *   current code stays on screen as long as it is valid, with "正在刷新…".
 * - If the code runs out before a new one arrives, the QR is taken away and the view says why, with retry.
 * - `pause()` (page hidden, screen off) stops every timer and request; `resume()` picks up, fetching at once
 *   if the code on hand is due or gone.
 */

export type MemberCodeView =
  | { phase: 'loading' }
  | { phase: 'showing'; code: string; shortCode: string | null; secondsLeft: number; refreshing: boolean }
  | { phase: 'error'; message: string; retryable: boolean };

export interface MemberCodeDeps {
  fetchCode: () => Promise<MemberCodeResponse>;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  onChange: (view: MemberCodeView) => void;
  /** Errors after which retrying cannot help (not a member, signed out): `retryable: false`. */
  isFinal?: (error: unknown) => boolean;
  messageOf?: (error: unknown) => string;
}

/** Taken off every lifetime, for the time the scanner needs and for a slow request. */
export const SAFETY_MS = 3_000;
/** Retries of a failed refresh: 1 s, 2 s, 4 s… at most 8 s apart. */
export const retryDelayMs = (attempt: number) => Math.min(1_000 * 2 ** attempt, 8_000);

export const EXPIRED_MESSAGE = '网络不佳，会员码已失效。请检查网络后点“重新获取”';

export function createMemberCodeController(deps: MemberCodeDeps) {
  const now = deps.now ?? (() => Date.now());
  const setTimer = deps.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const clearTimer = deps.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const messageOf = deps.messageOf ?? ((e: unknown) => (e instanceof Error ? e.message : '会员码获取失败'));

  let current: { code: string; shortCode: string | null; expiresAt: number; refreshAt: number } | null = null;
  let refreshing = false;
  let failure: { message: string; retryable: boolean } | null = null;
  let attempt = 0;
  let running = false;
  let generation = 0;
  const timers = new Set<unknown>();

  function later(fn: () => void, ms: number) {
    const handle = setTimer(
      () => {
        timers.delete(handle);
        fn();
      },
      Math.max(0, ms),
    );
    timers.add(handle);
  }
  function clearAll() {
    for (const t of timers) clearTimer(t);
    timers.clear();
  }

  function view(): MemberCodeView {
    const t = now();
    if (current && t < current.expiresAt) {
      return {
        phase: 'showing',
        code: current.code,
        shortCode: current.shortCode,
        secondsLeft: Math.max(0, Math.ceil((current.refreshAt - t) / 1000)),
        refreshing,
      };
    }
    if (failure) return { phase: 'error', ...failure };
    if (current) return { phase: 'error', message: EXPIRED_MESSAGE, retryable: true };
    return { phase: 'loading' };
  }
  const emit = () => deps.onChange(view());

  /** Ticks once a second for the countdown, and takes an expired code away at the exact moment. */
  function scheduleTicks() {
    if (!current) return;
    const t = now();
    const untilExpiry = current.expiresAt - t;
    if (untilExpiry <= 0) return;
    const untilNextSecond = (((current.refreshAt - t) % 1000) + 1000) % 1000 || 1000;
    later(
      () => {
        emit();
        scheduleTicks();
      },
      Math.min(untilNextSecond, untilExpiry),
    );
  }

  async function fetchNow() {
    if (!running) return;
    const gen = ++generation;
    refreshing = true;
    emit();
    try {
      const res = await deps.fetchCode();
      if (gen !== generation || !running) return;
      const t = now();
      current = {
        code: res.code,
        shortCode: res.shortCode,
        expiresAt: t + res.expiresIn * 1000 - SAFETY_MS,
        // A new code is ready at the next step; never ask more often than once a second.
        refreshAt: t + Math.max(1, res.refreshIn) * 1000,
      };
      refreshing = false;
      failure = null;
      attempt = 0;
      clearAll();
      emit();
      scheduleTicks();
      later(() => void fetchNow(), current.refreshAt - t);
    } catch (error) {
      if (gen !== generation || !running) return;
      refreshing = false;
      if (deps.isFinal?.(error)) {
        current = null;
        failure = { message: messageOf(error), retryable: false };
        clearAll();
        emit();
        return;
      }
      const t = now();
      const stillValid = current !== null && t < current.expiresAt;
      // Keep trying while the code on screen is valid ("正在刷新…"); after that, stop and offer a retry.
      if (stillValid) {
        refreshing = true;
        emit();
        later(() => void fetchNow(), retryDelayMs(attempt++));
      } else {
        current = null;
        failure = { message: failure?.message ?? (attempt > 0 ? EXPIRED_MESSAGE : messageOf(error)), retryable: true };
        clearAll();
        emit();
      }
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      const t = now();
      if (current && t < current.refreshAt) {
        emit();
        scheduleTicks();
        later(() => void fetchNow(), current.refreshAt - t);
      } else {
        if (current && t >= current.expiresAt) current = null;
        void fetchNow();
      }
    },
    /** Page hidden: no timers, no requests. The code on hand is kept and checked again on resume. */
    pause() {
      running = false;
      generation++;
      refreshing = false;
      clearAll();
    },
    /** A screenshot was taken, or the user asked: a new code now. */
    refreshNow() {
      if (!running) return;
      failure = null;
      attempt = 0;
      clearAll();
      void fetchNow();
    },
    retry() {
      failure = null;
      attempt = 0;
      if (!running) running = true;
      clearAll();
      void fetchNow();
    },
    view,
  };
}

export type MemberCodeController = ReturnType<typeof createMemberCodeController>;
