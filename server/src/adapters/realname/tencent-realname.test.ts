import { startFakeServer, type RecordedRequest } from '../../../test/fake-server';
import { signTc3 } from '../tencent-cloud';
import { createRealNameProvider } from './realname';
import { createTencentRealName } from './tencent-realname';

const config = { secretId: 'AKIDtest', secretKey: 'secret-key', region: 'ap-beijing' };
const input = { name: '张三', idNumber: '11010519491231002X', phone: '13800001234' };

/** What the real service checks before it answers: the TC3 signature, the headers, the body. */
function checkRequest(req: RecordedRequest): string | null {
  const host = String(req.headers.host);
  const timestamp = Number(req.headers['x-tc-timestamp']);
  const expected = signTc3({ secretId: config.secretId, secretKey: config.secretKey, host, payload: req.body, timestamp, service: 'faceid' });
  if (req.headers.authorization !== expected) return 'AuthFailure.SignatureFailure';
  if (Math.abs(Date.now() / 1000 - timestamp) > 300) return 'AuthFailure.SignatureExpire';
  if (req.method !== 'POST' || req.url !== '/') return 'InvalidAction';
  if (req.headers['x-tc-action'] !== 'PhoneVerification' || req.headers['x-tc-version'] !== '2018-03-01') return 'InvalidAction';
  if (req.headers['x-tc-region'] !== 'ap-beijing') return 'InvalidParameter.Region';
  if (req.headers['content-type'] !== 'application/json; charset=utf-8') return 'InvalidParameter.ContentType';
  return null;
}

function answerFor(result: string, description: string) {
  return (req: RecordedRequest) => {
    const problem = checkRequest(req);
    if (problem) return { body: { Response: { Error: { Code: problem, Message: problem }, RequestId: 'r0' } } };
    return { body: { Response: { Result: result, Description: description, Isp: '移动', RequestId: 'r1' } } };
  };
}

describe('Tencent Cloud FaceID PhoneVerification (against a local fake)', () => {
  it('signs the request with TC3 for faceid, sends IdCard/Name/Phone, and maps Result 0 to passed', async () => {
    const fake = await startFakeServer(answerFor('0', '认证通过'));
    try {
      const provider = createTencentRealName({ ...config, endpoint: fake.url });
      expect(provider.name).toBe('tencent');
      await expect(provider.verify(input)).resolves.toEqual({ outcome: 'passed' });
      const req = fake.requests[0]!;
      expect(JSON.parse(req.body)).toEqual({ IdCard: '11010519491231002X', Name: '张三', Phone: '13800001234' });
      expect(req.headers.authorization).toMatch(
        /^TC3-HMAC-SHA256 Credential=AKIDtest\/\d{4}-\d{2}-\d{2}\/faceid\/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$/,
      );
    } finally {
      await fake.close();
    }
  });

  it('maps a mismatch (-4) and an invalid ID number (-7) to failed with the description', async () => {
    let answer = answerFor('-4', '三要素信息不一致');
    const fake = await startFakeServer((req) => answer(req));
    try {
      const provider = createTencentRealName({ ...config, endpoint: fake.url });
      await expect(provider.verify(input)).resolves.toEqual({ outcome: 'failed', reason: '三要素信息不一致' });
      answer = answerFor('-7', '身份证号码有误');
      await expect(provider.verify(input)).resolves.toEqual({ outcome: 'failed', reason: '身份证号码有误' });
      answer = answerFor('-9', '');
      await expect(provider.verify(input)).resolves.toEqual({ outcome: 'failed', reason: 'no record' });
    } finally {
      await fake.close();
    }
  });

  it('treats busy results and unknown codes as unavailable', async () => {
    let answer = answerFor('-11', '验证中心服务繁忙');
    const fake = await startFakeServer((req) => answer(req));
    try {
      const provider = createTencentRealName({ ...config, endpoint: fake.url });
      await expect(provider.verify(input)).resolves.toEqual({ outcome: 'unavailable', reason: expect.stringContaining('Result -11') });
      answer = answerFor('-2', '');
      await expect(provider.verify(input)).resolves.toMatchObject({ outcome: 'unavailable' });
      answer = answerFor('-42', 'something new');
      await expect(provider.verify(input)).resolves.toMatchObject({ outcome: 'unavailable' });
    } finally {
      await fake.close();
    }
  });

  it('treats an Error body as unavailable, without echoing the ID number or phone', async () => {
    const fake = await startFakeServer(() => ({
      body: {
        Response: { Error: { Code: 'FailedOperation.UnKnown', Message: `unknown error for IdCard=${input.idNumber} Phone=${input.phone}` }, RequestId: 'r2' },
      },
    }));
    try {
      const provider = createTencentRealName({ ...config, endpoint: fake.url });
      const result = await provider.verify(input);
      expect(result).toMatchObject({ outcome: 'unavailable', reason: expect.stringContaining('FailedOperation.UnKnown') });
      const reason = (result as { reason: string }).reason;
      expect(reason).not.toContain(input.idNumber);
      expect(reason).not.toContain(input.phone);
      expect(reason).not.toContain('1101051949');
    } finally {
      await fake.close();
    }
  });

  it('rejects a wrong signature on the fake side and reports it as unavailable', async () => {
    const fake = await startFakeServer(answerFor('0', '认证通过'));
    try {
      const provider = createTencentRealName({ ...config, secretKey: 'wrong-key', endpoint: fake.url });
      await expect(provider.verify(input)).resolves.toEqual({ outcome: 'unavailable', reason: expect.stringContaining('AuthFailure.SignatureFailure') });
    } finally {
      await fake.close();
    }
  });

  it('treats HTTP 500 and an answer of the wrong shape as unavailable', async () => {
    let answer: { status: number; body: unknown } = { status: 500, body: { message: 'internal' } };
    const fake = await startFakeServer(() => answer);
    try {
      const provider = createTencentRealName({ ...config, endpoint: fake.url });
      await expect(provider.verify(input)).resolves.toEqual({ outcome: 'unavailable', reason: 'tencent-faceid: HTTP 500' });
      answer = { status: 200, body: 'not an API answer' };
      await expect(provider.verify(input)).resolves.toEqual({ outcome: 'unavailable', reason: 'tencent-faceid: response without Response' });
    } finally {
      await fake.close();
    }
  });

  it('gives up after the timeout and reports unavailable', async () => {
    const delayMs = 400;
    const fake = await startFakeServer((req) => ({ ...answerFor('0', '认证通过')(req), delayMs }));
    try {
      const provider = createTencentRealName({ ...config, endpoint: fake.url }, { timeoutMs: 50 });
      const started = Date.now();
      await expect(provider.verify(input)).resolves.toEqual({ outcome: 'unavailable', reason: 'tencent-faceid: timed out after 50 ms' });
      expect(Date.now() - started).toBeLessThan(delayMs - 50);
    } finally {
      await fake.close();
      // Let the fake's delayed answer fire (into the closed socket), so no timer outlives the test.
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  });

  it('reports a refused connection as unavailable', async () => {
    const fake = await startFakeServer(answerFor('0', ''));
    await fake.close();
    const provider = createTencentRealName({ ...config, endpoint: fake.url });
    await expect(provider.verify(input)).resolves.toMatchObject({ outcome: 'unavailable' });
  });

  it('is chosen by createRealNameProvider when provider is tencent', () => {
    const tencent = { endpoint: 'https://faceid.tencentcloudapi.com', ...config };
    expect(createRealNameProvider({ provider: 'tencent', rejectIds: [], tencent }).name).toBe('tencent');
    expect(createRealNameProvider({ provider: 'dev', rejectIds: [], tencent }).name).toBe('dev');
  });
});
