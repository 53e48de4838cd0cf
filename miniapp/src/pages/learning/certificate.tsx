import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { certificateVerifyLinks, type Certificate } from '@union/shared';
import { getCertificate } from '../../api/learning';
import ActionButton from '../../components/ActionButton';
import FooterBar from '../../components/FooterBar';
import { pageGate } from '../../components/PageGate';
import QrCode from '../../components/QrCode';
import Screen from '../../components/Screen';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { formatDate } from '../../lib/dates';
import { webUrl } from '../../lib/web-links';
import { CERTIFICATE_VERIFY_PAGE, LEARNING_CERTIFICATE_PAGE, openPage, safeDecode } from '../../lib/navigation';
import { certificateKind, certificateText } from './certificate-text';
import './certificates.scss';

/**
 * What a phone camera opens, on weapp as on H5: the public check page with the code, on the origin the app is served
 * from (lib/web-links), so whoever checks needs neither the mini-program nor an account.
 */
const verifyUrl = (code: string): string | null => webUrl(certificateVerifyLinks(code.replace('-', '')).verifyUrl);

function Sheet({ c }: { c: Certificate }) {
  const url = verifyUrl(c.code);
  return (
    <View className="card certificate">
      <View className="certificate__kind">{certificateKind(c)}</View>
      <View className="certificate__holder">{c.holderName}</View>
      <View className="certificate__text">{certificateText(c)}特发此证。</View>
      <View className="certificate__facts">
        <View className="certificate__fact">
          <View className="muted">颁发单位</View>
          <View className="certificate__value">{c.orgName}</View>
        </View>
        <View className="certificate__fact">
          <View className="muted">颁发日期</View>
          <View className="certificate__value">{formatDate(c.issuedAt)}</View>
        </View>
        <View className="certificate__fact">
          <View className="muted">验证码</View>
          <View className="certificate__value certificate__code">{c.code}</View>
        </View>
      </View>
      {url ? <QrCode className="certificate__qr" value={url} label={`证书查验二维码，验证码 ${c.code}`} /> : null}
      <View className="certificate__hint muted">{url ? '扫码或在“证书查验”输入验证码，即可核对这张证书' : '在“证书查验”输入验证码，即可核对这张证书'}</View>
    </View>
  );
}

/** One of my certificates (`?id=`): the holder's name, what and when, the issuing union and the code anyone can check. */
export default function CertificatePage() {
  const id = safeDecode(useRouter().params.id) ?? '';
  const here = `${LEARNING_CERTIFICATE_PAGE}?id=${encodeURIComponent(id)}`;
  const cert = useAuthedRequest(() => getCertificate(id), here);
  const gate = pageGate({
    signedIn: cert.signedIn,
    signedOut: { title: '登录后查看证书', description: '证书只有本人可以查看；他人可凭验证码查验。', returnTo: here },
    state: cert.state,
    onRetry: () => void cert.run(),
    loadingText: '正在加载证书…',
    errorTitle: '证书加载失败',
  });
  if (gate || cert.state.status !== 'success') return gate;
  const c = cert.state.data;
  return (
    <Screen withFooter>
      <View className="section">
        <Sheet c={c} />
      </View>
      <FooterBar>
        <ActionButton
          variant="secondary"
          onClick={() => void Taro.setClipboardData({ data: c.code }).then(() => Taro.showToast({ title: '验证码已复制', icon: 'none' }))}
        >
          复制验证码
        </ActionButton>
        <ActionButton variant="text" onClick={() => openPage(`${CERTIFICATE_VERIFY_PAGE}?code=${encodeURIComponent(c.code)}`)}>
          试一试查验
        </ActionButton>
      </FooterBar>
    </Screen>
  );
}
