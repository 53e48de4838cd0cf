import { useCallback, useRef, useState } from 'react';
import { type ApiError, toApiError } from '../api/errors';

/** Why a load failed, as a screen shows it. */
export type RequestError = Pick<ApiError, 'code' | 'message' | 'status'>;

export type RequestState<T> = { status: 'idle' } | { status: 'loading' } | { status: 'error'; error: RequestError } | { status: 'success'; data: T };

export interface RunOptions {
  /** Keep showing the data already on screen while reloading (returning to a page). */
  silent?: boolean;
}

/**
 * Loading/error/success for one loader; only the latest run may update the state. `initial: 'loading'`
 * is for a page that runs the loader as it mounts: its first render already shows the loading state, so
 * the run does not draw the page a second time.
 */
export function useRequest<T>(loader: () => Promise<T>, { initial = 'idle' }: { initial?: 'idle' | 'loading' } = {}) {
  const [state, setState] = useState<RequestState<T>>(() => ({ status: initial }));
  const loaderRef = useRef(loader);
  loaderRef.current = loader;
  const runId = useRef(0);

  const run = useCallback(async (options: RunOptions = {}): Promise<void> => {
    const id = ++runId.current;
    // Already loading (or showing data a silent reload keeps): the same state, so no new render.
    setState((prev) => (prev.status === 'loading' || (options.silent && prev.status === 'success') ? prev : { status: 'loading' }));
    try {
      const data = await loaderRef.current();
      if (id === runId.current) setState({ status: 'success', data });
    } catch (error) {
      if (id === runId.current) setState({ status: 'error', error: toApiError(error) });
    }
  }, []);

  const reset = useCallback(() => {
    runId.current++;
    setState({ status: 'idle' });
  }, []);

  /** Puts data on screen that arrived another way (the answer to an action), cancelling any load in flight. */
  const set = useCallback((data: T) => {
    runId.current++;
    setState({ status: 'success', data });
  }, []);

  return { state, run, reset, set };
}
