import { useEffect, useRef, useState } from 'react';
import { useDidHide } from '@tarojs/taro';
import { displayMemberNo, type StaffApplication } from '@union/shared';
import { toApiError } from '../../../api/errors';
import { approveApplication, rejectApplication } from '../../../api/staff';

/** How long 撤销 is offered after 通过 or 驳回; the decision is sent when it runs out. */
export const UNDO_MS = 5000;

/** A decision taken but not yet sent: 撤销 puts the card back, nothing reached the server. */
export interface HeldDecision {
  item: StaffApplication;
  kind: 'approve' | 'reject';
  reason?: string;
  until: number;
}

interface HeldDecisionOptions {
  /** Takes the decided card off the list while the decision is held. */
  removeLocally: (id: string) => void;
  /** Refetches the list (after 撤销, or when sending failed). */
  refresh: () => void;
  /** Another reviewer decided first. */
  alreadyDecided: () => void;
}

/**
 * 撤销: a decision waits UNDO_MS in a bar under the list, never over the next card, then is sent; a new decision,
 * leaving the page or closing it sends the held one at once. `notice` is what the bar says after.
 */
export function useHeldDecision({ removeLocally, refresh, alreadyDecided }: HeldDecisionOptions) {
  const [held, setHeld] = useState<HeldDecision | null>(null);
  const heldRef = useRef<HeldDecision | null>(null);
  const heldTimer = useRef<ReturnType<typeof setTimeout>>();
  const [notice, setNotice] = useState<string>();
  const noticeTimer = useRef<ReturnType<typeof setTimeout>>();
  const [clock, setClock] = useState(() => Date.now());

  // Leaving the page makes a held decision final at once; closing it too (with the latest callbacks, not the first render's).
  useDidHide(() => {
    void sendHeld();
  });
  const latestSendHeld = useRef(sendHeld);
  latestSendHeld.current = sendHeld;
  useEffect(
    () => () => {
      void latestSendHeld.current();
      clearTimeout(noticeTimer.current);
    },
    [],
  );
  useEffect(() => {
    if (!held) return undefined;
    const tick = setInterval(() => setClock(Date.now()), 250);
    return () => clearInterval(tick);
  }, [held]);

  function say(text: string) {
    setNotice(text);
    clearTimeout(noticeTimer.current);
    noticeTimer.current = setTimeout(() => setNotice(undefined), 3000);
  }

  function hold(decision: Omit<HeldDecision, 'until'>) {
    // A decision already held becomes final before the next one is held.
    void sendHeld();
    const next = { ...decision, until: Date.now() + UNDO_MS };
    heldRef.current = next;
    setHeld(next);
    setClock(Date.now());
    removeLocally(decision.item.id);
    heldTimer.current = setTimeout(() => void sendHeld(), UNDO_MS);
  }

  function undo() {
    const decision = heldRef.current;
    if (!decision) return;
    clearTimeout(heldTimer.current);
    heldRef.current = null;
    setHeld(null);
    say(`已撤销，${decision.item.name}的申请回到待审核`);
    refresh();
  }

  async function sendHeld() {
    const decision = heldRef.current;
    if (!decision) return;
    heldRef.current = null;
    clearTimeout(heldTimer.current);
    setHeld(null);
    const { item } = decision;
    try {
      if (decision.kind === 'approve') {
        const done = await approveApplication(item.id);
        say(`已通过：${done.name}${done.memberNo ? `，会员编号 ${displayMemberNo(done.memberNo)}` : ''}`);
      } else {
        await rejectApplication(item.id, decision.reason ?? '');
        say(`已驳回：${item.name}，已通知申请人`);
      }
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.code === 'applications.already_decided') alreadyDecided();
      else {
        say(`${item.name}：${apiError.message}`);
        refresh();
      }
    }
  }

  /** Seconds until the held decision is sent, as the bar counts them. */
  const secondsLeft = held ? Math.max(1, Math.ceil((held.until - clock) / 1000)) : 0;
  return { held, notice, secondsLeft, hold, undo };
}
