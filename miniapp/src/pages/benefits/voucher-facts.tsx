import { useState } from 'react';
import { View } from '@tarojs/components';
import { greatCircleMetres, voucherValueText, type Voucher, type VoucherShop } from '@union/shared';
import { formatDistance } from '../../lib/geo';
import type { Located } from '../../lib/location';

/** Shops shown before 查看全部. */
const SHOPS_SHOWN = 3;

/** 40元 × 4次, and for a voucher with uses left, how many. */
export function VoucherValue({ voucher }: { voucher: Voucher }) {
  const value = voucherValueText(voucher);
  const left = voucher.uses > 1 && voucher.status === 'valid' ? `剩余 ${voucher.usesLeft} 次` : null;
  if (!value && !left) return null;
  return (
    <View className="voucher__value">
      {value ? <View className="voucher__amount">{value}</View> : null}
      {left ? <View className="voucher__left tag tag--success">{left}</View> : null}
    </View>
  );
}

/** The shops nearest `here` first (shops without a position last, by name). */
export function nearestFirst(shops: VoucherShop[], here: Located | null): { shop: VoucherShop; metres: number | null }[] {
  const measured = shops.map((shop) => ({
    shop,
    metres: here && shop.lat !== null && shop.lng !== null ? greatCircleMetres(here, { lat: shop.lat, lng: shop.lng }) : null,
  }));
  return measured.sort((a, b) => (a.metres ?? Infinity) - (b.metres ?? Infinity) || a.shop.name.localeCompare(b.shop.name, 'zh-CN'));
}

interface VoucherShopsProps {
  voucher: Voucher;
  /** Where the member is (the one location helper); null while it is being asked. */
  here: Located | null;
}

/** 可用商户: where a clerk redeems it, nearest first; a voucher without shops is redeemed by the union's staff. */
export function VoucherShops({ voucher, here }: VoucherShopsProps) {
  const [all, setAll] = useState(false);
  if (voucher.status !== 'valid') return null;
  if (voucher.shops.length === 0) return <View className="voucher__shops-none muted">在工会活动现场由工作人员核销</View>;
  const sorted = nearestFirst(voucher.shops, here);
  const shown = all ? sorted : sorted.slice(0, SHOPS_SHOWN);
  return (
    <View className="voucher__shops">
      <View className="voucher__shops-title">可用商户 · {voucher.shops.length} 家</View>
      {here ? <View className="voucher__shops-hint muted">{here.precise ? '离您最近的在前' : '未获得您的位置，按北京市中心计算距离'}</View> : null}
      {shown.map(({ shop, metres }) => (
        <View key={shop.id} className="voucher__shop">
          <View className="voucher__shop-name">{shop.name}</View>
          {metres !== null ? <View className="voucher__shop-distance muted">{formatDistance(metres)}</View> : null}
        </View>
      ))}
      {sorted.length > SHOPS_SHOWN ? (
        <View className="voucher__shops-more" hoverClass="voucher__shops-more--pressed" ariaRole="button" onClick={() => setAll(!all)}>
          {all ? '收起' : `查看全部 ${sorted.length} 家`}
        </View>
      ) : null}
    </View>
  );
}
