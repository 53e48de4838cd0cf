import { View } from '@tarojs/components';
import type { StallEvent } from '@union/shared';
import ActionButton from '../../components/ActionButton';
import FooterBar from '../../components/FooterBar';
import PhoneLogin from '../../components/PhoneLogin';
import Screen from '../../components/Screen';
import type { PhoneLoginState } from '../../hooks/use-phone-login';
import type { RequestState } from '../../hooks/use-request';
import type { UnionChoice } from '../../lib/join-draft';
import EventCard from './event-card';

interface PhoneStepProps {
  login: PhoneLoginState;
  /** The stall's code from the link, with its event as it loads. */
  eventCode?: string;
  event: { state: RequestState<StallEvent>; run: () => Promise<void> };
  pickedOrg?: UnionChoice;
}

/** Signed out: the phone step sits on this page, under the stall's card; no bare login page in between. */
export default function PhoneStep({ login, eventCode, event, pickedOrg }: PhoneStepProps) {
  return (
    <Screen withFooter className="join">
      <View className="section">
        <View className="section__title">入会到</View>
        {eventCode ? (
          <EventCard state={event.state} onRetry={() => void event.run()} />
        ) : (
          <View className="card join__union">
            <View className="join__union-main">
              <View className="join__union-name">{pickedOrg?.kind === 'org' ? pickedOrg.orgName : '验证手机号后选择工会'}</View>
              <View className="join__union-desc muted">没扫码？验证后可输入现场的活动码</View>
            </View>
          </View>
        )}
      </View>
      <View className="section">
        <View className="section__title">
          <View>第一步：验证手机号</View>
          <View className="section__hint">约1分钟 · 自动保存</View>
        </View>
        <View className="card join__phone">
          <PhoneLogin login={login} />
        </View>
      </View>
      <FooterBar>
        {login.errors.form ? (
          <View className="join__form-error" ariaRole="alert">
            {login.errors.form}
          </View>
        ) : null}
        <ActionButton loading={login.submitting} loadingText="正在验证…" onClick={() => void login.submit()}>
          验证并继续
        </ActionButton>
      </FooterBar>
    </Screen>
  );
}
