import { z } from 'zod';
import { loginResponseSchema, meResponseSchema, smsResponseSchema, type LoginResponse, type MeResponse, type SmsResponse } from '@union/shared';
import { request } from './http';
import { clearSession, getSession, saveSession } from './session';

const noContent = z.undefined();

export function requestSmsCode(phone: string): Promise<SmsResponse> {
  return request({ method: 'POST', path: '/auth/sms', body: { phone }, schema: smsResponseSchema, auth: false });
}

export async function loginWithSms(phone: string, code: string): Promise<LoginResponse> {
  const res = await request({ method: 'POST', path: '/auth/login', body: { phone, code }, schema: loginResponseSchema, auth: false });
  saveSession(res, res.account);
  return res;
}

/** `code` comes from Taro.login() on weapp. */
export async function loginWithWechat(code: string): Promise<LoginResponse> {
  const res = await request({ method: 'POST', path: '/auth/wechat', body: { code }, schema: loginResponseSchema, auth: false });
  saveSession(res, res.account);
  return res;
}

/** `code` comes from a weapp `<Button openType="getPhoneNumber">`: WeChat vouches for the phone, no SMS. */
export async function loginWithWechatPhone(code: string): Promise<LoginResponse> {
  const res = await request({ method: 'POST', path: '/auth/wechat-phone', body: { code }, schema: loginResponseSchema, auth: false });
  saveSession(res, res.account);
  return res;
}

/** quiet: a background check that must not pull the user into the login page. */
export function fetchMe(options: { quiet?: boolean } = {}): Promise<MeResponse> {
  return request({ path: '/me', schema: meResponseSchema, loginOnAuthFailure: !options.quiet });
}

/** Revokes the refresh token on the server; the local session goes whatever the network says. */
export async function logout(): Promise<void> {
  const session = getSession();
  try {
    if (session) {
      await request({
        method: 'POST',
        path: '/auth/logout',
        // Read at send time: a refresh on the way rotates the refresh token.
        body: () => ({ refreshToken: getSession()?.refreshToken ?? session.refreshToken }),
        schema: noContent,
        loginOnAuthFailure: false,
      });
    }
  } finally {
    clearSession();
  }
}
