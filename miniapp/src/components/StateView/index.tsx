import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import type { RequestError, RequestState } from '../../hooks/use-request';
import ActionButton from '../ActionButton';
import './index.scss';

export function LoadingState({ text = '正在加载…' }: { text?: string }) {
  return (
    <View className="state state--loading" ariaRole="status">
      <View className="state__spinner" />
      <View className="state__text">{text}</View>
    </View>
  );
}

interface EmptyStateProps {
  title: string;
  description?: string;
  /** Optional inline action; a screen's main action belongs in its FooterBar instead. */
  action?: ReactNode;
}

export function EmptyState({ title, description, action }: EmptyStateProps) {
  return (
    <View className="state state--empty">
      <View className="state__icon" />
      <View className="state__title">{title}</View>
      {description ? <View className="state__text">{description}</View> : null}
      {action ? <View className="state__action">{action}</View> : null}
    </View>
  );
}

interface ErrorStateProps {
  message: string;
  onRetry: () => void;
  title?: string;
}

export function ErrorState({ message, onRetry, title = '加载失败' }: ErrorStateProps) {
  return (
    <View className="state state--error" ariaRole="alert">
      <View className="state__icon state__icon--error">!</View>
      <View className="state__title">{title}</View>
      <View className="state__text">{message}</View>
      <View className="state__action">
        <ActionButton variant="secondary" size="small" block={false} onClick={onRetry}>
          重试
        </ActionButton>
      </View>
    </View>
  );
}

interface RequestStatusProps {
  state: RequestState<unknown>;
  loadingText: string;
  errorTitle: string | ((error: RequestError) => string);
  onRetry: () => void;
}

/** What a screen shows until its data is there: the spinner, or the error with 重试; nothing once loaded. */
export function RequestStatus({ state, loadingText, errorTitle, onRetry }: RequestStatusProps) {
  if (state.status === 'idle' || state.status === 'loading') return <LoadingState text={loadingText} />;
  if (state.status === 'error') {
    const title = typeof errorTitle === 'function' ? errorTitle(state.error) : errorTitle;
    return <ErrorState title={title} message={state.error.message} onRetry={onRetry} />;
  }
  return null;
}
