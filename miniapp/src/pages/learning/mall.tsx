import { useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { voucherValueText, type Claim, type Mall, type MallItem } from '@union/shared';
import { exchangePoints, mall, newIdempotencyKey } from '../../api/benefits';
import { toApiError } from '../../api/errors';
import ActionButton from '../../components/ActionButton';
import FooterBar from '../../components/FooterBar';
import { pageGate } from '../../components/PageGate';
import Screen from '../../components/Screen';
import { EmptyState, RequestStatus } from '../../components/StateView';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { formatDate } from '../../lib/dates';
import { BENEFITS_MINE_PAGE, JOIN_PAGE, LEARNING_MALL_PAGE, LEARNING_PAGE, backTo, openPage } from '../../lib/navigation';
import './mall.scss';

const PERIODS: Record<MallItem['period'], string> = { once: '每人限兑一次', daily: '每人每天限兑一次', weekly: '每人每周限兑一次' };

/** What the item's button says and whether it can be tapped: the points still missing are said in numbers. */
function itemState(item: MallItem, balance: number): { text: string; open: boolean } {
  if (item.exchanged) return { text: item.period === 'once' ? '已兑换' : '本期已兑换', open: false };
  if (item.remaining <= 0) return { text: '已兑完', open: false };
  if (Date.parse(item.startsAt) > Date.now()) return { text: `${formatDate(item.startsAt)} 开始`, open: false };
  // Short enough for one line in 大字模式: the balance is at the top, the price beside the title.
  if (balance < item.pointsPrice) return { text: `还差 ${item.pointsPrice - balance} 积分`, open: false };
  return { text: `${item.pointsPrice} 积分兑换`, open: true };
}

function Item({ item, balance, busy, onExchange }: { item: MallItem; balance: number; busy: boolean; onExchange: () => void }) {
  const s = itemState(item, balance);
  const value = voucherValueText({ value: item.voucherValue, uses: item.voucherUses });
  return (
    <View className="card mall-item">
      <View className="mall-item__head">
        <View className="mall-item__title">{item.title}</View>
        <View className="mall-item__price">{item.pointsPrice} 积分</View>
      </View>
      {item.description ? <View className="mall-item__description">{item.description}</View> : null}
      <View className="mall-item__meta muted">
        {value ? `券面 ${value} · ` : ''}
        {PERIODS[item.period]} · 剩余 {item.remaining}
      </View>
      <View className="mall-item__meta muted">
        可用商户 {item.places.length} 家：{item.places.map((p) => p.name).join('、')}
      </View>
      <View className="mall-item__meta muted">
        {item.voucherValidDays ? `券自兑换起 ${item.voucherValidDays} 天内有效` : `券有效期至 ${formatDate(item.endsAt)}`}
      </View>
      <View className="mall-item__action">
        <ActionButton variant={s.open ? 'primary' : 'secondary'} disabled={!s.open} loading={busy} loadingText="正在兑换…" onClick={onExchange}>
          {s.text}
        </ActionButton>
      </View>
    </View>
  );
}

/**
 * 积分商城: vouchers priced in learning points. 兑换 asks first (what it costs, what is left after); the server takes
 * the price in the claim's own transaction, and the voucher is in 我的券. A retry after a network failure sends the same
 * Idempotency-Key, so it cannot spend twice.
 */
export default function MallPage() {
  const data = useAuthedRequest(mall, LEARNING_MALL_PAGE);
  const { run, state } = data;
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<{ claim: Claim; price: number; balance: number } | null>(null);
  const keys = useRef(new Map<string, string>());
  usePullDownRefresh(() => void run({ silent: true }).finally(() => Taro.stopPullDownRefresh()));
  // Back from 我的券 (or opened again): the mall as it now stands, not the last exchange's result.
  useDidShow(() => setDone(null));

  async function exchange(shop: Mall, item: MallItem) {
    if (busy) return;
    const { confirm } = await Taro.showModal({
      title: `用 ${item.pointsPrice} 积分兑换？`,
      content: `${item.title}。兑换后剩余 ${shop.balance - item.pointsPrice} 积分，券放入“我的券”，积分不退。`,
      confirmText: '兑换',
      cancelText: '再想想',
    });
    if (!confirm) return;
    setBusy(item.id);
    const key = keys.current.get(item.id) ?? newIdempotencyKey();
    keys.current.set(item.id, key);
    try {
      const claim = await exchangePoints(item.id, key);
      keys.current.delete(item.id);
      setDone({ claim, price: item.pointsPrice, balance: shop.balance - item.pointsPrice });
      void run({ silent: true });
    } catch (error) {
      const e = toApiError(error);
      // A network failure keeps the key: trying again sends the same request, which cannot spend twice.
      if (e.code !== 'network.failed') keys.current.delete(item.id);
      void Taro.showModal({ title: '没有兑换成功', content: e.message, showCancel: false, confirmText: '知道了' });
      void run({ silent: true });
    } finally {
      setBusy(null);
    }
  }

  const gate = pageGate({
    signedIn: data.signedIn,
    signedOut: { title: '登录后兑换积分', description: '会员学习获得的积分可以在这里兑换消费券。', returnTo: LEARNING_MALL_PAGE },
  });
  if (gate) return gate;

  if (done) {
    return (
      <Screen withFooter>
        <View className="section">
          <View className="card mall-result" ariaRole="alert">
            <View className="mall-result__mark">✓</View>
            <View className="mall-result__title">兑换成功</View>
            <View className="mall-result__text">
              {done.claim.title} 已放入“我的券”
              {done.claim.validUntil ? `，有效期至 ${formatDate(done.claim.validUntil)}` : ''}，到可用商户消费时出示券码。
            </View>
            <View className="mall-result__text muted">
              用去 {done.price} 积分，剩余 {done.balance} 积分
            </View>
          </View>
        </View>
        <FooterBar>
          <ActionButton onClick={() => openPage(BENEFITS_MINE_PAGE)}>查看我的券</ActionButton>
          <ActionButton variant="text" onClick={() => setDone(null)}>
            继续兑换
          </ActionButton>
        </FooterBar>
      </Screen>
    );
  }

  const notMember = state.status === 'error' && state.error.code === 'members.not_member';
  return (
    <Screen>
      <View className="section">
        {notMember ? (
          <EmptyState
            title="成为会员后即可兑换"
            description="积分商城面向工会会员：学习得积分，积分换消费券。"
            action={
              <ActionButton size="small" block={false} onClick={() => openPage(JOIN_PAGE)}>
                我要入会
              </ActionButton>
            }
          />
        ) : (
          <RequestStatus state={state} loadingText="正在加载积分商城…" errorTitle="积分商城加载失败" onRetry={() => void run()} />
        )}
      </View>
      {state.status === 'success' ? (
        <>
          <View className="section">
            <View className="card mall-balance">
              <View>
                <View className="muted">我的积分</View>
                <View className="mall-balance__points">{state.data.balance}</View>
              </View>
              <ActionButton variant="text" size="small" block={false} onClick={() => backTo(LEARNING_PAGE)}>
                学习赚积分 ›
              </ActionButton>
            </View>
          </View>
          <View className="section">
            <View className="section__title">可兑换</View>
            {state.data.items.length === 0 ? (
              <EmptyState title="暂时没有可兑换的券" description="工会上新后会出现在这里，可下拉刷新。" />
            ) : (
              state.data.items.map((item) => (
                <Item key={item.id} item={item} balance={state.data.balance} busy={busy === item.id} onExchange={() => void exchange(state.data, item)} />
              ))
            )}
          </View>
        </>
      ) : null}
    </Screen>
  );
}
