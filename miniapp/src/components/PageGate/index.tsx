import type { ReactElement, ReactNode } from 'react';
import { View } from '@tarojs/components';
import type { RequestError, RequestState } from '../../hooks/use-request';
import Screen from '../Screen';
import SignedOut from '../SignedOut';
import { EmptyState, RequestStatus } from '../StateView';

interface PageGateProps {
  signedIn: boolean;
  /** `below`: what a signed-out person may still use here (大字模式 on 我的). */
  signedOut: { title: string; description: string; returnTo: string; below?: ReactNode };
  /**
   * What the page loads before it can show anything: the spinner, then the error with 重试, on a screen of their own.
   * Left out by a page that shows its loading in place, under a part that stays on screen (a header, tabs).
   */
  state?: RequestState<unknown>;
  onRetry?: () => void;
  loadingText?: string;
  errorTitle?: string | ((error: RequestError) => string);
  /** Loaded, but there is nothing this person may do here (a staff form with no union to use it for). */
  noUnions?: boolean;
  noUnionsText?: { title: string; description: string };
}

/**
 * What a signed-in page shows before its content can: sign-in, loading, a retryable error, or "nothing you may do
 * here". Returns null once the content can be shown (then `state`, when given, is a success).
 */
export function pageGate(props: PageGateProps): ReactElement | null {
  const { signedIn, signedOut, state, onRetry = () => undefined, loadingText = '正在加载…', errorTitle = '加载失败', noUnions = false, noUnionsText } = props;
  if (!signedIn) {
    return (
      <Screen withFooter>
        <SignedOut title={signedOut.title} description={signedOut.description} returnTo={signedOut.returnTo} />
        {signedOut.below}
      </Screen>
    );
  }
  if (!state) return null;
  let body: ReactElement | null = null;
  if (state.status !== 'success') body = <RequestStatus state={state} loadingText={loadingText} errorTitle={errorTitle} onRetry={onRetry} />;
  else if (noUnions && noUnionsText) body = <EmptyState title={noUnionsText.title} description={noUnionsText.description} />;
  if (!body) return null;
  return (
    <Screen>
      <View className="section">{body}</View>
    </Screen>
  );
}
