import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { shortJoinPath, type StallEvent } from '@union/shared';
import { getEvent, listMyEvents } from '../../../api/events';
import { useLive } from '../../../hooks/use-live';
import ActionButton from '../../../components/ActionButton';
import FooterBar from '../../../components/FooterBar';
import QrCode from '../../../components/QrCode';
import { pageGate } from '../../../components/PageGate';
import Screen from '../../../components/Screen';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { formatClock, formatDateTime } from '../../../lib/dates';
import { STAFF_PAGE, STAFF_PLACE_CODE_PAGE, STAFF_QR_PAGE, backTo, openPage, safeDecode } from '../../../lib/navigation';
import { webUrl } from '../../../lib/web-links';
import { eventPhase } from '../event-phase';
import './index.scss';

/** The staffer's copy carries the application count; fall back to the public one. */
async function loadEvent(code: string): Promise<StallEvent> {
  const mine = await listMyEvents();
  return mine.find((e) => e.code === code) ?? getEvent(code);
}

/** What the phone camera should open: the H5 join link, on the origin the app is served from (lib/web-links). */
const absoluteJoinUrl = (event: StallEvent): string | null => webUrl(event.joinUrl);

/** The short link to read off the screen: host and `/j/CODE`, no scheme, no `#/pages/...` query. */
function shortJoinLink(event: StallEvent): { shown: string; full: string } | null {
  const full = webUrl(shortJoinPath(event.code));
  return full ? { shown: full.replace(/^https?:\/\//, ''), full } : null;
}

/** The code in groups of four (`ABCD 1234`), to read aloud and type back. */
function groupedCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ');
}

function keepScreenOn(on: boolean) {
  if (process.env.TARO_ENV === 'h5') return;
  Taro.setKeepScreenOn({ keepScreenOn: on }).catch(() => undefined);
}

export default function StallQrPage() {
  const router = useRouter();
  const code = safeDecode(router.params.code) ?? '';
  const event = useAuthedRequest(() => loadEvent(code), `${STAFF_QR_PAGE}?code=${encodeURIComponent(code)}`);

  // The count of applications updates as people submit.
  useLive(() => void event.run({ silent: true }), { enabled: event.signedIn });
  useDidShow(() => keepScreenOn(true));
  useDidHide(() => keepScreenOn(false));

  const data = event.state.status === 'success' ? event.state.data : null;
  const joinUrl = data ? absoluteJoinUrl(data) : null;
  const shortLink = data ? shortJoinLink(data) : null;

  const gate = pageGate({
    signedIn: event.signedIn,
    signedOut: { title: '登录后显示入会二维码', description: '使用工会工作人员的手机号登录。', returnTo: STAFF_QR_PAGE },
    state: event.state,
    onRetry: () => void event.run(),
    loadingText: '正在生成二维码…',
    errorTitle: '入会活动加载失败',
  });
  if (gate || event.state.status !== 'success') return gate;

  const e = event.state.data;
  const phase = eventPhase(e);
  return (
    <Screen withFooter className="stall-qr">
      <View className="stall-qr__sheet">
        <View className="stall-qr__org">{e.orgName}</View>
        <View className="stall-qr__title">{e.title}</View>
        <View className="stall-qr__lead">微信或手机相机扫码，1分钟申请入会</View>

        {joinUrl ? (
          <QrCode className="stall-qr__image" value={joinUrl} label={`入会二维码，活动码 ${e.code}`} />
        ) : (
          <View className="stall-qr__placeholder">
            <View className="stall-qr__placeholder-title">小程序码</View>
            <View className="stall-qr__placeholder-text">正式小程序码由微信生成（wxacode.getUnlimited），页面路径：</View>
            <Text className="stall-qr__path" userSelect>
              {e.weappPath}
            </Text>
          </View>
        )}

        <View className="stall-qr__code-label">活动码</View>
        <View className="stall-qr__code" data-code={e.code}>
          {groupedCode(e.code)}
        </View>

        <View className="stall-qr__count">
          已有 <Text className="stall-qr__count-n">{e.applications ?? 0}</Text> 人提交入会申请
        </View>
        <View className="stall-qr__meta">
          <View className={`tag ${phase.tone}`}>{phase.label}</View>
          {e.place} · {formatDateTime(e.startsAt)}–{formatClock(e.endsAt)}
        </View>
        {shortLink ? (
          <View className="stall-qr__link">
            <Text className="stall-qr__url" userSelect>
              {shortLink.shown}
            </Text>
            <ActionButton variant="text" block={false} onClick={() => void Taro.setClipboardData({ data: shortLink.full }).catch(() => undefined)}>
              复制链接
            </ActionButton>
          </View>
        ) : null}
      </View>

      <FooterBar>
        <ActionButton onClick={() => backTo(STAFF_PAGE)}>打开审核队列</ActionButton>
        <ActionButton variant="text" onClick={() => openPage(`${STAFF_PLACE_CODE_PAGE}?kind=event&id=${e.id}`)}>
          福利领取码
        </ActionButton>
      </FooterBar>
    </Screen>
  );
}
