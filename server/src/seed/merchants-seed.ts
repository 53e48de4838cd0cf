import type { MerchantCategory } from '@union/shared';
import type { Database } from '../db/client';
import { insertClerk, insertMerchant } from '../modules/merchants';

interface MerchantSeed {
  org: string;
  name: string;
  category: MerchantCategory;
  address: string;
  lat: number;
  lng: number;
  discount: string;
  discountPercent?: number;
}

/**
 * 途中惠: a road-freight union signs merchants along its drivers' routes, as 岚山区总工会 did with 16 merchants
 * for truck drivers' food, lodging and repairs (seeds/002). Ours are the Beijing freight union's 16, at the
 * logistics parks of 马驹桥 and 顺义空港, on 京港澳 (G4), 京开, 京哈 and the 六环; then eateries and phone repair
 * near the street unions where couriers and riders join. Coordinates are GCJ-02.
 */
export const DEMO_MERCHANTS: MerchantSeed[] = [
  {
    org: 'hyhy',
    name: '马驹桥物流园司机餐厅',
    category: 'eatery',
    address: '北京市通州区马驹桥镇兴贸二街 物流园北门',
    lat: 39.756,
    lng: 116.553,
    discount: '凭会员码餐费9折',
    discountPercent: 10,
  },
  {
    org: 'hyhy',
    name: '马驹桥货车轮胎快修',
    category: 'vehicle_service',
    address: '北京市通州区马驹桥镇景盛南四街',
    lat: 39.7532,
    lng: 116.5581,
    discount: '补胎免工时费，换胎工时费8折',
    discountPercent: 20,
  },
  {
    org: 'hyhy',
    name: '马驹桥司机之家宾馆',
    category: 'lodging',
    address: '北京市通州区马驹桥镇团瓢庄路',
    lat: 39.7601,
    lng: 116.5497,
    discount: '货车司机住宿8.8折，免费停车',
    discountPercent: 12,
  },
  {
    org: 'hyhy',
    name: '空港物流园货车之家餐厅',
    category: 'eatery',
    address: '北京市顺义区空港物流园区裕华路',
    lat: 40.0795,
    lng: 116.585,
    discount: '会员套餐立减5元',
  },
  {
    org: 'hyhy',
    name: '空港汽修服务中心',
    category: 'vehicle_service',
    address: '北京市顺义区天竺镇空港工业区B区',
    lat: 40.083,
    lng: 116.58,
    discount: '保养工时费8折',
    discountPercent: 20,
  },
  {
    org: 'hyhy',
    name: '天竺大车洗车场',
    category: 'car_wash',
    address: '北京市顺义区天竺镇府前一街',
    lat: 40.065,
    lng: 116.57,
    discount: '货车洗车8折',
    discountPercent: 20,
  },
  {
    org: 'hyhy',
    name: '杜家坎司机餐馆',
    category: 'eatery',
    address: '北京市丰台区京港澳高速杜家坎收费站东',
    lat: 39.834,
    lng: 116.235,
    discount: '凭会员码餐费9折',
    discountPercent: 10,
  },
  {
    org: 'hyhy',
    name: '长辛店货车维修厂',
    category: 'vehicle_service',
    address: '北京市丰台区长辛店镇京港澳高速辅路',
    lat: 39.84,
    lng: 116.205,
    discount: '维修工时费9折，免费检查轮胎气压',
    discountPercent: 10,
  },
  {
    org: 'hyhy',
    name: '京港澳高速丰台加油站',
    category: 'fuel',
    address: '北京市丰台区京港澳高速出京方向',
    lat: 39.82,
    lng: 116.24,
    discount: '柴油每升优惠0.3元',
  },
  {
    org: 'hyhy',
    name: '西红门货运司机之家餐馆',
    category: 'eatery',
    address: '北京市大兴区京开高速西红门出口',
    lat: 39.79,
    lng: 116.33,
    discount: '会员免费续饭，餐费9折',
    discountPercent: 10,
  },
  {
    org: 'hyhy',
    name: '黄村六环轮胎店',
    category: 'vehicle_service',
    address: '北京市大兴区黄村镇六环路辅路',
    lat: 39.73,
    lng: 116.34,
    discount: '轮胎8.5折，补胎免费',
    discountPercent: 15,
  },
  {
    org: 'hyhy',
    name: '旧宫大车洗车场',
    category: 'car_wash',
    address: '北京市大兴区旧宫镇久敬庄路',
    lat: 39.805,
    lng: 116.45,
    discount: '洗车8折',
    discountPercent: 20,
  },
  {
    org: 'hyhy',
    name: '张家湾物流园快餐',
    category: 'eatery',
    address: '北京市通州区张家湾镇京哈高速出口',
    lat: 39.845,
    lng: 116.7,
    discount: '会员套餐立减3元',
  },
  {
    org: 'hyhy',
    name: '台湖货车维修中心',
    category: 'vehicle_service',
    address: '北京市通州区台湖镇京哈高速辅路',
    lat: 39.84,
    lng: 116.62,
    discount: '工时费9折',
    discountPercent: 10,
  },
  {
    org: 'hyhy',
    name: '沙河物流园司机公寓',
    category: 'lodging',
    address: '北京市昌平区沙河镇六环路北侧',
    lat: 40.15,
    lng: 116.28,
    discount: '司机住宿每晚立减20元',
  },
  {
    org: 'hyhy',
    name: '六环马坡加油站',
    category: 'fuel',
    address: '北京市顺义区马坡镇六环路',
    lat: 40.12,
    lng: 116.63,
    discount: '柴油每升优惠0.2元，免费热水',
  },
  {
    org: 'xjk',
    name: '新街口老北京炸酱面',
    category: 'eatery',
    address: '北京市西城区新街口北大街',
    lat: 39.942,
    lng: 116.37,
    discount: '快递员、骑手凭会员码面条加量不加价，餐费9.5折',
    discountPercent: 5,
  },
  {
    org: 'xjk',
    name: '新街口手机快修',
    category: 'phone_repair',
    address: '北京市西城区新街口外大街',
    lat: 39.94,
    lng: 116.372,
    discount: '换屏9折，免费贴膜和检测',
    discountPercent: 10,
  },
  {
    org: 'blz',
    name: '八里庄骑手食堂',
    category: 'eatery',
    address: '北京市朝阳区八里庄西里',
    lat: 39.921,
    lng: 116.495,
    discount: '会员餐费9折，免费热饭',
    discountPercent: 10,
  },
  {
    org: 'blz',
    name: '八里庄手机维修店',
    category: 'phone_repair',
    address: '北京市朝阳区八里庄北里',
    lat: 39.919,
    lng: 116.49,
    discount: '维修费9折，换电池送充电线',
    discountPercent: 10,
  },
  {
    org: 'zgc',
    name: '中关村手机维修中心',
    category: 'phone_repair',
    address: '北京市海淀区中关村南大街',
    lat: 39.983,
    lng: 116.315,
    discount: '换屏、换电池8.8折',
    discountPercent: 12,
  },
  { org: 'zgc', name: '中关村骑手快餐', category: 'eatery', address: '北京市海淀区中关村大街', lat: 39.98, lng: 116.318, discount: '会员套餐立减4元' },
  {
    org: 'dhm',
    name: '东华门家常菜馆',
    category: 'eatery',
    address: '北京市东城区东华门大街',
    lat: 39.914,
    lng: 116.405,
    discount: '户外劳动者凭会员码餐费9折',
    discountPercent: 10,
  },
];

/** The demo clerk (README demo logins) works at the noodle shop near the demo member's union. */
export const DEMO_CLERK = { phone: '13800000010', merchant: '新街口老北京炸酱面' };

export async function seedMerchants(tx: Database, orgIds: Map<string, string>, clerkAccountId: string) {
  for (const { org, ...m } of DEMO_MERCHANTS) {
    const { id } = await insertMerchant(tx, { ...m, discountPercent: m.discountPercent ?? null, orgId: orgIds.get(org)! });
    if (m.name === DEMO_CLERK.merchant) await insertClerk(tx, { merchantId: id, accountId: clerkAccountId, acceptedAt: new Date() });
  }
}
