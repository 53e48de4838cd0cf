import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config';
import { maskPhone } from '@union/shared';
import { createTencentSms } from './tencent-sms';

export interface SmsSendResult {
  /** Only the development provider returns the code, so that demos and tests can log in. */
  devCode?: string;
}

export interface SmsProvider {
  readonly name: string;
  sendLoginCode(phone: string, code: string, ttlMinutes: number): Promise<SmsSendResult>;
}

export function createDevSms(log: Pick<FastifyBaseLogger, 'info'>): SmsProvider {
  return {
    name: 'dev',
    async sendLoginCode(phone, code) {
      // The code goes to the developer's console under a key the redaction leaves alone.
      log.info({ to: maskPhone(phone), devSmsCode: code }, 'development SMS provider: login code');
      return { devCode: code };
    },
  };
}

export function createSmsProvider(config: Config['sms'], log: Pick<FastifyBaseLogger, 'info'>): SmsProvider {
  return config.provider === 'tencent' ? createTencentSms(config.tencent) : createDevSms(log);
}
