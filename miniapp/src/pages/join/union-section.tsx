import { View } from '@tarojs/components';
import EventCard from './event-card';
import type { JoinForm } from './use-join-form';

interface UnionSectionProps {
  join: JoinForm;
  /** Opens the union sheet. */
  onChoose: () => void;
  /** Opens the 活动码 sheet. */
  onEnterCode: () => void;
}

/** 入会到: the stall's event, or the union picked (or the one the district routes to), and the way to change it. */
export default function UnionSection({ join, onChoose, onEnterCode }: UnionSectionProps) {
  const { form, routedTo, errors, event } = join;
  return (
    <View className="section" id="join-union">
      <View className="section__title">入会到</View>
      {form.union.kind === 'event' ? (
        <EventCard
          state={event.state}
          onRetry={() => void event.run()}
          onPickInstead={() => {
            join.leaveEvent();
            onChoose();
          }}
        />
      ) : (
        <View className="card join__union" hoverClass="join__union--pressed" ariaRole="button" onClick={onChoose}>
          <View className="join__union-main">
            <View className="join__union-name">{form.union.kind === 'org' ? form.union.orgName : (routedTo ?? '不确定，按工作区域分配')}</View>
            <View className="join__union-desc muted">
              {form.union.kind === 'org' || routedTo
                ? `由该工会审核您的申请${routedTo && form.union.kind === 'auto' ? '（按工作区域分配）' : ''}`
                : '选好下面的工作区域后，这里会显示审核您申请的工会'}
            </View>
          </View>
          <View className="join__union-change">更换 ›</View>
        </View>
      )}
      {form.union.kind !== 'event' ? (
        <View className="join__code-entry" hoverClass="join__code-entry--pressed" ariaRole="button" onClick={onEnterCode}>
          在现场？输入活动码
        </View>
      ) : null}
      {errors.union ? (
        <View className="form-field__error" ariaRole="alert">
          {errors.union}
        </View>
      ) : null}
    </View>
  );
}
