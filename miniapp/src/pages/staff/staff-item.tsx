import { View } from '@tarojs/components';
import { displayMemberNo, WORKER_CATEGORIES, WORK_DISTRICTS, type StaffApplication } from '@union/shared';
import ActionButton from '../../components/ActionButton';
import { formatAgo, formatDateTime } from '../../lib/dates';
import { GENDER_LABELS } from '../../lib/labels';

const REAL_NAME_LABELS: Record<StaffApplication['realName'], { text: string; tone: string }> = {
  passed: { text: '实名已核验', tone: 'tag--success' },
  failed: { text: '实名未通过', tone: 'tag--warn' },
  unavailable: { text: '实名暂未核验', tone: 'tag--warn' },
  skipped: { text: '未做实名核验', tone: '' },
};

interface StaffItemProps {
  item: StaffApplication;
  /** Arrived since the list was first shown: highlighted for a moment. */
  fresh: boolean;
  revealed?: string;
  onApprove: () => void;
  onReject: () => void;
  /** 转交 to another union. */
  onReassign: () => void;
  onReveal: () => void;
  onHide: () => void;
}

/** One application as a reviewer needs it: who, masked ID with derived age, work, warnings, actions. */
export default function StaffItem({ item, fresh, revealed, onApprove, onReject, onReassign, onReveal, onHide }: StaffItemProps) {
  const realName = REAL_NAME_LABELS[item.realName];
  const district = WORK_DISTRICTS.find((d) => d.code === item.workDistrict)?.name ?? item.workDistrict;
  return (
    <View className={`card staff-item ${fresh ? 'staff-item--fresh' : ''}`} data-id={item.id}>
      <View className="staff-item__head">
        <View className="staff-item__name">{item.name}</View>
        <View className="staff-item__who">
          {GENDER_LABELS[item.gender]} · {item.age}岁
        </View>
        <View className={`tag ${realName.tone} staff-item__realname`}>{realName.text}</View>
      </View>

      <View className="staff-item__row">
        <View className="staff-item__key">身份证</View>
        <View className="staff-item__id">{revealed ?? item.idNumber}</View>
        <View
          className="staff-item__link"
          hoverClass="staff-item__link--pressed"
          ariaRole="button"
          ariaLabel={revealed ? '隐藏完整身份证号' : '查看完整身份证号'}
          onClick={revealed ? onHide : onReveal}
        >
          {revealed ? '隐藏' : '查看完整'}
        </View>
      </View>
      {/* Compact: three cards fit on a 360×780 screen, so the person at the stall is on the first one. */}
      <View className="staff-item__row">
        <View className="staff-item__phone">{item.phone}</View>
        <View className="staff-item__value">{item.employer}</View>
      </View>
      <View className="staff-item__tags">
        <View className="tag tag--info">{WORKER_CATEGORIES[item.category]}</View>
        <View className="tag">{district}</View>
        {item.kind === 'transfer' ? <View className="tag tag--primary">转会</View> : null}
        {/* One line: a long union name gives way (…) before the time does, so the card stays three lines high. */}
        <View className="staff-item__source muted">
          <View className="staff-item__source-name">{item.eventTitle ?? item.orgName}</View>
          <View className="staff-item__source-time">&nbsp;· {formatAgo(item.submittedAt)}</View>
        </View>
      </View>

      {item.warnings.length > 0 ? (
        <View className="staff-item__warnings" ariaRole="alert">
          {item.warnings.map((w) => (
            <View key={w.code} className="staff-item__warning">
              ⚠ {w.message}
            </View>
          ))}
        </View>
      ) : null}

      {item.status === 'pending' ? (
        <View className="staff-item__actions">
          <ActionButton variant="secondary" size="small" className="staff-item__reassign" onClick={onReassign}>
            转交
          </ActionButton>
          <ActionButton variant="secondary" size="small" className="staff-item__reject" onClick={onReject}>
            驳回
          </ActionButton>
          <ActionButton size="small" className="staff-item__approve" onClick={onApprove}>
            通过
          </ActionButton>
        </View>
      ) : (
        <View className={`staff-item__result staff-item__result--${item.status}`}>
          {item.status === 'approved' ? `已通过${item.memberNo ? ` · 会员编号 ${displayMemberNo(item.memberNo)}` : ''}` : null}
          {item.status === 'rejected' ? `未通过 · ${item.rejectReason ?? ''}` : null}
          {item.status === 'withdrawn' ? '申请人已撤回' : null}
          {item.decidedAt ? <View className="staff-item__decided muted">{formatDateTime(item.decidedAt)}</View> : null}
        </View>
      )}
    </View>
  );
}
