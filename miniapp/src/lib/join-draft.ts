import Taro from '@tarojs/taro';
import type { WorkerCategory } from '@union/shared';
import { getSession } from '../api/session';

/** Which union the application goes to. */
export type UnionChoice =
  | { kind: 'event'; eventCode: string }
  | { kind: 'org'; orgId: string; orgName: string }
  /** 不确定，按工作区域分配: the server routes it. */
  | { kind: 'auto' };

/**
 * Everything typed into the join form. Saved on every change and kept after submitting, so a
 * failed submit, a closed app or a rejection never means typing it again. Cleared once approved.
 */
export interface JoinDraft {
  name: string;
  idNumber: string;
  category: WorkerCategory | '';
  employer: string;
  workDistrict: string;
  /** The district was filled in from the stall's union, not picked by the user. */
  districtGuessed: boolean;
  union: UnionChoice;
  consent: boolean;
}

export const EMPTY_DRAFT: JoinDraft = {
  name: '',
  idNumber: '',
  category: '',
  employer: '',
  workDistrict: '',
  districtGuessed: false,
  union: { kind: 'auto' },
  consent: false,
};

const KEY_PREFIX = 'union.joinDraft.v1.';

// Per account: a shared phone at the stall must not show one worker's ID number to the next.
function key(): string | null {
  const accountId = getSession()?.account?.id;
  return accountId ? `${KEY_PREFIX}${accountId}` : null;
}

export function loadDraft(): JoinDraft | null {
  const k = key();
  if (!k) return null;
  try {
    const raw: unknown = Taro.getStorageSync(k);
    if (!raw || typeof raw !== 'object') return null;
    return { ...EMPTY_DRAFT, ...(raw as Partial<JoinDraft>) };
  } catch {
    return null;
  }
}

export function saveDraft(draft: JoinDraft): void {
  const k = key();
  if (!k) return;
  try {
    Taro.setStorageSync(k, draft);
  } catch {
    // Storage full or unavailable: the form still works, it just is not kept.
  }
}

export function clearDraft(): void {
  const k = key();
  if (!k) return;
  try {
    Taro.removeStorageSync(k);
  } catch {
    // Nothing to clear.
  }
}

/**
 * Every saved draft on this phone, whoever typed it: signing out leaves no ID number behind, not even
 * one kept for an account whose session had already expired.
 */
export function clearAllDrafts(): void {
  try {
    for (const k of Taro.getStorageInfoSync().keys) {
      if (k.startsWith(KEY_PREFIX)) Taro.removeStorageSync(k);
    }
  } catch {
    // Storage unavailable: nothing was kept either.
  }
}
