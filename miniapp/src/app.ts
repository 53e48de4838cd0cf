import './zod-setup';
import type { PropsWithChildren } from 'react';
import { onSignInRequired } from './api/session';
import { dismissBootScreenWhenPageShows, retryFailedPageLoads } from './lib/boot';
import { applyCareClass } from './lib/font-scale';
import { goToLogin } from './lib/navigation';
import './app.scss';

// The API layer announces a lost session; opening the login page is the shell's business.
onSignInRequired(() => goToLogin());

applyCareClass();

if (process.env.TARO_ENV === 'h5') {
  // index.html's loading screen stays until the first page shows; a page that cannot be fetched says so.
  retryFailedPageLoads();
  dismissBootScreenWhenPageShows();
  // Taro's H5 tab bar items are <a href="javascript:;"> with a click handler. Following that link is
  // inline script, which the page's Content-Security-Policy refuses (and reports); the handler does the work.
  document.addEventListener(
    'click',
    (event) => {
      const link = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
      if (link?.getAttribute('href')?.startsWith('javascript:')) event.preventDefault();
    },
    true,
  );
}

function App({ children }: PropsWithChildren) {
  // children is the page being shown.
  return children;
}

export default App;
