import type { NotificationKind } from '@union/shared';
import { AdapterError, fetchWithTimeout } from '../http';
import { messageFields, PermanentNotifyError, type NotificationSender } from './notify.adapter';

export interface WechatSubscribeConfig {
  apiBase: string;
  appId: string;
  secret: string;
  /** Template id per kind, chosen in the mini-program admin console (keywords thing1 time2 thing3 phrase4). */
  templates: Partial<Record<NotificationKind, string>>;
  /** formal | trial | developer: which build the message's tap opens. */
  miniprogramState: string;
  page: string;
}

/** WeChat errcodes: the token is stale (fetch another and retry once), or retrying cannot help. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
const PERMANENT_ERRORS = new Set([43101, 40003, 40037, 47003]);

/** thing: at most 20 characters; phrase: at most 5 (WeChat's keyword rules). */
const cut = (s: string, n: number) =>
  (Array.from(s).length > n
    ? `${Array.from(s)
        .slice(0, n - 1)
        .join('')}…`
    : s) || '-';

/**
 * subscribeMessage.send with an access token from cgi-bin/stable_token (shared safely by several
 * instances, unlike cgi-bin/token which invalidates the previous one), cached until shortly before expiry.
 */
export function createWechatSubscribe(config: WechatSubscribeConfig, now: () => number = Date.now): NotificationSender {
  let token: { value: string; until: number } | undefined;

  async function accessToken(forceRefresh: boolean): Promise<string> {
    if (!forceRefresh && token && token.until > now()) return token.value;
    let response: Response;
    try {
      response = await fetchWithTimeout(new URL('/cgi-bin/stable_token', config.apiBase).toString(), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credential', appid: config.appId, secret: config.secret, force_refresh: false }),
      });
    } catch (error) {
      throw new AdapterError('wechat-subscribe', `token request failed: ${(error as Error).message}`);
    }
    if (!response.ok) throw new AdapterError('wechat-subscribe', `token HTTP ${response.status}`);
    const body = (await response.json()) as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string };
    if (!body.access_token) throw new AdapterError('wechat-subscribe', body.errmsg ?? 'no access_token', String(body.errcode ?? ''));
    token = { value: body.access_token, until: now() + Math.max(60, (body.expires_in ?? 7200) - 300) * 1000 };
    return token.value;
  }

  async function post(accessTokenValue: string, payload: unknown) {
    const url = new URL('/cgi-bin/message/subscribe/send', config.apiBase);
    url.searchParams.set('access_token', accessTokenValue);
    let response: Response;
    try {
      response = await fetchWithTimeout(url.toString(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    } catch (error) {
      throw new AdapterError('wechat-subscribe', `send failed: ${(error as Error).message}`);
    }
    if (!response.ok) throw new AdapterError('wechat-subscribe', `send HTTP ${response.status}`);
    return (await response.json()) as { errcode?: number; errmsg?: string };
  }

  return {
    name: 'wechat',
    async send(message) {
      const templateId = config.templates[message.kind];
      if (!message.to.openId) throw new PermanentNotifyError('wechat-subscribe', 'no openid for this account');
      if (!templateId) throw new PermanentNotifyError('wechat-subscribe', `no template for ${message.kind}`);
      const f = messageFields(message);
      const payload = {
        touser: message.to.openId,
        template_id: templateId,
        page: config.page,
        miniprogram_state: config.miniprogramState,
        lang: 'zh_CN',
        data: { thing1: { value: cut(f.title, 20) }, time2: { value: f.time || '-' }, thing3: { value: cut(f.place, 20) }, phrase4: { value: cut(f.note, 5) } },
      };
      let body = await post(await accessToken(false), payload);
      if (body.errcode && TOKEN_ERRORS.has(body.errcode)) body = await post(await accessToken(true), payload);
      if (!body.errcode) return { channel: 'wechat' };
      const ErrorType = PERMANENT_ERRORS.has(body.errcode) ? PermanentNotifyError : AdapterError;
      throw new ErrorType('wechat-subscribe', body.errmsg ?? 'error', String(body.errcode));
    },
  };
}
