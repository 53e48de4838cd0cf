import { webUrl } from './web-links';

describe('web links a phone camera opens', () => {
  const saved = { env: process.env.TARO_ENV, api: process.env.TARO_APP_API_BASE };
  afterEach(() => {
    process.env.TARO_ENV = saved.env;
    process.env.TARO_APP_API_BASE = saved.api;
  });

  it('on weapp, a certificate or stall link is on the origin of the API (the server serves the H5 app beside it)', () => {
    process.env.TARO_ENV = 'weapp';
    process.env.TARO_APP_API_BASE = 'https://union.bjzgh.example.cn/api/v1';
    expect(webUrl('/#/pages/learning/verify?code=K7QM3XPA')).toBe('https://union.bjzgh.example.cn/#/pages/learning/verify?code=K7QM3XPA');
    expect(webUrl('/j/XJKQSQ26')).toBe('https://union.bjzgh.example.cn/j/XJKQSQ26');
  });

  it('gives no link in a weapp build for the developer tools, whose API is a local http address no phone can open', () => {
    process.env.TARO_ENV = 'weapp';
    process.env.TARO_APP_API_BASE = 'http://127.0.0.1:3000/api/v1';
    expect(webUrl('/j/XJKQSQ26')).toBeNull();
  });
});
