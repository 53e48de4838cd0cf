import Taro from '@tarojs/taro';
import { DEFAULT_LOCATION } from '@union/shared';

export interface Located {
  lat: number;
  lng: number;
  /** False when the phone would not say where it is and the default point is used. */
  precise: boolean;
}

/**
 * Where the member is, in GCJ-02 (weapp gives it directly; H5 browsers give WGS-84, a few hundred metres off in
 * China, which is close enough for "nearest first"). Refused, unavailable or slow: the default Beijing point.
 */
export async function locate(timeoutMs = 6_000): Promise<Located> {
  try {
    const position = await Promise.race([
      Taro.getLocation({ type: 'gcj02' }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs)),
    ]);
    return { lat: position.latitude, lng: position.longitude, precise: true };
  } catch {
    return { lat: DEFAULT_LOCATION.lat, lng: DEFAULT_LOCATION.lng, precise: false };
  }
}

/** 350 米, 1.2 公里, 86 公里 */
export function formatDistance(metres: number): string {
  if (metres < 1000) return `${Math.max(10, Math.round(metres / 10) * 10)} 米`;
  if (metres < 10_000) return `${(metres / 1000).toFixed(1)} 公里`;
  return `${Math.round(metres / 1000)} 公里`;
}
