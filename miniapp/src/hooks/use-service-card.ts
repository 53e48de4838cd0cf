import { useEffect, useRef, useState } from 'react';
import { useDidHide, useDidShow } from '@tarojs/taro';
import type { MemberCard } from '@union/shared';
import { type ApiError, toApiError } from '../api/errors';
import { applyServiceCard, getMemberCard } from '../api/members';

/** The bank issues within seconds; ask again this often while it works. */
const POLL_MS = 2000;

/**
 * Applying for the member service card, with its separate bank consent, and polling the card while
 * the bank is issuing. The card itself lives in the page's state; `update` puts a newer one there.
 */
export function useServiceCard(card: MemberCard | null, update: (card: MemberCard) => void) {
  const [consent, setConsent] = useState(false);
  const [applying, setApplying] = useState(false);
  const [error, setError] = useState<string>();
  const [shown, setShown] = useState(true);
  const updateRef = useRef(update);
  updateRef.current = update;

  const status = card?.serviceCard.status;

  useEffect(() => {
    if (status !== 'applying' || !shown) return undefined;
    let cancelled = false;
    const timer = setTimeout(() => {
      getMemberCard()
        .then((next) => {
          if (!cancelled && next) updateRef.current(next);
        })
        // A failed poll is retried by the next one: the card stays as it was.
        .catch(() => {
          if (!cancelled && card) updateRef.current({ ...card });
        });
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [status, shown, card]);

  useDidShow(() => setShown(true));
  useDidHide(() => setShown(false));

  async function apply(): Promise<void> {
    if (applying) return;
    if (!consent) {
      setError('请先勾选同意向合作银行提供办卡信息');
      return;
    }
    setApplying(true);
    setError(undefined);
    try {
      updateRef.current(await applyServiceCard());
    } catch (e) {
      const apiError: ApiError = toApiError(e);
      setError(apiError.message);
      // Already applying or issued (another device): show what the server has.
      if (apiError.code === 'members.service_card_exists') {
        const next = await getMemberCard().catch(() => null);
        if (next) updateRef.current(next);
      }
    } finally {
      setApplying(false);
    }
  }

  return {
    consent,
    setConsent: (checked: boolean) => {
      setConsent(checked);
      if (checked) setError(undefined);
    },
    applying,
    error,
    apply,
  };
}
