import { checkIdNumber, normalizeIdNumber } from '@union/shared';
import type { RealNameProvider } from './realname.adapter';

export interface DevRealNameOptions {
  /** Artificial latency per check, to see loading states in the UI. Default 0. */
  latencyMs?: number;
}

/**
 * Offline stand-in for the carrier three-factor check. An ID number in `rejectIds` fails (to rehearse
 * the failure path), as does an ID number that does not pass GB 11643 validation; everything else passes.
 */
export function createDevRealName(rejectIds: string[], options: DevRealNameOptions = {}): RealNameProvider {
  const rejected = new Set(rejectIds.map((id) => normalizeIdNumber(id)));
  const latencyMs = options.latencyMs ?? 0;
  return {
    name: 'dev',
    async verify(input) {
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      const id = normalizeIdNumber(input.idNumber);
      if (rejected.has(id)) return { outcome: 'failed', reason: 'dev reject list' };
      const check = checkIdNumber(id);
      if (!check.ok) return { outcome: 'failed', reason: `invalid ID number: ${check.message}` };
      return { outcome: 'passed' };
    },
  };
}
