// H5 only: the loading screen that index.html paints before any script runs, and what the person sees when
// a page's code cannot be fetched (a weak network at a stall). Nothing here runs on weapp.

const BOOT_ID = 'boot';
export const RETRY_TEXT = '网络不佳，点此重试';

/** webpack's "Loading chunk 12 failed" (ChunkLoadError) and mini-css-extract's "Loading CSS chunk 12 failed". */
export function isChunkLoadError(reason: unknown): boolean {
  if (!reason || typeof reason !== 'object') return false;
  const { name, code, message } = reason as { name?: unknown; code?: unknown; message?: unknown };
  return name === 'ChunkLoadError' || code === 'CSS_CHUNK_LOAD_FAILED' || (typeof message === 'string' && /^Loading (CSS )?chunk \S+ failed/.test(message));
}

/** Removes the loading screen once the first page has drawn its content. */
export function dismissBootScreenWhenPageShows(): void {
  const boot = document.getElementById(BOOT_ID);
  if (!boot) return;
  const pageDrawn = () => Boolean(document.querySelector('.taro_page > *'));
  const dismiss = () => {
    // A retry screen stays until the person taps it.
    if (!boot.classList.contains('boot--retry')) requestAnimationFrame(() => boot.remove());
  };
  if (pageDrawn()) {
    dismiss();
    return;
  }
  const observer = new MutationObserver(() => {
    if (!pageDrawn()) return;
    observer.disconnect();
    dismiss();
  });
  observer.observe(document.body, { childList: true, subtree: true });
}

/** Covers the app with the union's mark and one big button that loads the app again. */
function showRetryScreen(): void {
  let screen = document.getElementById(BOOT_ID);
  if (!screen) {
    screen = document.createElement('div');
    screen.id = BOOT_ID;
    screen.className = 'boot';
    document.body.appendChild(screen);
  }
  if (screen.classList.contains('boot--retry')) return;
  screen.classList.add('boot--retry');
  screen.setAttribute('role', 'alert');
  // Keep the mark and the name; the loading line gives way to the button.
  screen.querySelectorAll('.boot__text, noscript').forEach((node) => node.remove());
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'boot__retry';
  button.textContent = RETRY_TEXT;
  // The address already names the page that failed; loading it again fetches its code again. The bundles
  // already loaded come from the cache (their names change with their content).
  button.addEventListener('click', () => window.location.reload());
  screen.appendChild(button);
}

/**
 * A page whose code (JS or CSS) failed to download: show 网络不佳，点此重试 instead of leaving the tap dead
 * and the rejection uncaught.
 */
export function retryFailedPageLoads(): void {
  window.addEventListener('unhandledrejection', (event) => {
    if (!isChunkLoadError(event.reason)) return;
    event.preventDefault();
    showRetryScreen();
  });
}
