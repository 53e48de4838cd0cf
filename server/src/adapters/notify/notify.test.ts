import { startFakeServer } from '../../../test/fake-server';
import { signTc3 } from '../tencent-cloud';
import { createNotifier, templateMap } from './notify';
import { isPermanent } from './notify.adapter';
import { createTencentSmsNotifier } from './tencent-sms-notify';
import { createWechatSubscribe } from './wechat-subscribe';

const message = {
  kind: 'booking_confirmed' as const,
  data: { title: '劳动争议法律咨询（新街口街道职工服务中心）', time: '2026-12-01 10:00', place: '北京市西城区新街口外大街甲14号', note: '预约成功' },
  to: { openId: 'o_member_1', phone: '13900000002' },
};
const wechatConfig = (apiBase: string) => ({
  apiBase,
  appId: 'wx123',
  secret: 's3cret',
  templates: templateMap('booking_confirmed:TMPL_OK'),
  miniprogramState: 'formal',
  page: 'pages/bookings/mine/index',
});

describe('WeChat subscription messages (against a local fake of the WeChat API)', () => {
  it('gets a stable access token once, then sends the template with the keywords cut to WeChat limits', async () => {
    const fake = await startFakeServer((req) => {
      if (req.url.startsWith('/cgi-bin/stable_token')) return { body: { access_token: 'TOKEN1', expires_in: 7200 } };
      return { body: { errcode: 0, errmsg: 'ok' } };
    });
    try {
      const sender = createWechatSubscribe(wechatConfig(fake.url));
      await expect(sender.send(message)).resolves.toEqual({ channel: 'wechat' });
      await sender.send(message);
      expect(fake.requests.filter((r) => r.url.startsWith('/cgi-bin/stable_token'))).toHaveLength(1);
      expect(JSON.parse(fake.requests[0]!.body)).toEqual({ grant_type: 'client_credential', appid: 'wx123', secret: 's3cret', force_refresh: false });
      const send = fake.requests[1]!;
      expect(send.method).toBe('POST');
      expect(send.url).toBe('/cgi-bin/message/subscribe/send?access_token=TOKEN1');
      const body = JSON.parse(send.body);
      expect(body).toMatchObject({
        touser: 'o_member_1',
        template_id: 'TMPL_OK',
        page: 'pages/bookings/mine/index',
        miniprogram_state: 'formal',
        lang: 'zh_CN',
      });
      expect(Array.from(body.data.thing1.value as string)).toHaveLength(20);
      expect(body.data.time2.value).toBe('2026-12-01 10:00');
      expect(body.data.phrase4.value).toBe('预约成功');
    } finally {
      await fake.close();
    }
  });

  it('fetches a new token once when WeChat says it expired, and treats a refused subscription as permanent', async () => {
    let tokens = 0;
    let expiredOnce = true;
    const fake = await startFakeServer((req) => {
      if (req.url.startsWith('/cgi-bin/stable_token')) return { body: { access_token: `TOKEN${++tokens}`, expires_in: 7200 } };
      if (expiredOnce) {
        expiredOnce = false;
        return { body: { errcode: 42001, errmsg: 'access_token expired' } };
      }
      if (JSON.parse(req.body).touser === 'o_refused') return { body: { errcode: 43101, errmsg: 'user refuse to accept the msg' } };
      return { body: { errcode: 0, errmsg: 'ok' } };
    });
    try {
      const sender = createWechatSubscribe(wechatConfig(fake.url));
      await expect(sender.send(message)).resolves.toEqual({ channel: 'wechat' });
      expect(fake.requests.at(-1)!.url).toContain('access_token=TOKEN2');
      const refused = await sender.send({ ...message, to: { openId: 'o_refused', phone: null } }).catch((e: unknown) => e);
      expect(isPermanent(refused)).toBe(true);
      expect(refused).toMatchObject({ providerCode: '43101' });
      const noOpenId = await sender.send({ ...message, to: { openId: null, phone: '13900000002' } }).catch((e: unknown) => e);
      expect(isPermanent(noOpenId)).toBe(true);
    } finally {
      await fake.close();
    }
  });

  it('answers a server error with a retryable failure', async () => {
    const fake = await startFakeServer((req) =>
      req.url.startsWith('/cgi-bin/stable_token') ? { body: { access_token: 'T', expires_in: 7200 } } : { status: 502, body: {} },
    );
    try {
      const error = await createWechatSubscribe(wechatConfig(fake.url))
        .send(message)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(isPermanent(error)).toBe(false);
    } finally {
      await fake.close();
    }
  });
});

describe('SMS notifications (against a local fake of Tencent Cloud SendSms)', () => {
  const config = {
    secretId: 'AKIDtest',
    secretKey: 'secret-key',
    sdkAppId: '1400000001',
    signName: '北京市总工会',
    region: 'ap-beijing',
    templates: templateMap('booking_confirmed:200001'),
  };

  it('sends the notification template, signed, with title, time, place and note', async () => {
    const fake = await startFakeServer((req) => {
      const expected = signTc3({
        secretId: config.secretId,
        secretKey: config.secretKey,
        host: String(req.headers.host),
        payload: req.body,
        timestamp: Number(req.headers['x-tc-timestamp']),
        service: 'sms',
      });
      if (req.headers.authorization !== expected) return { body: { Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'bad signature' } } } };
      return { body: { Response: { SendStatusSet: [{ Code: 'Ok', Message: 'send success' }] } } };
    });
    try {
      const sender = createTencentSmsNotifier({ ...config, endpoint: fake.url });
      await expect(sender.send(message)).resolves.toEqual({ channel: 'sms' });
      expect(JSON.parse(fake.requests[0]!.body)).toEqual({
        PhoneNumberSet: ['+8613900000002'],
        SmsSdkAppId: '1400000001',
        SignName: '北京市总工会',
        TemplateId: '200001',
        TemplateParamSet: [message.data.title, message.data.time, message.data.place, message.data.note],
      });
    } finally {
      await fake.close();
    }
  });

  it('falls back from WeChat to SMS when WeChat cannot reach the member', async () => {
    const fake = await startFakeServer((req) => {
      if (req.url.startsWith('/cgi-bin/stable_token')) return { body: { access_token: 'T', expires_in: 7200 } };
      if (req.url.startsWith('/cgi-bin/message')) return { body: { errcode: 43101, errmsg: 'user refuse' } };
      return { body: { Response: { SendStatusSet: [{ Code: 'Ok', Message: 'send success' }] } } };
    });
    try {
      const sender = createNotifier({ channels: ['wechat', 'sms'], wechat: wechatConfig(fake.url), sms: { ...config, endpoint: fake.url } });
      await expect(sender.send(message)).resolves.toEqual({ channel: 'sms' });
    } finally {
      await fake.close();
    }
  });
});
