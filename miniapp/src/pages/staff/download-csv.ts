import Taro from '@tarojs/taro';
import { fetchMe } from '../../api/auth';
import { accessToken } from '../../api/staff-admin';

/**
 * Downloads a CSV export of the API. H5: fetched with the access token (refreshed once through /me when it has expired)
 * and saved as a file; the mini-program cannot save a CSV, so it says to export on a computer (`what` names it there).
 */
export async function downloadCsv(url: string, fallbackName: string, what: string): Promise<void> {
  if (process.env.TARO_ENV !== 'h5') {
    await Taro.showModal({ title: `导出${what}`, content: '请在电脑浏览器打开本页导出（CSV，Excel 可直接打开）。', showCancel: false });
    return;
  }
  const get = () => fetch(url, { headers: { Authorization: `Bearer ${accessToken() ?? ''}` } });
  let res = await get();
  if (res.status === 401) {
    await fetchMe({ quiet: true });
    res = await get();
  }
  if (!res.ok) throw new Error('导出失败，请稍后重试');
  const blob = await res.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
