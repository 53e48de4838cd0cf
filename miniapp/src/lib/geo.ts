/**
 * Coordinates: stations are stored in GCJ-02, what WeChat (getLocation type 'gcj02'), 高德 and 腾讯
 * maps use. A browser's geolocation answers in WGS-84, about 300-600 m off in Beijing, so H5 converts.
 */
export interface LatLng {
  lat: number;
  lng: number;
}

const A = 6378245.0;
const EE = 0.006693421622965943;

function outsideChina({ lat, lng }: LatLng): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let ret = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  ret += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  ret += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  ret += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return ret;
}

function transformLng(x: number, y: number): number {
  let ret = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  ret += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  ret += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  ret += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return ret;
}

/** WGS-84 (GPS, browsers) to GCJ-02 (Chinese maps); unchanged outside China. */
export function wgs84ToGcj02(p: LatLng): LatLng {
  if (outsideChina(p)) return p;
  let dLat = transformLat(p.lng - 105, p.lat - 35);
  let dLng = transformLng(p.lng - 105, p.lat - 35);
  const radLat = (p.lat / 180) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: p.lat + dLat, lng: p.lng + dLng };
}

/** "120 米", "1.3 公里". */
export function formatDistance(metres: number | null): string {
  if (metres === null) return '';
  if (metres < 1000) return `${Math.max(1, Math.round(metres / 10) * 10)} 米`;
  return `${(metres / 1000).toFixed(metres < 10_000 ? 1 : 0)} 公里`;
}

/** Where to start when the phone will not say where it is: each district's centre (GCJ-02). */
export const BEIJING_DISTRICTS: { name: string; lat: number; lng: number }[] = [
  { name: '东城区', lat: 39.9285, lng: 116.4163 },
  { name: '西城区', lat: 39.9124, lng: 116.366 },
  { name: '朝阳区', lat: 39.9219, lng: 116.4436 },
  { name: '海淀区', lat: 39.9599, lng: 116.2982 },
  { name: '丰台区', lat: 39.8585, lng: 116.287 },
  { name: '石景山区', lat: 39.906, lng: 116.195 },
  { name: '通州区', lat: 39.902, lng: 116.657 },
  { name: '大兴区', lat: 39.747, lng: 116.341 },
  { name: '昌平区', lat: 40.14, lng: 116.29 },
  { name: '顺义区', lat: 40.13, lng: 116.654 },
  { name: '房山区', lat: 39.735, lng: 116.139 },
  { name: '门头沟区', lat: 39.94, lng: 116.102 },
  { name: '怀柔区', lat: 40.316, lng: 116.631 },
  { name: '平谷区', lat: 40.144, lng: 117.121 },
  { name: '密云区', lat: 40.376, lng: 116.843 },
  { name: '延庆区', lat: 40.465, lng: 115.985 },
];
/** Tiananmen, GCJ-02: the default centre. */
export const BEIJING_CENTRE = { name: '天安门', lat: 39.9087, lng: 116.3975 };

/** GCJ-02 back to WGS-84 (for WGS-84 map tiles such as Tianditu): the inverse by fixed-point steps, within centimetres in China. */
export function gcj02ToWgs84(p: LatLng): LatLng {
  if (outsideChina(p)) return p;
  let w = p;
  for (let i = 0; i < 3; i++) {
    const shifted = wgs84ToGcj02(w);
    w = { lat: w.lat + p.lat - shifted.lat, lng: w.lng + p.lng - shifted.lng };
  }
  return w;
}
