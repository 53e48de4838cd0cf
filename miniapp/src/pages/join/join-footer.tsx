import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import ActionButton from '../../components/ActionButton';
import FooterBar from '../../components/FooterBar';
import { APPLICATION_PAGE, CARD_PAGE, goToLogin, openPage } from '../../lib/navigation';
import { transferPageFor } from './join-form';
import type { JoinForm } from './use-join-form';

interface JoinFooterProps {
  join: JoinForm;
  correcting: boolean;
  /** Where 用手机号登录 brings the worker back to. */
  returnTo: string;
}

/** 提交申请, or what the server offered instead (转会, the pending application, a phone login), over the form's error. */
export default function JoinFooter({ join, correcting, returnTo }: JoinFooterProps) {
  const { offer, errors, busy } = join;
  return (
    <FooterBar>
      {offer ? (
        <View className="join__offer" ariaRole="alert">
          {offer.message}
        </View>
      ) : null}
      {errors.form ? (
        <View className="join__form-error" ariaRole="alert">
          {errors.form}
        </View>
      ) : null}
      {offer?.kind === 'transfer' ? (
        offer.canTransfer ? (
          <View className="join__offer-actions">
            <ActionButton onClick={() => openPage(transferPageFor(join.form.union))}>申请转会</ActionButton>
            <ActionButton variant="text" onClick={() => openPage(CARD_PAGE)}>
              不转会，查看我的会员卡
            </ActionButton>
          </View>
        ) : (
          <ActionButton onClick={() => openPage(CARD_PAGE)}>查看我的会员卡</ActionButton>
        )
      ) : offer?.kind === 'duplicate' ? (
        <ActionButton onClick={() => void Taro.redirectTo({ url: APPLICATION_PAGE })}>查看申请进度</ActionButton>
      ) : offer?.kind === 'phone' ? (
        <ActionButton onClick={() => goToLogin(returnTo)}>用手机号登录</ActionButton>
      ) : (
        <ActionButton loading={busy} loadingText="正在提交…" onClick={() => void join.submit()}>
          {correcting ? '重新提交' : '提交申请'}
        </ActionButton>
      )}
    </FooterBar>
  );
}
