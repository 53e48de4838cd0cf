import { createHash } from 'node:crypto';
import { AdapterError } from '../http';
import { callTencentCloud } from '../tencent-cloud';

/** What the front of an ID card says, as read. The applicant confirms it; nothing here is trusted. */
export interface IdCardReading {
  name: string;
  idNumber: string;
}

export interface OcrProvider {
  readonly name: string;
  /**
   * Reads the portrait side of a mainland ID card. The image is used for this call only: never
   * stored, never logged, never put in an error. `null`: no card could be read on the picture.
   */
  readIdCardFront(image: Buffer): Promise<IdCardReading | null>;
}

/** How ID cards are read (OCR_* settings). */
export interface OcrConfig {
  provider: 'dev' | 'tencent';
  tencent: { endpoint: string; secretId: string; secretKey: string; region: string };
}

/** The demo applicant of the dev reader (a valid, fictitious ID number). */
export const DEV_OCR_IDENTITY: IdCardReading = { name: '李长财', idNumber: '11010219900307801X' };

const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47];
const isImage = (b: Buffer) => [JPEG, PNG].some((sig) => sig.every((byte, i) => b[i] === byte));

/** Width and height from a JPEG's start-of-frame segment, if there is one. */
export function jpegSize(b: Buffer): { width: number; height: number } | undefined {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1]!;
    const length = b.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  return undefined;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const withCheckChar = (first17: string) => first17 + '10X98765432'[[...first17].reduce((s, d, i) => s + Number(d) * ID_WEIGHTS[i]!, 0) % 11]!;

/**
 * Offline stand-in: a JPEG or PNG reads as the demo applicant 李长财. A JPEG with a frame size
 * gets a sequence number from its width (so photos of different sizes are different people, as
 * browser tests need: the client re-encodes every photo, which keeps only its size); an image whose
 * bytes carry the marker `UNION-OCR:<name>|<id>` reads as that. Anything else is unreadable.
 */
export function createDevOcr(): OcrProvider {
  return {
    name: 'dev',
    async readIdCardFront(image) {
      const marker = /UNION-OCR:([^|\n]{1,20})\|([\dXx]{18})/.exec(image.toString('latin1'));
      if (marker) return { name: Buffer.from(marker[1]!, 'latin1').toString('utf8'), idNumber: marker[2]!.toUpperCase() };
      if (!isImage(image) || image.length < 100) return null;
      const size = image[0] === 0xff ? jpegSize(image) : undefined;
      if (!size) return DEV_OCR_IDENTITY;
      return { name: DEV_OCR_IDENTITY.name, idNumber: withCheckChar(`110102199003${10 + (size.width % 18)}${String(size.width % 1000).padStart(3, '0')}`) };
    },
  };
}

interface IdCardOcrResponse {
  Response?: {
    Error?: { Code?: string; Message?: string };
    Name?: string;
    IdNum?: string;
    RequestId?: string;
  };
}

/** Tencent Cloud error codes meaning "this picture holds no readable ID card front". */
const UNREADABLE = new Set([
  'FailedOperation.OcrFailed',
  'FailedOperation.ImageNoIdCard',
  'FailedOperation.ImageBlur',
  'FailedOperation.ImageSizeTooLarge',
  'FailedOperation.ImageDecodeFailed',
  'FailedOperation.IdCardInfoIllegal',
  'FailedOperation.CardSideError',
  'InvalidParameterValue.InvalidParameterValueLimit',
]);

/**
 * Tencent Cloud OCR `IDCardOCR` (version 2018-11-19), CardSide FRONT, image as base64, through the
 * TC3 client. Errors name the provider's code only; the image and what was read never go into one.
 */
export function createTencentOcr(config: OcrConfig['tencent'], options: { timeoutMs?: number; now?: () => number } = {}): OcrProvider {
  return {
    name: 'tencent',
    async readIdCardFront(image) {
      let response: Response;
      try {
        response = await callTencentCloud({
          ...config,
          service: 'ocr',
          action: 'IDCardOCR',
          version: '2018-11-19',
          payload: { ImageBase64: image.toString('base64'), CardSide: 'FRONT' },
          timeoutMs: options.timeoutMs ?? 8_000,
          now: options.now,
        });
      } catch (error) {
        const e = error as Error;
        throw new AdapterError('tencent-ocr', e.name === 'TimeoutError' || e.name === 'AbortError' ? 'timed out' : 'request failed');
      }
      if (!response.ok) throw new AdapterError('tencent-ocr', `HTTP ${response.status}`);
      const body = ((await response.json()) as IdCardOcrResponse).Response;
      const code = body?.Error?.Code;
      if (code && UNREADABLE.has(code)) return null;
      if (code) throw new AdapterError('tencent-ocr', 'error response', code);
      if (!body?.Name || !body.IdNum) return null;
      return { name: body.Name, idNumber: body.IdNum.toUpperCase() };
    },
  };
}

export function createOcrProvider(config: OcrConfig): OcrProvider {
  return config.provider === 'tencent' ? createTencentOcr(config.tencent) : createDevOcr();
}

/** A short fingerprint of an image, for correlating log lines without keeping the picture. */
export const imageFingerprint = (image: Buffer) => createHash('sha256').update(image).digest('hex').slice(0, 12);
