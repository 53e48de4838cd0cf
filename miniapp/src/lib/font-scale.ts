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

const OFFERED_KEY = 'union.careOffered';

/** H5: the tab bar and the title bar live outside the pages; a class on <html> scales them too. */
export function applyCareClass(): void {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return;
  document.documentElement.classList.toggle('care-mode', isCareMode());
}

export function setCareMode(on: boolean): void {
  Taro.setStorageSync(CARE_KEY, on);
  Taro.setStorageSync(OFFERED_KEY, true);
  applyCareClass();
  listeners.forEach((listener) => listener());
}

/** The first launch offers 大字模式 once; answering either way (or using the switch) ends the offer. */
export function careOfferPending(): boolean {
  try {
    return !isCareMode() && Taro.getStorageSync(OFFERED_KEY) !== true;
  } catch {
    return false;
  }
}

export function dismissCareOffer(): void {
  try {
    Taro.setStorageSync(OFFERED_KEY, true);
  } catch {
    // Storage unavailable: the offer shows again next time, which is harmless.
  }
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
