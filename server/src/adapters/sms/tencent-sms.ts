import { AdapterError } from '../http';
import { callTencentCloud } from '../tencent-cloud';
import type { SmsProvider } from './sms.adapter';

export interface TencentSmsConfig {
  endpoint: string;
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  templateId: string;
  region: string;
}

const SERVICE = 'sms';
const VERSION = '2021-01-11';

interface SendSmsResponse {
  Response?: {
    Error?: { Code: string; Message: string };
    SendStatusSet?: { Code: string; Message: string; PhoneNumber: string }[];
    RequestId?: string;
  };
}

/** Tencent Cloud SMS SendSms (API 3.0). Template params: [code, minutes]. */
export function createTencentSms(config: TencentSmsConfig, now: () => number = Date.now): SmsProvider {
  return {
    name: 'tencent',
    async sendLoginCode(phone, code, ttlMinutes) {
      let response: Response;
      try {
        response = await callTencentCloud({
          ...config,
          service: SERVICE,
          action: 'SendSms',
          version: VERSION,
          now,
          payload: {
            PhoneNumberSet: [`+86${phone}`],
            SmsSdkAppId: config.sdkAppId,
            SignName: config.signName,
            TemplateId: config.templateId,
            TemplateParamSet: [code, String(ttlMinutes)],
          },
        });
      } catch (error) {
        throw new AdapterError('tencent-sms', `request failed: ${(error as Error).message}`);
      }
      if (!response.ok) throw new AdapterError('tencent-sms', `HTTP ${response.status}`);
      const body = (await response.json()) as SendSmsResponse;
      const err = body.Response?.Error;
      if (err) throw new AdapterError('tencent-sms', err.Message, err.Code);
      const status = body.Response?.SendStatusSet?.[0];
      if (!status || status.Code !== 'Ok') throw new AdapterError('tencent-sms', status?.Message ?? 'no send status', status?.Code);
      return {};
    },
  };
}
