import { useEffect, useState } from 'react';
import { NETWORK_ERROR_MESSAGE } from '../../api/errors';
import type FormScreen from './form-screen';
import { JoinLoading } from './notices';

type FormScreenComponent = typeof FormScreen;

/**
 * On H5 the join form is a chunk of its own: a stall link's first load draws the phone step without it (its fields,
 * sheets and pickers are about a third of the page's code). It is fetched once someone is signed in, while their
 * applications load (loadFormScreen), so it is usually there when the form shows. Taro picks this file over
 * lazy-form-screen.tsx on H5.
 */
let loaded: FormScreenComponent | null = null;
let loading: Promise<FormScreenComponent> | null = null;

function load(): Promise<FormScreenComponent> {
  loading ??= import(/* webpackChunkName: "join-form" */ './form-screen').then(
    (m) => (loaded = m.default),
    (error: unknown) => {
      // webpack asks for a chunk that failed again on the next import(): the retry button can work.
      loading = null;
      throw error;
    },
  );
  return loading;
}

export function loadFormScreen(): void {
  load().catch(() => undefined);
}

export default function JoinFormScreen(props: Parameters<FormScreenComponent>[0]) {
  const [Form, setForm] = useState<FormScreenComponent | null>(() => loaded);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (Form) return undefined;
    let live = true;
    load().then(
      (component) => live && setForm(() => component),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [Form, attempt]);

  if (Form) return <Form {...props} />;
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
