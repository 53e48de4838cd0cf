import { MAX_WATCH_SPEED } from '@union/shared';

/** Longest gap between two heartbeats that still counts as watching in between (a paused or backgrounded player does not). */
export const MAX_BEAT_GAP_SECONDS = 120;

export interface WatchState {
  /** One character per second of the video: '1' watched. */
  watched: string;
  lastPosition: number | null;
  lastBeatAt: Date | null;
}

/**
 * Adds one heartbeat the server saw. The stretch between the previous position and this one counts as watched only
 * when the player moved forward no faster than MAX_WATCH_SPEED times the server's own clock between the two beats (and
 * the beats are close enough): a seek, a sped-up player or a script posting positions covers nothing. Returns the new
 * state and the share of the video watched (0-1).
 */
export function applyHeartbeat(state: WatchState, position: number, at: Date, durationSeconds: number): WatchState & { share: number } {
  const seconds = [...state.watched.padEnd(durationSeconds, '0').slice(0, durationSeconds)];
  if (state.lastPosition !== null && state.lastBeatAt) {
    const elapsed = (at.getTime() - state.lastBeatAt.getTime()) / 1000;
    const moved = position - state.lastPosition;
    if (elapsed > 0 && elapsed <= MAX_BEAT_GAP_SECONDS && moved > 0 && moved <= MAX_WATCH_SPEED * elapsed + 1) {
      for (let s = Math.floor(state.lastPosition); s < Math.min(Math.ceil(position), durationSeconds); s++) seconds[s] = '1';
    }
  }
  const watched = seconds.join('');
  const share = durationSeconds > 0 ? watched.split('1').length - 1 : 0;
  return { watched, lastPosition: position, lastBeatAt: at, share: share / durationSeconds };
}
