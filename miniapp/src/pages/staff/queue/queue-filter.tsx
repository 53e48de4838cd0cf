import { Input, View } from '@tarojs/components';
import type { ApplicationStatus } from '@union/shared';
import { webInputAttrs } from '../../../lib/input-kinds';
import type { QueueFilter } from './use-queue';

export const TABS: { status: ApplicationStatus; label: string; empty: string }[] = [
  { status: 'pending', label: '待审核', empty: '新的入会申请会自动出现在这里，无需刷新。' },
  { status: 'approved', label: '已通过', empty: '还没有通过的申请。' },
  { status: 'rejected', label: '未通过', empty: '还没有驳回的申请。' },
];

interface QueueFilterBarProps {
  tab: ApplicationStatus;
  /** Shown on 待审核 once the queue has loaded. */
  pendingTotal?: number;
  onTab: (status: ApplicationStatus) => void;
  last4: string;
  eventId?: string;
  events: { id: string; title: string }[];
  onFilter: (next: QueueFilter) => void;
}

/** The status tabs, the phone's last 4 digits and the stall events to narrow the list to. */
export default function QueueFilterBar({ tab, pendingTotal, onTab, last4, eventId, events, onFilter }: QueueFilterBarProps) {
  return (
    <>
      <View className="staff-tabs" ariaRole="tablist">
        {TABS.map((t) => (
          <View
            key={t.status}
            className={`staff-tabs__tab ${t.status === tab ? 'staff-tabs__tab--on' : ''}`}
            ariaRole="tab"
            aria-selected={t.status === tab}
            onClick={() => onTab(t.status)}
          >
            {t.label}
            {t.status === 'pending' && pendingTotal ? <View className="staff-tabs__count">{pendingTotal}</View> : null}
          </View>
        ))}
      </View>

      <View className="staff-filter">
        <View className="staff-filter__search">
          <Input
            className="staff-filter__input"
            maxlength={4}
            type="number"
            {...webInputAttrs({ type: 'tel', inputmode: 'numeric', autocomplete: 'off' })}
            placeholder="手机尾号4位"
            placeholderClass="staff-filter__placeholder"
            value={last4}
            ariaLabel="按手机尾号查找"
            onInput={(e) => onFilter({ last4: e.detail.value.replace(/\D/g, '').slice(0, 4) })}
          />
          {last4 ? (
            <View className="staff-filter__clear" hoverClass="staff-filter__clear--pressed" ariaRole="button" onClick={() => onFilter({ last4: '' })}>
              清除
            </View>
          ) : null}
        </View>
        {events.length > 0 ? (
          <View className="staff-filter__events">
            {[{ id: undefined as string | undefined, title: '全部活动' }, ...events].map((e) => (
              <View
                key={e.id ?? 'all'}
                className={`staff-filter__event ${e.id === eventId ? 'staff-filter__event--on' : ''}`}
                ariaRole="button"
                aria-selected={e.id === eventId}
                onClick={() => onFilter({ eventId: e.id })}
              >
                {e.title}
              </View>
            ))}
          </View>
        ) : null}
      </View>
    </>
  );
}
