import type { ReactElement } from 'react';
import { View } from '@tarojs/components';
import Screen from '../Screen';
import SignedOut from '../SignedOut';
import { EmptyState, ErrorState, LoadingState } from '../StateView';

interface PageGateProps {
  signedIn: boolean;
  /** The staffer's own record (/me) as it loads. */
  state: { status: 'idle' | 'loading' | 'success' | 'error'; error?: { message: string } };
  onRetry: () => void;
  signedOut: { title: string; description: string; returnTo: string };
  /** Loaded, but there is nothing this person may do here (a staff form with no union to use it for). */
  noUnions?: boolean;
  noUnionsText?: { title: string; description: string };
}

/**
 * What a signed-in page (staff forms, the scan pages) shows before its content can: sign-in, loading, a retryable
 * error, or "nothing you may do here". Returns null once the content can be shown.
 */
export function pageGate({ signedIn, state, onRetry, signedOut, noUnions = false, noUnionsText }: PageGateProps): ReactElement | null {
  if (!signedIn) {
    return (
      <Screen withFooter>
        <SignedOut title={signedOut.title} description={signedOut.description} returnTo={signedOut.returnTo} />
      </Screen>
    );
  }
  let body: ReactElement | null = null;
  if (state.status === 'idle' || state.status === 'loading') body = <LoadingState />;
  else if (state.status === 'error') body = <ErrorState message={state.error?.message ?? ''} onRetry={onRetry} />;
  else if (noUnions && noUnionsText) body = <EmptyState title={noUnionsText.title} description={noUnionsText.description} />;
  if (!body) return null;
  return (
    <Screen>
      <View className='section'>{body}</View>
    </Screen>
  );
}
