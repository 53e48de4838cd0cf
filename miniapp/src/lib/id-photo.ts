import Taro from '@tarojs/taro';

/** Longest side of the photo sent for reading: enough for OCR, a few hundred KB as JPEG. */
export const ID_PHOTO_MAX_SIDE = 1280;

/** The size a picture w×h is drawn at so that neither side exceeds `max`. */
export function fitWithin(w: number, h: number, max = ID_PHOTO_MAX_SIDE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

/** H5: a picked or photographed file, downscaled on a canvas to ≤1280 px and re-encoded as JPEG; base64 without the data: prefix. */
export async function fileToJpegBase64(file: Blob): Promise<string> {
  const url = URL.createObjectURL(file);
  try {
    const img = await new Promise<HTMLImageElement>((resolve, reject) => {
      const el = new Image();
      el.onload = () => resolve(el);
      el.onerror = () => reject(new Error('image decode failed'));
      el.src = url;
    });
    const { width, height } = fitWithin(img.naturalWidth, img.naturalHeight);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d')!.drawImage(img, 0, 0, width, height);
    return canvas.toDataURL('image/jpeg', 0.85).replace(/^data:image\/jpeg;base64,/, '');
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** weapp: the rear camera (or the album), compressed to ≤1280 px, read as base64. Null: the person cancelled. */
export async function takeIdPhotoWeapp(): Promise<string | null> {
  let path: string;
  try {
    const res = await Taro.chooseMedia({ count: 1, mediaType: ['image'], sourceType: ['camera', 'album'], camera: 'back', sizeType: ['compressed'] });
    path = res.tempFiles[0]!.tempFilePath;
  } catch {
    return null;
  }
  const info = await Taro.getImageInfo({ src: path });
  const { width } = fitWithin(info.width, info.height);
  const compressed = await Taro.compressImage({
    src: path,
    quality: 85,
    compressedWidth: info.width >= info.height ? width : undefined,
    compressedHeight: info.height > info.width ? fitWithin(info.width, info.height).height : undefined,
  });
  const data = Taro.getFileSystemManager().readFileSync(compressed.tempFilePath, 'base64');
  return typeof data === 'string' ? data : null;
}
