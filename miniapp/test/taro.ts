/**
 * Just enough of @tarojs/taro for unit tests of the mini-program's plain modules (jest maps the
 * package here): storage in a Map, and `request` as a mock each test scripts.
 */
import { jest } from '@jest/globals';

// Inlined at build time in the app (config/index.ts); the API client reads it when it loads.
process.env.TARO_APP_API_BASE ??= '/api/v1';

export interface MockRequest {
  url: string;
  method?: string;
  header?: Record<string, string>;
  data?: unknown;
}

const storage = new Map<string, unknown>();

export const request = jest.fn<(options: MockRequest) => Promise<{ statusCode: number; data: unknown }>>();

const Taro = {
  request,
  getStorageSync: (key: string): unknown => (storage.has(key) ? structuredClone(storage.get(key)) : ''),
  setStorageSync: (key: string, value: unknown) => {
    storage.set(key, structuredClone(value));
  },
  removeStorageSync: (key: string) => {
    storage.delete(key);
  },
  getStorageInfoSync: () => ({ keys: [...storage.keys()] }),
  /** Test helper: forget everything stored. */
  clearStorage: () => storage.clear(),
};

export default Taro;
export const useDidShow = () => undefined;
export const useDidHide = () => undefined;
