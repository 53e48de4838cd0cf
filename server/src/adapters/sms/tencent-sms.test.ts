import { startFakeServer } from '../../../test/fake-server';
import { signTc3 } from '../tencent-cloud';
import { createTencentSms } from './tencent-sms';

const config = { secretId: 'AKIDtest', secretKey: 'secret-key', sdkAppId: '1400000001', signName: '北京市总工会', templateId: '100001', region: 'ap-beijing' };

describe('Tencent Cloud SMS client (against a local fake of SendSms)', () => {
  it('signs the request with TC3-HMAC-SHA256 and sends the code and minutes as template params', async () => {
    const fake = await startFakeServer((req) => {
      // The fake recomputes the signature from what it received, as the real service does.
      const host = String(req.headers.host);
      const timestamp = Number(req.headers['x-tc-timestamp']);
      const expected = signTc3({ secretId: config.secretId, secretKey: config.secretKey, host, payload: req.body, timestamp, service: 'sms' });
      if (req.headers.authorization !== expected) return { body: { Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'bad signature' } } } };
      return { body: { Response: { SendStatusSet: [{ Code: 'Ok', Message: 'send success', PhoneNumber: '+8613800000000' }], RequestId: 'r1' } } };
    });
    try {
      const client = createTencentSms({ ...config, endpoint: fake.url });
      await expect(client.sendLoginCode('13800000000', '123456', 5)).resolves.toEqual({});
      const req = fake.requests[0]!;
      expect(req.headers['x-tc-action']).toBe('SendSms');
      expect(req.headers['x-tc-version']).toBe('2021-01-11');
      expect(JSON.parse(req.body)).toEqual({
        PhoneNumberSet: ['+8613800000000'],
        SmsSdkAppId: '1400000001',
        SignName: '北京市总工会',
        TemplateId: '100001',
        TemplateParamSet: ['123456', '5'],
      });
    } finally {
      await fake.close();
    }
  });

  it('turns a provider error or a failed send status into an error', async () => {
    let answer: unknown = { Response: { Error: { Code: 'LimitExceeded.PhoneNumberDailyLimit', Message: 'daily limit' } } };
    const fake = await startFakeServer(() => ({ body: answer }));
    try {
      const client = createTencentSms({ ...config, endpoint: fake.url });
      await expect(client.sendLoginCode('13800000000', '123456', 5)).rejects.toMatchObject({ providerCode: 'LimitExceeded.PhoneNumberDailyLimit' });
      answer = { Response: { SendStatusSet: [{ Code: 'InvalidParameterValue.IncorrectPhoneNumber', Message: 'bad phone', PhoneNumber: 'x' }] } };
      await expect(client.sendLoginCode('13800000000', '123456', 5)).rejects.toMatchObject({ providerCode: 'InvalidParameterValue.IncorrectPhoneNumber' });
    } finally {
      await fake.close();
    }
  });

  it('builds the Authorization header in the documented TC3 shape', () => {
    // Tencent Cloud's published example for CVM DescribeInstances (签名方法 v3).
    const authorization = signTc3({
      secretId: 'AKID********************************',
      secretKey: '********************************',
      host: 'cvm.tencentcloudapi.com',
      payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
      timestamp: 1551113065,
      service: 'cvm',
    });
    expect(authorization).toMatch(
      /^TC3-HMAC-SHA256 Credential=AKID\*+\/2019-02-25\/cvm\/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$/,
    );
  });
});
