import type { FastifyBaseLogger } from 'fastify';
import { maskPhone } from '@union/shared';
import type { SmsProvider } from './sms.adapter';

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
