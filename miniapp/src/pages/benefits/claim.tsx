import { useRef, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { placeCodeFromScan, type Benefit, type Claim } from '@union/shared';
import { claimBenefit, lookupPlace, newIdempotencyKey } from '../../api/benefits';
import type { ApiError } from '../../api/errors';
import ActionButton from '../../components/ActionButton';
import FooterBar from '../../components/FooterBar';
import { pageGate } from '../../components/PageGate';
import Screen from '../../components/Screen';
import { EmptyState, ErrorState, RequestStatus } from '../../components/StateView';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { formatDateTime } from '../../lib/dates';
import { locate } from '../../lib/location';
import { BENEFITS_MINE_PAGE, BENEFITS_PAGE, CLAIM_PAGE, openPage, safeDecode } from '../../lib/navigation';
import { availability, KIND_LABELS, PERIOD_LABELS, voucherValidityText, windowText } from './labels';
import './benefits.scss';

type Outcome = { ok: true; claim: Claim } | { ok: false; title: string; message: string };

const REFUSAL_TITLES: Record<string, string> = {
  'benefits.already_claimed': '已经领过了',
  'benefits.quota_exhausted': '已领完',
  'benefits.not_open': '不在领取时间',
  'benefits.not_eligible': '暂不能领取',
  'places.code_expired': '二维码已过期',
  'places.code_revoked': '二维码已停用',
  'places.too_far': '离领取地点太远',
};

/** Where the device is (GCJ-02), when a campaign asks (distance limit); undefined when the member declines. */
async function whereAmI(): Promise<{ lat: number; lng: number } | undefined> {
  const here = await locate();
  return here.precise ? { lat: here.lat, lng: here.lng } : undefined;
}

/**
 * Entered from a scanned place code (`?code=`, the card page's 扫一扫 or a phone camera on a poster). Shows what the
 * place offers this member; 领取 claims it once, with one Idempotency-Key per tap so a retry never claims twice.
 */
export default function ClaimPage() {
  const router = useRouter();
  const code = placeCodeFromScan(safeDecode(router.params.code) ?? '');
  const lookup = useAuthedRequest(() => lookupPlace(code), `${CLAIM_PAGE}?code=${encodeURIComponent(code)}`);
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const keys = useRef(new Map<string, string>());

  async function claim(b: Benefit) {
    if (busy) return;
    setBusy(b.id);
    const key = keys.current.get(b.id) ?? newIdempotencyKey();
    keys.current.set(b.id, key);
    try {
      const location = b.maxDistanceMeters !== null ? await whereAmI() : undefined;
      const claimed = await claimBenefit(b.id, code, key, location);
      // Done: the next tap is a new claim (the server then says whether another one is allowed).
      keys.current.delete(b.id);
      setOutcome({ ok: true, claim: claimed });
    } catch (error) {
      const e = error as ApiError;
      // A network failure keeps the key: 重试 sends the same request, which cannot claim twice.
      if (e.code !== 'network.failed') keys.current.delete(b.id);
      setOutcome({ ok: false, title: REFUSAL_TITLES[e.code] ?? '领取失败', message: e.message });
    } finally {
      setBusy(null);
    }
  }

  const gate = pageGate({
    signedIn: lookup.signedIn,
    signedOut: { title: '登录后领取福利', description: '会员登录后扫码即可领取。', returnTo: `${CLAIM_PAGE}?code=${encodeURIComponent(code)}` },
  });
  if (gate) return gate;
  if (!code) {
    return (
      <Screen>
        <View className="section">
          <ErrorState title="没有识别到二维码" message="请扫描驿站、活动现场或商户展示的领取二维码。" onRetry={() => openPage(BENEFITS_PAGE)} />
        </View>
      </Screen>
    );
  }

  if (outcome) {
    return (
      <Screen withFooter>
        <View className="section">
          <View className={`card claim-result ${outcome.ok ? 'claim-result--ok' : 'claim-result--refused'}`} ariaRole="alert">
            <View className="claim-result__mark">{outcome.ok ? '✓' : '!'}</View>
            <View className="claim-result__title">{outcome.ok ? '领取成功' : outcome.title}</View>
            <View className="claim-result__text">
              {outcome.ok
                ? `${outcome.claim.title} · ${outcome.claim.place.name} · ${formatDateTime(outcome.claim.claimedAt)}${outcome.claim.voucher ? `。券已放入“我的券”${outcome.claim.validUntil ? `，有效期至 ${formatDateTime(outcome.claim.validUntil)}` : ''}，使用时出示券码。` : '。请向现场工作人员出示本页面。'}`
                : outcome.message}
            </View>
          </View>
        </View>
        <FooterBar>
          <ActionButton onClick={() => openPage(BENEFITS_MINE_PAGE)}>{outcome.ok && outcome.claim.voucher ? '查看我的券' : '查看我的领取'}</ActionButton>
          <ActionButton variant="text" onClick={() => setOutcome(null)}>
            返回
          </ActionButton>
        </FooterBar>
      </Screen>
    );
  }

  const { state } = lookup;
  return (
    <Screen>
      <View className="section">
        <RequestStatus
          state={state}
          loadingText="正在识别二维码…"
          errorTitle={(e) =>
            e.code === 'places.code_expired'
              ? '二维码已过期，请让工作人员刷新后重新扫码'
              : e.code === 'members.not_member'
                ? '入会后才能领取福利'
                : '无法识别该二维码'
          }
          onRetry={() => void lookup.run()}
        />
        {state.status === 'success' ? (
          <>
            <View className="section__title">{state.data.place.name}</View>
            {state.data.items.length === 0 ? <EmptyState title="这里暂时没有可领取的福利" description="可以在“会员福利”里看看其他地点的福利。" /> : null}
            {state.data.items.map((b) => {
              const a = availability(b);
              return (
                <View key={b.id} className="card benefit">
                  <View className="benefit__head">
                    <View className="benefit__title">{b.title}</View>
                    <View className={a.open ? 'benefit__remaining' : 'tag'}>{a.text}</View>
                  </View>
                  {b.description ? <View className="benefit__description">{b.description}</View> : null}
                  <View className="benefit__meta muted">
                    {KIND_LABELS[b.kind]} · {PERIOD_LABELS[b.period]}
                  </View>
                  <View className="benefit__meta muted">领取时间 {windowText(b)}</View>
                  {voucherValidityText(b) ? <View className="benefit__meta muted">{voucherValidityText(b)}</View> : null}
                  <View className="benefit__meta">
                    <ActionButton disabled={!a.open} loading={busy === b.id} loadingText="正在领取…" onClick={() => void claim(b)}>
                      {a.open ? '立即领取' : a.text}
                    </ActionButton>
                  </View>
                </View>
              );
            })}
          </>
        ) : null}
      </View>
    </Screen>
  );
}
