import { useEffect, useState } from 'react';
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { placeKindSchema, type PlaceKind } from '@union/shared';
import { placeClaimsToday, placeCode } from '../../../api/benefits';
import QrCode from '../../../components/QrCode';
import ShortCode from '../../../components/ShortCode';
import { pageGate } from '../../../components/PageGate';
import Screen from '../../../components/Screen';
import { useAuthedRequest } from '../../../hooks/use-authed-request';
import { formatClock } from '../../../lib/dates';
import { STAFF_PLACE_CODE_PAGE, safeDecode } from '../../../lib/navigation';
import './index.scss';

function keepScreenOn(on: boolean) {
  if (process.env.TARO_ENV === 'h5') return;
  Taro.setKeepScreenOn({ keepScreenOn: on }).catch(() => undefined);
}

/**
 * The rotating code of a place, shown on the staffer's phone for members to scan (high-value benefits need it; a
 * screenshot is refused a minute later). It fetches the next code when the current one is due, and shows today's claims.
 */
export default function PlaceCodePage() {
  const router = useRouter();
  const kind: PlaceKind = placeKindSchema.safeParse(router.params.kind).data ?? 'event';
  const id = safeDecode(router.params.id) ?? '';
  const here = `${STAFF_PLACE_CODE_PAGE}?kind=${kind}&id=${encodeURIComponent(id)}`;
  const data = useAuthedRequest(async () => ({ code: await placeCode(kind, id), today: await placeClaimsToday(kind, id) }), here);
  const { run } = data;
  const [now, setNow] = useState(Date.now());
  useDidShow(() => keepScreenOn(true));
  useDidHide(() => keepScreenOn(false));

  const refreshAt = data.state.status === 'success' && data.state.data.code.refreshAt ? Date.parse(data.state.data.code.refreshAt) : null;
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(tick);
  }, []);
  useEffect(() => {
    if (refreshAt === null) return;
    const timer = setTimeout(() => void run({ silent: true }), Math.max(1_000, refreshAt - Date.now()));
    return () => clearTimeout(timer);
  }, [refreshAt, run]);

  const gate = pageGate({
    signedIn: data.signedIn,
    signedOut: { title: '登录后显示领取码', description: '使用工会工作人员的手机号登录。', returnTo: here },
    state: data.state,
    onRetry: () => void run(),
    loadingText: '正在生成领取码…',
    errorTitle: '领取码加载失败',
  });
  const { state } = data;
  if (gate || state.status !== 'success') return gate;
  const { code, today } = state.data;
  const left = code.expiresAt ? Math.max(0, Math.round((Date.parse(code.refreshAt ?? code.expiresAt) - now) / 1000)) : null;
  return (
    <Screen className="place-code">
      <View className="section">
        <View className="card">
          <View className="place-code__name">{code.place.name}</View>
          <QrCode value={code.code} label={`${code.place.name}领取码`} className="place-code__qr" />
          <ShortCode code={code.shortCode} hint="扫不出时，请会员在“扫一扫”输入此码" />
          <View className="place-code__countdown muted">{left !== null ? `${left} 秒后自动刷新 · ${formatClock(code.expiresAt!)} 前有效` : '海报码'}</View>
        </View>
        <View className="card place-code__today">
          <View className="section__title">今日领取 {today.total} 份</View>
          {today.items.slice(0, 10).map((c) => (
            <View key={c.id} className="info-list__row">
              <View className="info-list__key">{c.memberName}</View>
              <View className="info-list__value muted">
                {c.title} · {formatClock(c.claimedAt)}
              </View>
            </View>
          ))}
        </View>
      </View>
    </Screen>
  );
}
