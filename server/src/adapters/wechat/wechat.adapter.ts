import { createHash } from 'node:crypto';
import { AdapterError, fetchWithTimeout } from '../http';

export interface WechatSession {
  openId: string;
  unionId?: string;
}

export interface WechatProvider {
  readonly name: string;
  code2Session(code: string): Promise<WechatSession>;
  /** The phone WeChat vouches for, from a `getPhoneNumber` button's code: 11 digits, mainland only. */
  phoneNumber(code: string): Promise<string>;
}

/** Offline stand-in: the same code always maps to the same openid. */
export function createDevWechat(): WechatProvider {
  return {
    name: 'dev',
    async code2Session(code) {
      if (code.startsWith('invalid')) throw new AdapterError('wechat-dev', 'invalid code', '40029');
      return { openId: `dev_${createHash('sha256').update(code).digest('hex').slice(0, 24)}` };
    },
    async phoneNumber(code) {
      if (code.startsWith('invalid')) throw new AdapterError('wechat-dev', 'invalid code', '40029');
      // dev codes "phone-13912345678" name their phone; any other code maps to a fixed 139 number.
      const named = /^phone-(1[3-9]\d{9})$/.exec(code);
      if (named) return named[1]!;
      const digits = BigInt(`0x${createHash('sha256').update(code).digest('hex').slice(0, 12)}`) % 100_000_000n;
      return `139${String(digits).padStart(8, '0')}`;
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

interface StableTokenBody {
  access_token?: string;
  expires_in?: number;
  errcode?: number;
  errmsg?: string;
}

interface PhoneNumberBody {
  errcode?: number;
  errmsg?: string;
  phone_info?: { phoneNumber?: string; purePhoneNumber?: string; countryCode?: string };
}

/** access_token errors: expired or invalid; the cached token is dropped and fetched once more. */
const TOKEN_ERRORS = new Set([40001, 42001, 40014]);

export function createWechatApi(config: WechatConfig, now: () => number = Date.now): WechatProvider {
  let cached: { token: string; until: number } | undefined;

  async function postJson<T>(path: string, body: unknown, query: Record<string, string> = {}): Promise<T> {
    const url = new URL(path, config.apiBase);
    url.search = new URLSearchParams(query).toString();
    let response: Response;
    try {
      response = await fetchWithTimeout(url.toString(), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    } catch (error) {
      throw new AdapterError('wechat', `request failed: ${(error as Error).message}`);
    }
    if (!response.ok) throw new AdapterError('wechat', `HTTP ${response.status}`);
    return (await response.json()) as T;
  }

  /** getStableAccessToken: POST /cgi-bin/stable_token, kept until 5 minutes before it expires. */
  async function accessToken(forceRefresh = false): Promise<string> {
    if (!forceRefresh && cached && cached.until > now()) return cached.token;
    const body = await postJson<StableTokenBody>('/cgi-bin/stable_token', {
      grant_type: 'client_credential',
      appid: config.appId,
      secret: config.secret,
      ...(forceRefresh ? { force_refresh: true } : {}),
    });
    if (body.errcode || !body.access_token) throw new AdapterError('wechat', body.errmsg ?? 'no access_token', String(body.errcode ?? ''));
    cached = { token: body.access_token, until: now() + Math.max(60, (body.expires_in ?? 7200) - 300) * 1000 };
    return cached.token;
  }

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

    /** phonenumber.getPhoneNumber: POST /wxa/business/getuserphonenumber?access_token= {code} */
    async phoneNumber(code) {
      const ask = async (token: string) => postJson<PhoneNumberBody>('/wxa/business/getuserphonenumber', { code }, { access_token: token });
      let body = await ask(await accessToken());
      if (body.errcode && TOKEN_ERRORS.has(body.errcode)) body = await ask(await accessToken(true));
      if (body.errcode) throw new AdapterError('wechat', body.errmsg ?? 'error', String(body.errcode));
      const info = body.phone_info;
      if (!info?.purePhoneNumber) throw new AdapterError('wechat', 'no phone_info in response');
      if (info.countryCode && info.countryCode !== '86') throw new AdapterError('wechat', 'phone outside mainland China', 'country');
      return info.purePhoneNumber;
    },
  };
}

export function createWechatProvider(config: WechatConfig): WechatProvider {
  return config.provider === 'wechat' ? createWechatApi(config) : createDevWechat();
}
