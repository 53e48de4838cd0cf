import type { FastifyBaseLogger } from 'fastify';
import { createDevSms } from './dev-sms';
import type { SmsProvider } from './sms.adapter';
import { createTencentSms, type TencentSmsConfig } from './tencent-sms';

export interface SmsConfig {
  provider: 'dev' | 'tencent';
  tencent: TencentSmsConfig;
}

/** The provider chosen by SMS_PROVIDER: the development one (code shown to the client) or Tencent Cloud SMS. */
export function createSmsProvider(config: SmsConfig, log: Pick<FastifyBaseLogger, 'info'>): SmsProvider {
  return config.provider === 'tencent' ? createTencentSms(config.tencent) : createDevSms(log);
}
