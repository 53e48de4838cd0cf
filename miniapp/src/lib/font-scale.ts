import Taro from '@tarojs/taro';

/** 关怀模式: about 23.8 px body text on a 375-px screen, against 17 px standard. */
export const CARE_SCALE = 1.4;
const CARE_KEY = 'union.careMode';

let systemScale: number | undefined;
const listeners = new Set<() => void>();

/** The user's WeChat font size setting; 1 on H5 and on base libraries without the field. */
export function getSystemFontScale(): number {
  if (systemScale !== undefined) return systemScale;
  systemScale = 1;
  try {
    const getAppBaseInfo = (Taro as { getAppBaseInfo?: () => unknown }).getAppBaseInfo;
    if (process.env.TARO_ENV !== 'h5' && typeof getAppBaseInfo === 'function') {
      const factor = (getAppBaseInfo() as { fontSizeScaleFactor?: unknown } | undefined)?.fontSizeScaleFactor;
      if (typeof factor === 'number' && Number.isFinite(factor) && factor >= 0.8 && factor <= 3) {
        systemScale = factor;
      }
    }
  } catch {
    // Older base library: keep the standard size.
  }
  return systemScale;
}

export function isCareMode(): boolean {
  try {
    return Taro.getStorageSync(CARE_KEY) === true;
  } catch {
    return false;
  }
}

export function setCareMode(on: boolean): void {
  Taro.setStorageSync(CARE_KEY, on);
  listeners.forEach((listener) => listener());
}

export function getFontScale(): number {
  const system = getSystemFontScale();
  return isCareMode() ? Math.max(system, CARE_SCALE) : system;
}

export function subscribeFontScale(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
