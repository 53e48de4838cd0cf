import { useEffect, useState } from 'react';
import { View } from '@tarojs/components';
import type { Claim, Voucher } from '@union/shared';
import { myClaims, myVouchers } from '../../api/benefits';
import QrCode from '../../components/QrCode';
import ShortCode from '../../components/ShortCode';
import { pageGate } from '../../components/PageGate';
import Screen from '../../components/Screen';
import { EmptyState, RequestStatus } from '../../components/StateView';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { formatClock, formatDateTime } from '../../lib/dates';
import { locate, type Located } from '../../lib/location';
import { BENEFITS_MINE_PAGE } from '../../lib/navigation';
import { VoucherShops, VoucherValue } from './voucher-facts';
import './benefits.scss';

/** A voucher that cannot be shown for use: used, past its end, or void (its campaign voided it, or the holder left the union). */
function voucherStateText(v: Voucher): string {
  if (v.status === 'redeemed') return `${v.uses > 1 ? `${v.uses} 次已用完` : '已使用'} ${formatDateTime(v.redeemedAt!)}`;
  if (v.status === 'expired') return '已过期';
  return '已作废';
}

async function load(): Promise<{ claims: Claim[]; vouchers: Voucher[] }> {
  const [claims, vouchers] = await Promise.all([myClaims(), myVouchers()]);
  return { claims, vouchers };
}

/** 我的领取 and 我的券; a voucher's QR changes every minute, so the page fetches a fresh one before it lapses. */
export default function MyBenefitsPage() {
  const data = useAuthedRequest(load, BENEFITS_MINE_PAGE);
  const { run } = data;
  const [tab, setTab] = useState<'vouchers' | 'claims'>('vouchers');
  const vouchers = data.state.status === 'success' ? data.state.data.vouchers : [];
  // Where the member is, once, to put the nearest shop first (only when a voucher names shops).
  const [here, setHere] = useState<Located | null>(null);
  const wantsPlace = vouchers.some((v) => v.status === 'valid' && v.shops.length > 0);
  useEffect(() => {
    if (!wantsPlace || here) return;
    let live = true;
    void locate().then((where) => live && setHere(where));
    return () => {
      live = false;
    };
  }, [wantsPlace, here]);
  const nextExpiry = vouchers.map((v) => (v.codeExpiresAt ? Date.parse(v.codeExpiresAt) : Infinity)).reduce((a, b) => Math.min(a, b), Infinity);
  useEffect(() => {
    if (!Number.isFinite(nextExpiry)) return;
    const timer = setTimeout(() => void run({ silent: true }), Math.max(5_000, nextExpiry - Date.now() - 60_000));
    return () => clearTimeout(timer);
  }, [nextExpiry, run]);

  const gate = pageGate({
    signedIn: data.signedIn,
    signedOut: { title: '登录后查看我的福利', description: '领取记录和消费券都在这里。', returnTo: BENEFITS_MINE_PAGE },
  });
  if (gate) return gate;
  const { state } = data;
  return (
    <Screen>
      <View className="section">
        <View className="tabs" ariaRole="tablist">
          <View className={`tabs__tab ${tab === 'vouchers' ? 'tabs__tab--active' : ''}`} ariaRole="tab" onClick={() => setTab('vouchers')}>
            我的券
          </View>
          <View className={`tabs__tab ${tab === 'claims' ? 'tabs__tab--active' : ''}`} ariaRole="tab" onClick={() => setTab('claims')}>
            我的领取
          </View>
        </View>
        <RequestStatus state={state} loadingText="正在加载…" errorTitle="加载失败" onRetry={() => void run()} />
        {state.status === 'success' && tab === 'vouchers' ? (
          state.data.vouchers.length === 0 ? (
            <EmptyState title="还没有券" description="扫码领取消费券后，券会出现在这里。" />
          ) : (
            state.data.vouchers.map((v) => (
              <View key={v.id} className={`card voucher voucher--${v.status}`}>
                <View className="benefit__title">{v.title}</View>
                <VoucherValue voucher={v} />
                {v.status === 'valid' && v.code ? (
                  <>
                    <QrCode value={v.code} label={`${v.title}券码`} className="voucher__qr" />
                    <ShortCode code={v.shortCode} hint="扫不出时，请店员输入此码核销" />
                    <View className="benefit__meta muted">仅限本人使用 · 券码 {formatClock(v.codeExpiresAt!)} 前有效，会自动刷新</View>
                  </>
                ) : (
                  <View className={`benefit__meta tag ${v.status === 'redeemed' ? '' : 'tag--warn'}`}>{voucherStateText(v)}</View>
                )}
                {v.validUntil && v.status !== 'redeemed' ? (
                  <View className="benefit__meta voucher__valid-until muted">有效期至 {formatDateTime(v.validUntil)}</View>
                ) : null}
                <VoucherShops voucher={v} here={here} />
              </View>
            ))
          )
        ) : null}
        {state.status === 'success' && tab === 'claims' ? (
          state.data.claims.length === 0 ? (
            <EmptyState title="还没有领取记录" description="到驿站或活动现场扫码领取福利。" />
          ) : (
            state.data.claims.map((c) => (
              <View key={c.id} className="card benefit">
                <View className="benefit__head">
                  <View className="benefit__title">{c.title}</View>
                  <View className="tag tag--success">已领取</View>
                </View>
                <View className="benefit__meta muted">
                  {c.place.name} · {formatDateTime(c.claimedAt)}
                </View>
              </View>
            ))
          )
        ) : null}
      </View>
    </Screen>
  );
}
