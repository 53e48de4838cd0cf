import { View } from '@tarojs/components';
import type { StallEvent } from '@union/shared';
import ActionButton from '../../components/ActionButton';
import { ErrorState, LoadingState } from '../../components/StateView';
import type { RequestState } from '../../hooks/use-request';
import { formatClock, formatDateTime } from '../../lib/beijing-time';
import { EVENT_GONE_CODES } from './join-link';

interface EventCardProps {
  state: RequestState<StallEvent>;
  onRetry: () => void;
  onPickInstead?: () => void;
}

/** The stall the QR code belongs to: which union will decide, where and when. */
export default function EventCard({ state, onRetry, onPickInstead }: EventCardProps) {
  if (state.status === 'idle' || state.status === 'loading') return <LoadingState text="正在读取入会活动…" />;
  if (state.status === 'error') {
    const gone = EVENT_GONE_CODES.includes(state.error.code);
    if (!gone) return <ErrorState title="入会活动加载失败" message={state.error.message} onRetry={onRetry} />;
    return (
      <View className="card join__event join__event--gone">
        <View className="join__event-gone" ariaRole="alert">
          {state.error.message}
        </View>
        {onPickInstead ? (
          <ActionButton variant="secondary" size="small" onClick={onPickInstead}>
            自己选择工会
          </ActionButton>
        ) : null}
      </View>
    );
  }
  const e = state.data;
  return (
    <View className="card join__event">
      <View className="tag tag--primary">现场入会 · {e.title}</View>
      <View className="join__event-org">{e.orgName}</View>
      <View className="join__event-meta muted">{e.place}</View>
      <View className="join__event-meta muted">
        {formatDateTime(e.startsAt)}–{formatClock(e.endsAt)}
      </View>
    </View>
  );
}
