import { useCallback, useEffect, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { DEFAULT_LOCATION, MERCHANT_CATEGORIES, MERCHANT_CATEGORY_LABELS, type MerchantCategory, type NearbyMerchant } from '@union/shared';
import { nearbyMerchants } from '../../api/merchants';
import Chips from '../../components/Chips';
import Screen from '../../components/Screen';
import { EmptyState, RequestStatus } from '../../components/StateView';
import { useRequest } from '../../hooks/use-request';
import { formatDistance } from '../../lib/geo';
import { locate, type Located } from '../../lib/location';
import './index.scss';

type Filter = MerchantCategory | 'all';
const FILTERS: { value: Filter; label: string }[] = [
  { value: 'all', label: '全部' },
  ...MERCHANT_CATEGORIES.filter((c) => c !== 'other').map((c) => ({ value: c, label: MERCHANT_CATEGORY_LABELS[c] })),
];

interface MerchantsView {
  where: Located;
  items: NearbyMerchant[];
}

/** 普惠商户: merchants near the member that give members a discount, nearest first, by category. */
export default function MerchantsPage() {
  const [filter, setFilter] = useState<Filter>('all');
  const [where, setWhere] = useState<Located | null>(null);

  const loader = useCallback(async (): Promise<MerchantsView> => {
    const here = where ?? (await locate());
    if (!where) setWhere(here);
    const items = await nearbyMerchants({ lat: here.lat, lng: here.lng, category: filter === 'all' ? undefined : filter });
    return { where: here, items };
  }, [where, filter]);
  const list = useRequest(loader);

  useEffect(() => {
    void list.run();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filter]);

  usePullDownRefresh(() => {
    setWhere(null);
    void list.run().finally(() => Taro.stopPullDownRefresh());
  });

  const state = list.state;
  return (
    <Screen className="merchants">
      <View className="section">
        <View className="merchants__intro muted">凭会员码在以下商户享受会员优惠。结账前请向店员出示“会员卡”页的会员码。</View>
        {where && !where.precise ? (
          <View className="merchants__notice" ariaRole="note">
            未获得您的位置，以下按北京市中心（{DEFAULT_LOCATION.label}）计算距离。允许定位后下拉刷新即可按您的位置排序。
          </View>
        ) : null}
      </View>
      <View className="section">
        <Chips options={FILTERS} selected={filter} onSelect={(v) => setFilter(v)} label="商户类别" columns={4} />
      </View>
      <View className="section">
        {state.status === 'success' ? (
          state.data.items.length === 0 ? (
            <EmptyState title="附近暂无这类普惠商户" description="换个类别看看，或到其他地方再查找。" />
          ) : (
            <View className="merchants__list">
              {state.data.items.map((m) => (
                <View key={m.id} className="merchant card">
                  <View className="merchant__head">
                    <View className="merchant__name">{m.name}</View>
                    <View className="merchant__distance">{formatDistance(m.distanceM)}</View>
                  </View>
                  <View className="merchant__tags">
                    <View className="tag">{MERCHANT_CATEGORY_LABELS[m.category]}</View>
                    {m.discountPercent ? <View className="tag tag--warn">会员 {Math.round(((100 - m.discountPercent) / 10) * 10) / 10} 折</View> : null}
                  </View>
                  <View className="merchant__discount">会员优惠：{m.discount}</View>
                  <View className="merchant__address muted">{m.address}</View>
                  {m.hours ? <View className="merchant__hours muted">营业时间：{m.hours}</View> : null}
                  <View className="merchant__org muted">签约工会：{m.orgName}</View>
                </View>
              ))}
            </View>
          )
        ) : (
          <RequestStatus state={state} loadingText="正在查找附近的普惠商户…" errorTitle="商户加载失败" onRetry={() => void list.run()} />
        )}
      </View>
    </Screen>
  );
}
