import { startFakeServer } from '../../../test/fake-server';
import { createDevOcr, createTencentOcr, DEV_OCR_IDENTITY } from './ocr.adapter';

const config = (endpoint: string) => ({ endpoint, secretId: 'AKIDtest', secretKey: 'secret', region: 'ap-beijing' });
const jpeg = (extra = '') => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(extra.padEnd(200, ' '))]);

describe('Tencent Cloud IDCardOCR client (against a local fake)', () => {
  it('sends a signed IDCardOCR request for the front side with the image as base64, and returns name and ID', async () => {
    const fake = await startFakeServer(() => ({ body: { Response: { Name: '张三', IdNum: '11010219900307801x', Sex: '男', RequestId: 'r1' } } }));
    try {
      const image = jpeg('card');
      await expect(createTencentOcr(config(fake.url), { now: () => 1_700_000_000_000 }).readIdCardFront(image)).resolves.toEqual({
        name: '张三',
        idNumber: '11010219900307801X',
      });
      const req = fake.requests[0]!;
      expect(req.method).toBe('POST');
      expect(req.headers['x-tc-action']).toBe('IDCardOCR');
      expect(req.headers['x-tc-version']).toBe('2018-11-19');
      expect(req.headers['x-tc-region']).toBe('ap-beijing');
      expect(req.headers['x-tc-timestamp']).toBe('1700000000');
      expect(req.headers.authorization).toMatch(
        /^TC3-HMAC-SHA256 Credential=AKIDtest\/2023-11-14\/ocr\/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$/,
      );
      expect(JSON.parse(req.body)).toEqual({ ImageBase64: image.toString('base64'), CardSide: 'FRONT' });
    } finally {
      await fake.close();
    }
  });

  it('reads "no card on the picture" as unreadable, other errors as failures that never carry the image', async () => {
    let answer: { status?: number; body: unknown } = { body: { Response: { Error: { Code: 'FailedOperation.ImageNoIdCard', Message: 'no card' } } } };
    const fake = await startFakeServer(() => answer);
    try {
      const client = createTencentOcr(config(fake.url));
      const image = jpeg('IMAGE-SECRET');
      await expect(client.readIdCardFront(image)).resolves.toBeNull();
      answer = { body: { Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'bad signature' } } } };
      const error = await client.readIdCardFront(image).catch((e: Error) => e);
      expect(error).toMatchObject({ providerCode: 'AuthFailure.SignatureFailure' });
      expect(String((error as Error).message)).not.toContain(image.toString('base64').slice(0, 20));
      answer = { status: 500, body: {} };
      await expect(client.readIdCardFront(image)).rejects.toThrow(/HTTP 500/);
      answer = { body: { Response: { Name: '', IdNum: '' } } };
      await expect(client.readIdCardFront(image)).resolves.toBeNull();
    } finally {
      await fake.close();
    }
  });
});

describe('dev ID card reader', () => {
  it('reads any JPEG as the demo applicant, a marked test image as its marker, and noise as nothing', async () => {
    const dev = createDevOcr();
    await expect(dev.readIdCardFront(jpeg())).resolves.toEqual(DEV_OCR_IDENTITY);
    await expect(dev.readIdCardFront(jpeg('UNION-OCR:王芳|110102199003078016'))).resolves.toEqual({ name: '王芳', idNumber: '110102199003078016' });
    await expect(dev.readIdCardFront(Buffer.alloc(300, 0x20))).resolves.toBeNull();
  });
});

describe('dev ID card reader on real JPEG frames', () => {
  it('gives photos of different widths different valid ID numbers, the same width the same one', async () => {
    const frame = (w: number, h: number) =>
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, h >> 8, h & 255, w >> 8, w & 255, ...Array(200).fill(0)]);
    const dev = createDevOcr();
    const a = await dev.readIdCardFront(frame(1280, 800));
    const b = await dev.readIdCardFront(frame(1000, 625));
    expect(a).toEqual({ name: '李长财', idNumber: expect.stringMatching(/^11010219900312280[\dX]$/) });
    expect(b!.idNumber).toMatch(/^11010219900320000[\dX]$/);
    expect(await dev.readIdCardFront(frame(1280, 700))).toEqual(a);
  });
});
