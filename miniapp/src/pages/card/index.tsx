import { View } from '@tarojs/components';
import { fetchMe } from '../../api/auth';
import ActionButton from '../../components/ActionButton';
import FooterBar from '../../components/FooterBar';
import Screen from '../../components/Screen';
import { ErrorState, LoadingState } from '../../components/StateView';
import SignedOut from '../../components/SignedOut';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { MEMBERSHIP_STATUS_LABELS, formatDate } from '../../lib/labels';
import { CARD_PAGE, JOIN_PAGE, openPage, showComingSoon } from '../../lib/navigation';
import './index.scss';

export default function CardPage() {
  const me = useAuthedRequest(() => fetchMe(), CARD_PAGE);
  const { state } = me;

  if (!me.signedIn) {
    return (
      <Screen withFooter>
        <SignedOut title='登录后查看会员卡' description='登录后可查看您的电子会员卡和会籍状态。' returnTo={CARD_PAGE} />
      </Screen>
    );
  }

  if (state.status === 'idle' || state.status === 'loading') {
    return (
      <Screen>
        <View className='section'>
          <LoadingState text='正在加载会员卡…' />
        </View>
      </Screen>
    );
  }

  if (state.status === 'error') {
    return (
      <Screen>
        <View className='section'>
          <ErrorState title='会员卡加载失败' message={state.error.message} onRetry={() => void me.run()} />
        </View>
      </Screen>
    );
  }

  const membership = state.data.membership;

  if (!membership) {
    return (
      <Screen withFooter className='member-card-page'>
        <View className='section'>
          <View className='state-empty card'>
            <View className='state-empty__art'>
              <View className='state-empty__art-stripe' />
            </View>
            <View className='state-empty__title'>您还不是工会会员</View>
            <View className='state-empty__text muted'>
              入会后这里会显示您的电子会员卡，凭卡享受法律援助、暖心驿站、职工学堂等服务。
            </View>
          </View>
        </View>
        <FooterBar>
          <ActionButton onClick={() => openPage(JOIN_PAGE)}>我要入会</ActionButton>
        </FooterBar>
      </Screen>
    );
  }

  const active = membership.status === 'active';

  return (
    <Screen withFooter className='member-card-page'>
      <View className='section'>
        <View className={`member-card ${active ? '' : 'member-card--inactive'}`}>
          <View className='member-card__top'>
            <View className='member-card__brand'>工会会员卡</View>
            <View className='member-card__status'>{MEMBERSHIP_STATUS_LABELS[membership.status]}</View>
          </View>
          <View className='member-card__org'>{membership.orgName}</View>
          <View className='member-card__label'>会员编号</View>
          <View className='member-card__no'>{membership.memberNo}</View>
          <View className='member-card__since'>入会日期 {formatDate(membership.joinedAt)}</View>
        </View>
      </View>

      <View className='section'>
        <View className='card info-list'>
          <View className='info-list__row'>
            <View className='info-list__key muted'>所属工会</View>
            <View className='info-list__value'>{membership.orgName}</View>
          </View>
          <View className='info-list__row'>
            <View className='info-list__key muted'>会籍状态</View>
            <View className='info-list__value'>{MEMBERSHIP_STATUS_LABELS[membership.status]}</View>
          </View>
          <View className='info-list__row'>
            <View className='info-list__key muted'>互助服务卡</View>
            <View className='info-list__value'>即将开通办理</View>
          </View>
        </View>
      </View>

      <FooterBar>
        <ActionButton variant='secondary' onClick={() => showComingSoon('会员码')}>
          出示会员码（即将上线）
        </ActionButton>
      </FooterBar>
    </Screen>
  );
}
