import Taro from '@tarojs/taro';
import { fetchMe } from '../api/auth';
import { getSession } from '../api/session';

/** A file the person picked, read whole: its name, its size and its bytes as base64 (what the import routes take). */
export interface PickedFile {
  name: string;
  size: number;
  base64: string;
}

/** Bytes read as base64 without the `data:…;base64,` head a FileReader puts in front. */
function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error('无法读取该文件，请重新选择'));
    reader.readAsDataURL(file);
  });
}

/**
 * Lets the person pick one file with one of these extensions (`['xlsx', 'csv']`), larger than `maxBytes` refused in
 * words. H5: the browser's file chooser; weapp: a file from a WeChat chat (`chooseMessageFile`), which is where an
 * office's Excel file is on a phone. Null when they cancel.
 */
export async function pickFile(extensions: string[], maxBytes: number): Promise<PickedFile | null> {
  const tooBig = () => new Error(`文件太大，最多 ${Math.round(maxBytes / 1024 / 1024)} MB`);
  if (process.env.TARO_ENV === 'h5') {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = extensions.map((e) => `.${e}`).join(',');
    input.style.display = 'none';
    document.body.appendChild(input);
    try {
      const file = await new Promise<File | null>((resolve) => {
        input.addEventListener('change', () => resolve(input.files?.[0] ?? null), { once: true });
        input.addEventListener('cancel', () => resolve(null), { once: true });
        input.click();
      });
      if (!file) return null;
      if (file.size > maxBytes) throw tooBig();
      return { name: file.name, size: file.size, base64: await readAsBase64(file) };
    } finally {
      input.remove();
    }
  }
  let chosen: Taro.chooseMessageFile.SuccessCallbackResult;
  try {
    chosen = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: extensions });
  } catch {
    return null; // cancelled
  }
  const file = chosen.tempFiles[0];
  if (!file) return null;
  if (file.size > maxBytes) throw tooBig();
  const data = Taro.getFileSystemManager().readFileSync(file.path, 'base64') as string;
  return { name: file.name, size: file.size, base64: data };
}

/**
 * Downloads a file from a signed-in route and saves it under the name the server gives (else `fallbackName`). H5:
 * fetched with the access token (refreshed once through /me when it has expired); the mini-program downloads it and
 * opens it in WeChat's document viewer, from where it can be sent to a chat or a computer. That viewer opens no CSV:
 * for a CSV export the mini-program says to export on a computer.
 */
export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  const token = () => getSession()?.accessToken ?? '';
  if (process.env.TARO_ENV !== 'h5' && fallbackName.endsWith('.csv')) {
    await Taro.showModal({ title: '请在电脑上导出', content: '请在电脑浏览器打开本页导出（CSV，Excel 可直接打开）。', showCancel: false });
    return;
  }
  if (process.env.TARO_ENV !== 'h5') {
    const res = await Taro.downloadFile({ url, header: { Authorization: `Bearer ${token()}` } });
    if (res.statusCode !== 200) throw new Error('下载失败，请稍后重试');
    await Taro.openDocument({ filePath: res.tempFilePath, showMenu: true });
    return;
  }
  const get = () => fetch(url, { headers: { Authorization: `Bearer ${token()}` } });
  let res = await get();
  if (res.status === 401) {
    await fetchMe({ quiet: true });
    res = await get();
  }
  if (!res.ok) throw new Error('下载失败，请稍后重试');
  const blob = await res.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
