import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import type { Application } from '@union/shared';
import ActionButton from '../../components/ActionButton';
import FooterBar from '../../components/FooterBar';
import Screen from '../../components/Screen';
import { formatDateTime } from '../../lib/beijing-time';
import type { UnionChoice } from '../../lib/join-draft';
import { APPLICATION_PAGE, CARD_PAGE, openPage } from '../../lib/navigation';
import { transferPageFor } from './join-form';

/** Already a member of a union: one union per person, so the way on is the card, or 申请转会. */
export function MemberNotice({ orgName, picked }: { orgName: string; picked?: UnionChoice }) {
  return (
    <Screen withFooter className="join">
      <View className="section">
        <View className="card join__member" ariaRole="alert">
          <View className="tag tag--success">已是会员</View>
          <View className="join__pending-title">您已是{orgName}会员</View>
          <View className="muted join__pending-text">一个人只能在一个工会。换了工作可以申请转会，由新工会审核，通过后会籍转入新工会，会员编号不变。</View>
        </View>
      </View>
      <FooterBar>
        <View className="join__offer-actions">
          <ActionButton onClick={() => openPage(CARD_PAGE)}>查看会员卡</ActionButton>
          <ActionButton variant="text" onClick={() => openPage(transferPageFor(picked))}>
            申请转会
          </ActionButton>
        </View>
      </FooterBar>
    </Screen>
  );
}

/** An application already waits for review: no second form. */
export function PendingNotice({ pending }: { pending: Application }) {
  return (
    <Screen withFooter className="join">
      <View className="section">
        <View className="card join__pending">
          <View className="tag tag--info">待审核</View>
          <View className="join__pending-title">您已提交入会申请</View>
          <View className="muted join__pending-text">
            {pending.orgName} · {formatDateTime(pending.submittedAt)}提交。工作人员审核后，这里和会员卡页面会马上显示结果。
          </View>
        </View>
      </View>
      <FooterBar>
        <ActionButton onClick={() => void Taro.redirectTo({ url: APPLICATION_PAGE })}>查看申请进度</ActionButton>
      </FooterBar>
    </Screen>
  );
}
