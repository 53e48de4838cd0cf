import Taro from '@tarojs/taro';

import { ScanUnavailable } from './scan-errors';

export { ScanUnavailable };

/** weapp: the system scanner, camera only (a QR picked from the album could be anyone's screenshot). Null when cancelled. */
export async function scanWithWeappCamera(): Promise<string | null> {
  try {
    const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
    return res.result ?? null;
  } catch (error) {
    const message = (error as { errMsg?: string }).errMsg ?? '';
    if (/cancel/i.test(message)) return null;
    if (/auth|permission|deny/i.test(message)) throw new ScanUnavailable('未获得相机权限：请在右上角“…”→“设置”中允许使用摄像头，或输入码');
    throw new ScanUnavailable('无法打开扫码，请稍后重试或输入码');
  }
}

/** The H5 camera scanner, loaded only when someone opens the camera (not in the first bundle). */
export function startH5Camera(container: HTMLElement, onCode: (text: string) => void): Promise<() => void> {
  // A plain function with the import inside the constant branch (no async: babel would move it into a state
  // machine webpack cannot prune), so the weapp build never includes the camera code or the decoder.
  if (process.env.TARO_ENV === 'h5') {
    return import(/* webpackChunkName: "h5-camera" */ './h5-camera').then(({ startCamera }) => startCamera(container, onCode));
  }
  return Promise.reject(new ScanUnavailable('当前环境无法使用摄像头，请输入码'));
}
