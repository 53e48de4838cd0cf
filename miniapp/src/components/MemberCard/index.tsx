import { View } from '@tarojs/components';
import { displayMemberNo, type MemberCard as MemberCardData } from '@union/shared';
import { formatDate } from '../../lib/dates';
import { MEMBERSHIP_STATUS_LABELS } from '../../lib/labels';
import './index.scss';

type Props = Pick<MemberCardData, 'memberNo' | 'name' | 'orgName' | 'status' | 'joinedAt'>;

/** The electronic member card: who, which union, the member number in groups of four, since when. */
export default function MemberCard({ memberNo, name, orgName, status, joinedAt }: Props) {
  const active = status === 'active';
  return (
    <View className={`member-card ${active ? '' : 'member-card--inactive'}`} ariaLabel={`工会会员卡，${name}，会员编号${memberNo}`}>
      <View className="member-card__top">
        <View className="member-card__brand">工会会员卡</View>
        <View className="member-card__status">{MEMBERSHIP_STATUS_LABELS[status]}</View>
      </View>
      <View className="member-card__name">{name}</View>
      <View className="member-card__org">{orgName}</View>
      <View className="member-card__label">会员编号</View>
      <View className="member-card__no" data-member-no={memberNo}>
        {displayMemberNo(memberNo)}
      </View>
      <View className="member-card__since">入会日期 {formatDate(joinedAt)}</View>
    </View>
  );
}
