import { useRef, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { isSignedIn } from '../api/session';
import { goToLogin } from '../lib/navigation';
import { useRequest } from './use-request';

/**
 * For pages that need a signed-in user. On every show: load (keeping data already on screen)
 * if signed in; otherwise open the login page once, which brings the user back here. If they
 * come back without signing in, the page shows its signed-out state instead of looping.
 * `promptLogin: false` is for pages that ask for the phone themselves (the join page); they call
 * `signedInHere()` once the session is saved.
 */
export function useAuthedRequest<T>(loader: () => Promise<T>, returnTo: string, options: { promptLogin?: boolean } = {}) {
  const request = useRequest(loader);
  const [signedIn, setSignedIn] = useState(isSignedIn);
  const promptedLogin = useRef(false);

  useDidShow(() => {
    const ok = isSignedIn();
    setSignedIn(ok);
    if (ok) {
      promptedLogin.current = false;
      void request.run({ silent: true });
      return;
    }
    request.reset();
    if (!promptedLogin.current && options.promptLogin !== false) {
      promptedLogin.current = true;
      goToLogin(returnTo);
    }
  });

  function signedInHere() {
    setSignedIn(true);
    void request.run();
  }

  return { ...request, signedIn, signedInHere };
}
