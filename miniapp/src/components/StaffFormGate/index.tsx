import type { ReactElement } from 'react';
import { View } from '@tarojs/components';
import Screen from '../Screen';
import SignedOut from '../SignedOut';
import { EmptyState, ErrorState, LoadingState } from '../StateView';

interface StaffFormGateProps {
  signedIn: boolean;
  /** The staffer's own record (/me) as it loads. */
  state: { status: 'idle' | 'loading' | 'success' | 'error'; error?: { message: string } };
  onRetry: () => void;
  signedOut: { title: string; description: string; returnTo: string };
  /** Loaded, but the staffer may use this form for no union. */
  noUnions: boolean;
  noUnionsText: { title: string; description: string };
}

/**
 * What a staff form page shows before its form can: sign-in, loading, a retryable error, or "no union you may do
 * this for". Returns null once the form can be shown.
 */
export function staffFormGate({ signedIn, state, onRetry, signedOut, noUnions, noUnionsText }: StaffFormGateProps): ReactElement | null {
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
  else if (noUnions) body = <EmptyState title={noUnionsText.title} description={noUnionsText.description} />;
  if (!body) return null;
  return (
    <Screen>
      <View className='section'>{body}</View>
    </Screen>
  );
}
