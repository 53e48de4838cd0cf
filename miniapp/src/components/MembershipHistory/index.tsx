import { View } from '@tarojs/components';
import { MEMBERSHIP_EVENT_LABELS, type MembershipEvent } from '@union/shared';
import { formatDate, formatClock } from '../../lib/dates';
import { EmptyState } from '../StateView';
import './index.scss';

const BY: Record<MembershipEvent['by'], string> = { member: '本人办理', staff: '工会办理', system: '系统办理' };

/** 会籍记录: what happened to a membership, newest first (the member's own page and their union's member detail). */
export default function MembershipHistory({ events }: { events: MembershipEvent[] }) {
  if (events.length === 0) return <EmptyState title="还没有会籍记录" description="入会、转会、保留会籍、退会和资料修改都会记在这里。" />;
  return (
    <View className="card history" ariaRole="list" ariaLabel="会籍记录">
      {[...events].reverse().map((e) => (
        <View key={e.id} className={`history__row history__row--${e.kind}`} ariaRole="listitem">
          <View className="history__dot" />
          <View className="history__body">
            <View className="history__head">
              <View className="history__kind">{MEMBERSHIP_EVENT_LABELS[e.kind]}</View>
              <View className="history__when muted">
                {formatDate(e.at)} {formatClock(e.at)}
              </View>
            </View>
            <View className="history__org">{e.orgName}</View>
            {e.note ? <View className="history__note">{e.note}</View> : null}
            <View className="history__by muted">{BY[e.by]}</View>
          </View>
        </View>
      ))}
    </View>
  );
}
