import { facilityIds, formatOpeningHours, parseOpeningHours, weekRanges, type StationFacility, type StationHostKind } from '@union/shared';
import type { NewStation } from '../modules/stations';

/**
 * About 2,200 rest stations (暖心驿站) over Beijing's sixteen districts, generated from a fixed seed so
 * every run gives the same stations. Beijing's federation builds them in estate-agency chains, shops,
 * bank branches and petrol stations (北京市总工会: over 9,000, 不求所有、但求所用), with hot meals
 * (microwave), water, rest, toilets, chargers, sewing kits and first-aid kits; some open around the clock.
 */

interface District {
  name: string;
  abbr: string;
  count: number;
  places: string[];
}

const DISTRICTS: District[] = [
  {
    name: '东城区',
    abbr: 'DC',
    count: 160,
    places: [
      '东四北大街',
      '王府井大街',
      '东直门内大街',
      '崇文门外大街',
      '和平里北街',
      '安定门外大街',
      '建国门内大街',
      '朝阳门北大街',
      '东华门大街',
      '雍和宫大街',
    ],
  },
  {
    name: '西城区',
    abbr: 'XC',
    count: 190,
    places: ['新街口外大街', '西直门内大街', '德胜门外大街', '金融大街', '西单北大街', '广安门内大街', '马连道路', '阜成门外大街', '西四北大街', '二龙路'],
  },
  {
    name: '朝阳区',
    abbr: 'CY',
    count: 420,
    places: [
      '甘露园南路',
      '朝阳路',
      '建国路',
      '望京街',
      '三里屯路',
      '劲松路',
      '十里堡路',
      '东三环中路',
      '安立路',
      '酒仙桥路',
      '青年路',
      '朝阳北路',
      '八里庄西里',
    ],
  },
  {
    name: '海淀区',
    abbr: 'HD',
    count: 360,
    places: ['中关村南大街', '学院路', '成府路', '上地信息路', '万柳中路', '紫竹院路', '西三环北路', '清河中街', '知春路', '北洼路', '苏州街'],
  },
  {
    name: '丰台区',
    abbr: 'FT',
    count: 240,
    places: ['南四环西路', '丰台北路', '方庄路', '六里桥南路', '草桥东路', '科学城海鹰路', '马家堡东路', '卢沟桥路', '宋家庄路'],
  },
  { name: '石景山区', abbr: 'SJS', count: 90, places: ['鲁谷路', '古城大街', '八角北路', '苹果园路', '石景山路'] },
  {
    name: '通州区',
    abbr: 'TZ',
    count: 150,
    places: ['新华大街', '梨园路', '九棵树东路', '运河东大街', '北苑南路', '玉桥中路'],
  },
  {
    name: '大兴区',
    abbr: 'DX',
    count: 150,
    places: ['兴华大街', '黄村西大街', '荣华中路', '西红门路', '旧宫东路', '天华大街'],
  },
  {
    name: '昌平区',
    abbr: 'CP',
    count: 150,
    places: ['回龙观西大街', '天通苑北街', '府学路', '北七家镇', '沙河镇', '鼓楼南街'],
  },
  { name: '顺义区', abbr: 'SY', count: 100, places: ['府前中街', '后沙峪镇', '仁和镇', '空港工业区', '南法信镇'] },
  { name: '房山区', abbr: 'FS', count: 80, places: ['良乡拱辰大街', '长阳镇', '燕山迎风街', '窦店镇'] },
  { name: '门头沟区', abbr: 'MTG', count: 40, places: ['新桥大街', '滨河路', '石龙经济开发区'] },
  { name: '怀柔区', abbr: 'HR', count: 30, places: ['青春路', '迎宾路', '雁栖镇'] },
  { name: '平谷区', abbr: 'PG', count: 25, places: ['府前街', '新平北路', '兴谷街道'] },
  { name: '密云区', abbr: 'MY', count: 30, places: ['鼓楼南大街', '新东路', '西大桥路'] },
  { name: '延庆区', abbr: 'YQ', count: 25, places: ['妫水北街', '东外大街', '湖南东路'] },
];

/**
 * Where each street of the demo lies (approximately, in GCJ-02 like every stored position), so a station's address is where its pin is: a station
 * is placed within a few hundred metres of its street, not anywhere in its district.
 */
/** Degrees: about 300 m of latitude. */
const STREET_SPREAD = 0.0027;

const STREETS: Record<string, [lat: number, lng: number]> = {
  东四北大街: [39.934, 116.417],
  王府井大街: [39.914, 116.411],
  东直门内大街: [39.94, 116.425],
  崇文门外大街: [39.895, 116.417],
  和平里北街: [39.96, 116.415],
  安定门外大街: [39.955, 116.407],
  建国门内大街: [39.908, 116.425],
  朝阳门北大街: [39.928, 116.434],
  东华门大街: [39.914, 116.402],
  雍和宫大街: [39.947, 116.417],
  新街口外大街: [39.95, 116.37],
  西直门内大街: [39.94, 116.362],
  德胜门外大街: [39.955, 116.378],
  金融大街: [39.915, 116.357],
  西单北大街: [39.91, 116.373],
  广安门内大街: [39.889, 116.356],
  马连道路: [39.883, 116.33],
  阜成门外大街: [39.924, 116.345],
  西四北大街: [39.93, 116.373],
  二龙路: [39.906, 116.362],
  甘露园南路: [39.921, 116.494],
  朝阳路: [39.918, 116.505],
  建国路: [39.908, 116.48],
  望京街: [39.995, 116.475],
  三里屯路: [39.935, 116.455],
  劲松路: [39.885, 116.462],
  十里堡路: [39.922, 116.505],
  东三环中路: [39.91, 116.461],
  安立路: [40.0, 116.408],
  酒仙桥路: [39.97, 116.495],
  青年路: [39.925, 116.515],
  朝阳北路: [39.925, 116.53],
  八里庄西里: [39.918, 116.497],
  中关村南大街: [39.96, 116.326],
  学院路: [39.995, 116.352],
  成府路: [39.993, 116.33],
  上地信息路: [40.04, 116.305],
  万柳中路: [39.968, 116.295],
  紫竹院路: [39.945, 116.31],
  西三环北路: [39.95, 116.31],
  清河中街: [40.03, 116.335],
  知春路: [39.977, 116.34],
  北洼路: [39.93, 116.298],
  苏州街: [39.975, 116.308],
  南四环西路: [39.83, 116.28],
  丰台北路: [39.865, 116.29],
  方庄路: [39.865, 116.43],
  六里桥南路: [39.88, 116.31],
  草桥东路: [39.85, 116.36],
  科学城海鹰路: [39.825, 116.255],
  马家堡东路: [39.845, 116.38],
  卢沟桥路: [39.85, 116.225],
  宋家庄路: [39.845, 116.43],
  鲁谷路: [39.9, 116.23],
  古城大街: [39.91, 116.19],
  八角北路: [39.915, 116.21],
  苹果园路: [39.93, 116.18],
  石景山路: [39.905, 116.22],
  新华大街: [39.905, 116.66],
  梨园路: [39.88, 116.65],
  九棵树东路: [39.885, 116.665],
  运河东大街: [39.905, 116.69],
  北苑南路: [39.9, 116.645],
  玉桥中路: [39.895, 116.675],
  兴华大街: [39.735, 116.335],
  黄村西大街: [39.73, 116.325],
  荣华中路: [39.795, 116.505],
  西红门路: [39.785, 116.33],
  旧宫东路: [39.805, 116.46],
  天华大街: [39.725, 116.325],
  回龙观西大街: [40.075, 116.315],
  天通苑北街: [40.08, 116.42],
  府学路: [40.22, 116.23],
  北七家镇: [40.115, 116.42],
  沙河镇: [40.145, 116.285],
  鼓楼南街: [40.22, 116.24],
  府前中街: [40.13, 116.655],
  后沙峪镇: [40.11, 116.54],
  仁和镇: [40.145, 116.66],
  空港工业区: [40.09, 116.59],
  南法信镇: [40.1, 116.61],
  良乡拱辰大街: [39.735, 116.14],
  长阳镇: [39.765, 116.205],
  燕山迎风街: [39.725, 115.97],
  窦店镇: [39.66, 116.08],
  新桥大街: [39.94, 116.105],
  滨河路: [39.95, 116.1],
  石龙经济开发区: [39.915, 116.12],
  青春路: [40.32, 116.635],
  迎宾路: [40.315, 116.625],
  雁栖镇: [40.38, 116.67],
  府前街: [40.14, 117.12],
  新平北路: [40.15, 117.11],
  兴谷街道: [40.13, 117.11],
  鼓楼南大街: [40.375, 116.84],
  新东路: [40.38, 116.855],
  西大桥路: [40.37, 116.83],
  妫水北街: [40.46, 115.975],
  东外大街: [40.455, 115.995],
  湖南东路: [40.45, 115.985],
};

interface Host {
  kind: StationHostKind;
  weight: number;
  brands: string[];
  name: (brand: string, place: string) => string;
  hours: [string, number][];
  /** Probability of each facility. */
  facilities: Partial<Record<StationFacility, number>>;
}

const HOSTS: Host[] = [
  {
    kind: 'estate_agency',
    weight: 30,
    brands: ['链家', '我爱我家', '麦田房产'],
    name: (b, p) => `${b}${p}店暖心驿站`,
    hours: [
      ['每天 08:30-21:00', 3],
      ['每天 09:00-20:30', 1],
    ],
    facilities: {
      water: 1,
      microwave: 0.85,
      phone_charging: 0.95,
      seats: 1,
      wifi: 0.8,
      air_conditioning: 0.9,
      toilet: 0.25,
      first_aid: 0.7,
      sewing_kit: 0.5,
      fridge: 0.2,
    },
  },
  {
    kind: 'bank',
    weight: 22,
    brands: ['工商银行', '建设银行', '农业银行', '中国银行', '北京银行', '北京农商银行', '邮储银行'],
    name: (b, p) => `${b}${p}支行暖心驿站`,
    hours: [
      ['周一至周五 09:00-17:00；周六、周日 09:30-16:00', 3],
      ['周一至周五 09:00-17:00', 1],
    ],
    facilities: {
      water: 1,
      microwave: 0.45,
      phone_charging: 1,
      seats: 1,
      wifi: 0.9,
      air_conditioning: 1,
      toilet: 0.4,
      first_aid: 0.9,
      sewing_kit: 0.4,
      massage_chair: 0.1,
    },
  },
  {
    kind: 'petrol_station',
    weight: 14,
    brands: ['中国石化', '中国石油'],
    name: (b, p) => `${b}${p}加油站暖心驿站`,
    hours: [
      ['24小时', 3],
      ['每天 06:00-23:00', 1],
    ],
    facilities: {
      water: 1,
      microwave: 0.6,
      phone_charging: 0.9,
      seats: 0.9,
      toilet: 1,
      tyre_pump: 0.8,
      ebike_charging: 0.3,
      car_charging: 0.3,
      first_aid: 0.8,
      wifi: 0.5,
    },
  },
  {
    kind: 'supermarket',
    weight: 12,
    brands: ['物美', '超市发', '便利蜂', '好邻居'],
    name: (b, p) => `${b}${p}店暖心驿站`,
    hours: [
      ['24小时', 1],
      ['每天 07:00-23:00', 2],
      ['每天 07:30-22:00', 1],
    ],
    facilities: { water: 1, microwave: 0.9, phone_charging: 0.8, seats: 0.8, toilet: 0.3, wifi: 0.6, first_aid: 0.5, fridge: 0.3 },
  },
  {
    kind: 'union_office',
    weight: 8,
    brands: [''],
    name: (_b, p) => `${p}职工服务中心暖心驿站`,
    hours: [
      ['周一至周五 08:30-17:30', 2],
      ['每天 08:00-20:00', 1],
    ],
    facilities: {
      water: 1,
      microwave: 1,
      phone_charging: 1,
      seats: 1,
      toilet: 0.9,
      wifi: 1,
      first_aid: 1,
      sewing_kit: 1,
      ebike_charging: 0.6,
      massage_chair: 0.4,
      air_conditioning: 1,
      fridge: 0.5,
    },
  },
  {
    kind: 'courier_site',
    weight: 7,
    brands: ['顺丰速运', '京东物流', '中通快递', '圆通速递'],
    name: (b, p) => `${b}${p}营业部暖心驿站`,
    // Sorting runs through the night: hours past midnight.
    hours: [
      ['每天 06:00-22:00', 2],
      ['20:00-08:00', 1],
      ['24小时', 1],
    ],
    facilities: { water: 1, microwave: 0.8, phone_charging: 1, seats: 0.9, toilet: 0.7, ebike_charging: 0.9, tyre_pump: 0.6, first_aid: 0.8, sewing_kit: 0.3 },
  },
  {
    kind: 'community_centre',
    weight: 7,
    brands: [''],
    name: (_b, p) => `${p}社区服务站暖心驿站`,
    hours: [
      ['每天 08:00-20:00', 2],
      ['周一至周六 08:30-18:00', 1],
    ],
    facilities: { water: 1, microwave: 0.8, phone_charging: 0.9, seats: 1, toilet: 0.8, wifi: 0.7, first_aid: 0.9, sewing_kit: 0.6, ebike_charging: 0.4 },
  },
];

/** Stations placed on purpose: the ones in the newspaper reports, and fixtures for tests. */
export const FIXED_STATIONS: (Omit<NewStation, 'orgId' | 'facilityIds' | 'openWeek' | 'is24h'> & { union: string; facilities: StationFacility[] })[] = [
  // 链家无限壹店 on 甘露园南路: a street sweeper heats her lunch in its microwave (工人日报, August).
  {
    code: 'BJ-CY-0001',
    name: '链家无限壹店暖心驿站',
    hostKind: 'estate_agency',
    address: '北京市朝阳区甘露园南路甲1号',
    district: '朝阳区',
    lat: 39.9212,
    lng: 116.4938,
    hours: '每天 08:30-21:00',
    union: 'blz',
    facilities: ['water', 'microwave', 'phone_charging', 'seats', 'air_conditioning', 'first_aid', 'sewing_kit'],
  },
  // The Xinjiekou sorting centre where the street union holds its courier stalls.
  {
    code: 'BJ-XC-0001',
    name: '新街口快递分拣中心暖心驿站',
    hostKind: 'courier_site',
    address: '北京市西城区新街口外大街甲14号',
    district: '西城区',
    lat: 39.9441,
    lng: 116.3703,
    hours: '24小时',
    union: 'xjk',
    facilities: ['water', 'phone_charging', 'toilet', 'ebike_charging', 'seats', 'first_aid'],
  },
  {
    code: 'BJ-XC-0002',
    name: '北京银行新街口支行暖心驿站',
    hostKind: 'bank',
    address: '北京市西城区新街口北大街3号',
    district: '西城区',
    lat: 39.9422,
    lng: 116.3712,
    hours: '周一至周五 09:00-17:00',
    union: 'xjk',
    facilities: ['water', 'phone_charging', 'seats', 'wifi', 'first_aid', 'air_conditioning'],
  },
  {
    code: 'BJ-HD-0001',
    name: '中关村街道职工服务中心暖心驿站',
    hostKind: 'union_office',
    address: '北京市海淀区中关村南路12号',
    district: '海淀区',
    lat: 39.9836,
    lng: 116.3168,
    hours: '20:00-08:00',
    union: 'zgc',
    facilities: ['water', 'microwave', 'phone_charging', 'toilet', 'ebike_charging', 'first_aid', 'wifi', 'seats', 'massage_chair'],
  },
];

/** mulberry32: a small deterministic generator, so the demo city is the same on every machine. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, items: [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1]![0];
}

/** The union that owns a station: the street union for stations near it, the courier federation for courier sites, else the district union, else the city federation. */
export type UnionPicker = (district: string, kind: StationHostKind, lat: number, lng: number) => string;

export function demoStations(unionOf: UnionPicker, resolve: (union: string) => string): NewStation[] {
  const rand = random(20260814);
  const out: NewStation[] = [];
  const usedNames = new Set<string>();
  const toRow = (s: {
    code: string;
    name: string;
    hostKind: StationHostKind;
    address: string;
    district: string;
    lat: number;
    lng: number;
    hours: string;
    facilities: StationFacility[];
    union: string;
  }): NewStation => {
    const hours = parseOpeningHours(s.hours)!;
    return {
      code: s.code,
      name: s.name,
      hostKind: s.hostKind,
      address: s.address,
      district: s.district,
      lat: s.lat,
      lng: s.lng,
      facilityIds: facilityIds(s.facilities),
      hours: formatOpeningHours(hours),
      is24h: hours.allDay,
      openWeek: weekRanges(hours),
      orgId: resolve(s.union),
    };
  };
  for (const f of FIXED_STATIONS) {
    usedNames.add(f.name);
    out.push(toRow({ ...f, district: f.district!, facilities: f.facilities }));
  }
  for (const d of DISTRICTS) {
    for (let i = 0; i < d.count; i++) {
      const host = pick(
        rand,
        HOSTS.map((h) => [h, h.weight] as [Host, number]),
      );
      const brand = host.brands[Math.floor(rand() * host.brands.length)]!;
      const place = d.places[Math.floor(rand() * d.places.length)]!;
      const street = STREETS[place];
      if (!street) throw new Error(`no position for the demo street ${place}`);
      // Roughly normal along the street: within about 600 m of its middle, so the address and the pin agree.
      const lat = Number((street[0] + (rand() + rand() + rand() - 1.5) * STREET_SPREAD).toFixed(6));
      const lng = Number((street[1] + (rand() + rand() + rand() - 1.5) * STREET_SPREAD * 1.3).toFixed(6));
      let name = host.name(brand, place);
      for (let n = 2; usedNames.has(name); n++) name = host.name(brand, `${place}${['', '', '二', '三', '四', '五', '六', '七', '八', '九'][n] ?? n}`);
      usedNames.add(name);
      const facilities = (Object.entries(host.facilities) as [StationFacility, number][]).filter(([, p]) => rand() < p).map(([f]) => f);
      out.push(
        toRow({
          code: `BJ-${d.abbr}-${String(i + 101).padStart(4, '0')}`,
          name,
          hostKind: host.kind,
          address: `北京市${d.name}${place}${1 + Math.floor(rand() * 180)}号`,
          district: d.name,
          lat,
          lng,
          hours: pick(rand, host.hours),
          facilities,
          union: unionOf(d.name, host.kind, lat, lng),
        }),
      );
    }
  }
  return out;
}
