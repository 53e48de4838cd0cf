import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { loginWithWechat } from '../../api/auth';
import { toApiError } from '../../api/errors';
import ActionButton from '../../components/ActionButton';
import FooterBar from '../../components/FooterBar';
import PhoneLogin from '../../components/PhoneLogin';
import Screen from '../../components/Screen';
import { usePhoneLogin } from '../../hooks/use-phone-login';
import { goAfterLogin, leaveLogin, safeDecode } from '../../lib/navigation';
import './index.scss';

export default function LoginPage() {
  const router = useRouter();
  const redirect = safeDecode(router.params.redirect);
  const login = usePhoneLogin(() => goAfterLogin(redirect));
  const [wechatBusy, setWechatBusy] = useState(false);

  async function loginByWechat() {
    if (wechatBusy) return;
    setWechatBusy(true);
    login.setErrors({});
    try {
      const { code: wxCode } = await Taro.login();
      await loginWithWechat(wxCode);
      goAfterLogin(redirect);
    } catch (error) {
      const apiError = toApiError(error);
      // Taro.login itself failed (no ApiError): say what to do instead.
      login.setErrors({ form: apiError.status === -1 ? '微信登录失败，请使用手机号登录' : apiError.message });
    } finally {
      setWechatBusy(false);
    }
  }

  return (
    <Screen withFooter className="login">
      <View className="login__intro">
        <View className="login__title">手机号登录</View>
        <View className="login__subtitle">未注册的手机号验证后自动创建账号</View>
      </View>

      <View className="login__form card">
        <PhoneLogin login={login} />
      </View>

      {process.env.TARO_ENV === 'weapp' ? (
        <View className="login__wechat">
          <ActionButton variant="secondary" loading={wechatBusy} loadingText="微信登录中…" onClick={loginByWechat}>
            微信登录
          </ActionButton>
        </View>
      ) : null}

      {/* Opened straight from a link there is no page behind this one: never leave the user stuck here. */}
      <View className="login__later" hoverClass="login__later--pressed" ariaRole="button" onClick={() => leaveLogin(redirect)}>
        暂不登录，返回
      </View>

      <FooterBar>
        {login.errors.form ? (
          <View className="login__form-error" ariaRole="alert">
            {login.errors.form}
          </View>
        ) : null}
        <ActionButton loading={login.submitting} loadingText="登录中…" onClick={() => void login.submit()}>
          登录
        </ActionButton>
      </FooterBar>
    </Screen>
  );
}
