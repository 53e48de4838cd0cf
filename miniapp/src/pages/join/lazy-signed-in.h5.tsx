import { useEffect, useState } from 'react';
import { NETWORK_ERROR_MESSAGE } from '../../api/errors';
import { JoinLoading } from './join-loading';
import type SignedInJoinType from './signed-in';
import type { SignedInJoinProps } from './signed-in';

type SignedInJoinComponent = typeof SignedInJoinType;

/**
 * On H5 the signed-in join page (the form, its contract and sections, the notices) is a chunk of its own: a stall
 * link's first load draws the phone step without it, and without building the application schemas. It is fetched
 * once the SMS code is on its way (loadSignedInJoin, from the phone step), so it is usually there when the person
 * has signed in; at once when they open the page signed in. Taro picks this file over lazy-signed-in.tsx on H5.
 */
let loaded: SignedInJoinComponent | null = null;
let loading: Promise<SignedInJoinComponent> | null = null;

function load(): Promise<SignedInJoinComponent> {
  loading ??= import(/* webpackChunkName: "join-signed-in" */ './signed-in').then(
    (m) => (loaded = m.default),
    (error: unknown) => {
      // webpack asks again for a chunk that failed on the next import(): 重试 can work.
      loading = null;
      throw error;
    },
  );
  return loading;
}

export function loadSignedInJoin(): void {
  load().catch(() => undefined);
}

export default function SignedInJoin(props: SignedInJoinProps) {
  const [Page, setPage] = useState<SignedInJoinComponent | null>(() => loaded);
  // Fetched after the page showed: the page show that loads the applications has passed, so they load on arrival.
  const [late] = useState(() => !loaded);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (Page) return undefined;
    let live = true;
    load().then(
      (component) => live && setPage(() => component),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [Page, attempt]);

  if (Page) return <Page {...props} loadNow={props.loadNow || late} />;
  return (
    <JoinLoading
      error={failed ? NETWORK_ERROR_MESSAGE : undefined}
      onRetry={() => {
        setFailed(false);
        setAttempt((n) => n + 1);
      }}
    />
  );
}
