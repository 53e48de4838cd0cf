import Taro from '@tarojs/taro';

/**
 * Opens an https link (a PDF, a live broadcast): in a new browser tab on H5; copied on weapp, where a page may only
 * open its own registered domains, with a toast saying where to paste it.
 */
export function openExternalLink(url: string, what = '链接') {
  if (process.env.TARO_ENV === 'h5') {
    window.open(url, '_blank', 'noopener');
    return;
  }
  void Taro.setClipboardData({ data: url }).then(
    () => Taro.showToast({ title: `${what}已复制，请在浏览器中打开`, icon: 'none', duration: 2500 }),
    () => undefined,
  );
}
