/**
 * H5: the field being typed never sits under the fixed submit bar or the on-screen keyboard.
 * When an input gets focus, and whenever the visual viewport shrinks (the keyboard opening), the
 * focused field is scrolled so that its bottom is above both the bar's top and the viewport's
 * bottom (window.visualViewport, which excludes the keyboard), with a small gap.
 * Returns the function that stops watching. weapp moves its own fields above the keyboard.
 */
const GAP = 12;

function scrollableParent(el: HTMLElement): HTMLElement | null {
  for (let node = el.parentElement; node; node = node.parentElement) {
    const { overflowY } = getComputedStyle(node);
    if ((overflowY === 'auto' || overflowY === 'scroll') && node.scrollHeight > node.clientHeight) return node;
  }
  return null;
}

export function keepFocusedVisible(): () => void {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return () => undefined;

  function adjust() {
    const el = document.activeElement;
    if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) return;
    // A fixed bar has no offsetParent: "shown" is having a box (the bars of pages in the back have none).
    const bars = [...document.querySelectorAll<HTMLElement>('.footer-bar')].filter(
      (b) => b.getClientRects().length > 0 && b.getBoundingClientRect().height > 0,
    );
    const barTop = bars.length ? Math.min(...bars.map((b) => b.getBoundingClientRect().top)) : Infinity;
    const vv = window.visualViewport;
    const viewBottom = vv ? vv.offsetTop + vv.height : window.innerHeight;
    const limit = Math.min(barTop, viewBottom) - GAP;
    const rect = el.getBoundingClientRect();
    const over = rect.bottom - limit;
    if (over <= 0) return;
    const scroller = scrollableParent(el);
    if (scroller) scroller.scrollTop += over;
    else window.scrollBy(0, over);
  }

  // After the browser's own focus scrolling, and again once the keyboard has resized the viewport.
  // Capture phase: Taro's Input stops its focus event from bubbling.
  const onFocus = () => requestAnimationFrame(adjust);
  document.addEventListener('focusin', onFocus, true);
  window.visualViewport?.addEventListener('resize', onFocus);
  return () => {
    document.removeEventListener('focusin', onFocus, true);
    window.visualViewport?.removeEventListener('resize', onFocus);
  };
}
