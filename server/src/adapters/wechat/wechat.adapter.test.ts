import { startFakeServer } from '../../../test/fake-server';
import { createDevWechat, createWechatApi } from './wechat.adapter';

describe('WeChat code2Session client (against a local fake)', () => {
  it('exchanges the login code for the openid, sending appid, secret and grant type', async () => {
    const fake = await startFakeServer(() => ({ body: { openid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M', session_key: 'tiihtNczf5v6AKRyjwEUhQ==', unionid: 'u1' } }));
    try {
      const client = createWechatApi({ provider: 'wechat', apiBase: fake.url, appId: 'wx123', secret: 's3cret' });
      await expect(client.code2Session('081abc')).resolves.toEqual({ openId: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M', unionId: 'u1' });
      const url = new URL(fake.requests[0]!.url, fake.url);
      expect(url.pathname).toBe('/sns/jscode2session');
      expect(Object.fromEntries(url.searchParams)).toEqual({ appid: 'wx123', secret: 's3cret', js_code: '081abc', grant_type: 'authorization_code' });
    } finally {
      await fake.close();
    }
  });

  it('reports WeChat error codes (invalid code, rate limit) and HTTP failures', async () => {
    let answer: { status?: number; body: unknown } = { body: { errcode: 40029, errmsg: 'invalid code' } };
    const fake = await startFakeServer(() => answer);
    try {
      const client = createWechatApi({ provider: 'wechat', apiBase: fake.url, appId: 'wx123', secret: 's' });
      await expect(client.code2Session('bad')).rejects.toMatchObject({ providerCode: '40029' });
      answer = { status: 502, body: {} };
      await expect(client.code2Session('x')).rejects.toThrow(/HTTP 502/);
    } finally {
      await fake.close();
    }
  });
});

describe('WeChat getPhoneNumber client (against a local fake)', () => {
  it('gets a stable access token once, then exchanges each code for the verified phone', async () => {
    const fake = await startFakeServer((req) =>
      req.url.startsWith('/cgi-bin/stable_token')
        ? { body: { access_token: 'ACCESS_1', expires_in: 7200 } }
        : { body: { errcode: 0, errmsg: 'ok', phone_info: { phoneNumber: '13912345678', purePhoneNumber: '13912345678', countryCode: '86' } } },
    );
    try {
      const client = createWechatApi({ provider: 'wechat', apiBase: fake.url, appId: 'wx123', secret: 's3cret' });
      await expect(client.phoneNumber('e31968a7f94cc5ee25fafc2aef2773f0bb8c3937b22520eb8ee345274d00c144')).resolves.toBe('13912345678');
      await expect(client.phoneNumber('second')).resolves.toBe('13912345678');
      const [token, first, second] = fake.requests;
      expect(fake.requests).toHaveLength(3);
      expect(token!.method).toBe('POST');
      expect(JSON.parse(token!.body)).toEqual({ grant_type: 'client_credential', appid: 'wx123', secret: 's3cret' });
      const url = new URL(first!.url, fake.url);
      expect(url.pathname).toBe('/wxa/business/getuserphonenumber');
      expect(url.searchParams.get('access_token')).toBe('ACCESS_1');
      expect(JSON.parse(first!.body)).toEqual({ code: 'e31968a7f94cc5ee25fafc2aef2773f0bb8c3937b22520eb8ee345274d00c144' });
      expect(new URL(second!.url, fake.url).searchParams.get('access_token')).toBe('ACCESS_1');
    } finally {
      await fake.close();
    }
  });

  it('refreshes an expired access token once, and reports a rejected code or a foreign phone', async () => {
    let tokens = 0;
    let phoneAnswer: unknown = { errcode: 40001, errmsg: 'invalid credential' };
    const fake = await startFakeServer((req) => {
      if (req.url.startsWith('/cgi-bin/stable_token')) return { body: { access_token: `T${++tokens}`, expires_in: 7200 } };
      const answer = phoneAnswer;
      phoneAnswer = { errcode: 0, phone_info: { purePhoneNumber: '13800138000', countryCode: '86' } };
      return { body: answer };
    });
    try {
      const client = createWechatApi({ provider: 'wechat', apiBase: fake.url, appId: 'wx123', secret: 's' });
      await expect(client.phoneNumber('c1')).resolves.toBe('13800138000');
      expect(JSON.parse(fake.requests[2]!.body)).toMatchObject({ force_refresh: true });
      expect(new URL(fake.requests[3]!.url, fake.url).searchParams.get('access_token')).toBe('T2');
      phoneAnswer = { errcode: 40029, errmsg: 'invalid code' };
      await expect(client.phoneNumber('c2')).rejects.toMatchObject({ providerCode: '40029' });
      phoneAnswer = { errcode: 0, phone_info: { purePhoneNumber: '98765432', countryCode: '852' } };
      await expect(client.phoneNumber('c3')).rejects.toThrow(/mainland/);
    } finally {
      await fake.close();
    }
  });
});

describe('dev WeChat phone', () => {
  it('names the phone in a dev code, maps any other code to the same 139 number each time, and rejects invalid codes', async () => {
    const dev = createDevWechat();
    await expect(dev.phoneNumber('phone-13600001111')).resolves.toBe('13600001111');
    const a = await dev.phoneNumber('abc');
    expect(a).toMatch(/^139\d{8}$/);
    await expect(dev.phoneNumber('abc')).resolves.toBe(a);
    await expect(dev.phoneNumber('invalid-1')).rejects.toThrow();
  });
});
