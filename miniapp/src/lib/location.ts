import Taro from '@tarojs/taro';
import { DEFAULT_LOCATION } from '@union/shared';
import { wgs84ToGcj02 } from './geo';

export interface Located {
  lat: number;
  lng: number;
  /** False when the phone would not say where it is and the default point is used. */
  precise: boolean;
}

const IS_WEAPP = process.env.TARO_ENV === 'weapp';

/**
 * Where the member is, in GCJ-02, the system stations and merchants are stored in: the one helper every page uses.
 * WeChat answers GCJ-02 itself; a browser's geolocation only gives WGS-84 (H5 cannot ask for gcj02), a few hundred
 * metres off in China, so H5 asks for wgs84 and converts. Refused, unavailable or slow: the default Beijing point,
 * precise false, for the page to say so.
 */
export async function locate(timeoutMs = 6_000): Promise<Located> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const position = await Promise.race([
      Taro.getLocation({ type: IS_WEAPP ? 'gcj02' : 'wgs84' }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    const p = { lat: position.latitude, lng: position.longitude };
    return { ...(IS_WEAPP ? p : wgs84ToGcj02(p)), precise: true };
  } catch {
    return { lat: DEFAULT_LOCATION.lat, lng: DEFAULT_LOCATION.lng, precise: false };
  } finally {
    clearTimeout(timer);
  }
}
