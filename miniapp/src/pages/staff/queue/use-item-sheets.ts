import { useState } from 'react';
import Taro, { useDidHide } from '@tarojs/taro';
import type { Org, StaffApplication } from '@union/shared';
import { toApiError } from '../../../api/errors';
import { reassignApplication, revealField } from '../../../api/staff';

interface ReassignOptions {
  removeLocally: (id: string) => void;
  refresh: () => void;
  alreadyDecided: () => void;
}

/** 转交: the application whose sheet is open, and moving it to another union. */
export function useReassign({ removeLocally, refresh, alreadyDecided }: ReassignOptions) {
  const [item, setItem] = useState<StaffApplication | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  function open(next: StaffApplication) {
    setError(undefined);
    setItem(next);
  }

  async function confirm(org: Org, reason: string) {
    if (!item || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await reassignApplication(item.id, org.id, reason);
      // Gone from this queue, unless the other union is also ours: the refetch puts it back then.
      removeLocally(item.id);
      setItem(null);
      void Taro.showToast({ title: `已转交至 ${org.name}`, icon: 'none', duration: 2500 });
      refresh();
    } catch (e) {
      const apiError = toApiError(e);
      if (apiError.code === 'applications.already_decided') {
        setItem(null);
        alreadyDecided();
      } else setError(apiError.message);
    } finally {
      setBusy(false);
    }
  }

  return { item, busy, error, open, confirm, close: () => setItem(null) };
}

/** 查看完整身份证号: asked with a reason, shown until hidden, the tab changes or the reviewer leaves the screen. */
export function useReveal() {
  const [item, setItem] = useState<StaffApplication | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [revealed, setRevealed] = useState<Record<string, string>>({});

  // A revealed ID number is shown only while the reviewer stays on this screen.
  useDidHide(() => setRevealed({}));

  function open(next: StaffApplication) {
    setError(undefined);
    setItem(next);
  }

  async function confirm(reason: string) {
    if (!item || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const value = await revealField(item.id, 'idNumber', reason);
      setRevealed((r) => ({ ...r, [item.id]: value }));
      setItem(null);
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  }

  function hide(id: string) {
    setRevealed((r) => {
      const copy = { ...r };
      delete copy[id];
      return copy;
    });
  }

  return { item, busy, error, revealed, open, confirm, hide, hideAll: () => setRevealed({}), close: () => setItem(null) };
}
