import { ScanUnavailable } from './scan-errors';

/** What Chrome on Android offers natively; jsQR does the work elsewhere. */
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
type DetectorCtor = new (options: { formats: string[] }) => BarcodeDetectorLike;

const FRAME_INTERVAL_MS = 150;

/**
 * H5 camera scan: the rear camera in a <video> inside `container`, a frame every 150 ms to the browser's own
 * BarcodeDetector when it has one, else to jsQR (loaded here, so it is not in the first bundle). Calls `onCode`
 * once with the first QR text seen, then stops. Returns a stop function.
 */
export async function startCamera(container: HTMLElement, onCode: (text: string) => void): Promise<() => void> {
  if (!navigator.mediaDevices?.getUserMedia) throw new ScanUnavailable('当前浏览器无法使用摄像头（需要 https），请输入码');
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'NotAllowedError' || name === 'SecurityError') throw new ScanUnavailable('未获得摄像头权限：请在浏览器设置中允许使用摄像头，或输入码');
    throw new ScanUnavailable('没有找到可用的摄像头，请输入码');
  }

  const video = document.createElement('video');
  video.setAttribute('playsinline', 'true');
  video.muted = true;
  video.srcObject = stream;
  video.className = 'scan-camera__video';
  container.appendChild(video);
  await video.play().catch(() => undefined);

  const Detector = (window as unknown as { BarcodeDetector?: DetectorCtor }).BarcodeDetector;
  let detector: BarcodeDetectorLike | null = null;
  let jsQR: ((data: Uint8ClampedArray, width: number, height: number, options?: { inversionAttempts?: 'dontInvert' }) => { data: string } | null) | null = null;
  if (Detector) {
    try {
      detector = new Detector({ formats: ['qr_code'] });
    } catch {
      detector = null;
    }
  }
  if (!detector) jsQR = (await import(/* webpackChunkName: "jsqr" */ 'jsqr')).default;

  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (timer) clearTimeout(timer);
    stream.getTracks().forEach((track) => track.stop());
    video.remove();
  };

  const tick = async () => {
    if (stopped) return;
    try {
      if (video.readyState >= 2 && video.videoWidth > 0) {
        let text: string | null = null;
        if (detector) {
          const found = await detector.detect(video);
          text = found[0]?.rawValue ?? null;
        } else if (jsQR && context) {
          // A 480-px-wide frame is plenty for a QR held at arm's length, and keeps a cheap phone cool.
          const scale = Math.min(1, 480 / video.videoWidth);
          canvas.width = Math.round(video.videoWidth * scale);
          canvas.height = Math.round(video.videoHeight * scale);
          context.drawImage(video, 0, 0, canvas.width, canvas.height);
          const image = context.getImageData(0, 0, canvas.width, canvas.height);
          text = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
        }
        if (text && !stopped) {
          stop();
          onCode(text);
          return;
        }
      }
    } catch {
      // A frame that cannot be read is skipped; the next one is tried.
    }
    timer = setTimeout(() => void tick(), FRAME_INTERVAL_MS);
  };
  void tick();
  return stop;
}
