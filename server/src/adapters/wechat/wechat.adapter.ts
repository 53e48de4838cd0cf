import { createHash } from 'node:crypto';
import { AdapterError, fetchWithTimeout } from '../http';

export interface WechatSession {
  openId: string;
  unionId?: string;
}

export interface WechatProvider {
  readonly name: string;
  code2Session(code: string): Promise<WechatSession>;
}

/** Offline stand-in: the same code always maps to the same openid. */
export function createDevWechat(): WechatProvider {
  return {
    name: 'dev',
    async code2Session(code) {
      if (code.startsWith('invalid')) throw new AdapterError('wechat-dev', 'invalid code', '40029');
      return { openId: `dev_${createHash('sha256').update(code).digest('hex').slice(0, 24)}` };
    },
  };
}

interface Code2SessionBody {
  openid?: string;
  session_key?: string;
  unionid?: string;
  errcode?: number;
  errmsg?: string;
}

/** auth.code2Session: GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code */
/** How WeChat is reached (WECHAT_* settings). */
export interface WechatConfig {
  provider: 'dev' | 'wechat';
  apiBase: string;
  appId: string;
  secret: string;
}

export function createWechatApi(config: WechatConfig): WechatProvider {
  return {
    name: 'wechat',
    async code2Session(code) {
      const url = new URL('/sns/jscode2session', config.apiBase);
      url.search = new URLSearchParams({
        appid: config.appId,
        secret: config.secret,
        js_code: code,
        grant_type: 'authorization_code',
      }).toString();
      let response: Response;
      try {
        response = await fetchWithTimeout(url.toString());
      } catch (error) {
        throw new AdapterError('wechat', `request failed: ${(error as Error).message}`);
      }
      if (!response.ok) throw new AdapterError('wechat', `HTTP ${response.status}`);
      const body = (await response.json()) as Code2SessionBody;
      if (body.errcode) throw new AdapterError('wechat', body.errmsg ?? 'error', String(body.errcode));
      if (!body.openid) throw new AdapterError('wechat', 'no openid in response');
      // session_key is deliberately dropped: nothing here decrypts WeChat data yet, and it must never reach a client.
      return { openId: body.openid, unionId: body.unionid };
    },
  };
}

export function createWechatProvider(config: WechatConfig): WechatProvider {
  return config.provider === 'wechat' ? createWechatApi(config) : createDevWechat();
}
