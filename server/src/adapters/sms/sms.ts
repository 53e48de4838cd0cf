import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config';
import { createDevSms } from './dev-sms';
import type { SmsProvider } from './sms.adapter';
import { createTencentSms } from './tencent-sms';

/** The provider chosen by SMS_PROVIDER: the development one (code shown to the client) or Tencent Cloud SMS. */
export function createSmsProvider(config: Config['sms'], log: Pick<FastifyBaseLogger, 'info'>): SmsProvider {
  return config.provider === 'tencent' ? createTencentSms(config.tencent) : createDevSms(log);
}
