import { startFakeServer } from '../../../test/fake-server';
import { createWechatApi } from './wechat.adapter';

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
