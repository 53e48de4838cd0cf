import type { NotificationKind } from '@union/shared';
import { AdapterError } from '../http';
import { callTencentCloud } from '../tencent-cloud';
import { messageFields, PermanentNotifyError, type NotificationSender } from './notify.adapter';

export interface TencentSmsNotifyConfig {
  endpoint: string;
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  region: string;
  /** Template id per kind; each template takes [title, time, place, note]. */
  templates: Partial<Record<NotificationKind, string>>;
}

/** Notifications by Tencent Cloud SMS SendSms, the same signed API as login codes. */
export function createTencentSmsNotifier(config: TencentSmsNotifyConfig, now: () => number = Date.now): NotificationSender {
  return {
    name: 'sms',
    async send(message) {
      const templateId = config.templates[message.kind];
      if (!message.to.phone) throw new PermanentNotifyError('tencent-sms', 'no phone for this account');
      if (!templateId) throw new PermanentNotifyError('tencent-sms', `no template for ${message.kind}`);
      const f = messageFields(message);
      let response: Response;
      try {
        response = await callTencentCloud({
          ...config,
          service: 'sms',
          action: 'SendSms',
          version: '2021-01-11',
          now,
          payload: {
            PhoneNumberSet: [`+86${message.to.phone}`],
            SmsSdkAppId: config.sdkAppId,
            SignName: config.signName,
            TemplateId: templateId,
            TemplateParamSet: [f.title, f.time, f.place, f.note].map((v) => v || '-'),
          },
        });
      } catch (error) {
        throw new AdapterError('tencent-sms', `request failed: ${(error as Error).message}`);
      }
      if (!response.ok) throw new AdapterError('tencent-sms', `HTTP ${response.status}`);
      const body = (await response.json()) as { Response?: { Error?: { Code: string; Message: string }; SendStatusSet?: { Code: string; Message: string }[] } };
      const err = body.Response?.Error;
      if (err) throw new AdapterError('tencent-sms', err.Message, err.Code);
      const status = body.Response?.SendStatusSet?.[0];
      if (!status || status.Code !== 'Ok') {
        const code = status?.Code ?? '';
        const ErrorType = /IncorrectPhoneNumber|TemplateParameter|Unsubscribe/.test(code) ? PermanentNotifyError : AdapterError;
        throw new ErrorType('tencent-sms', status?.Message ?? 'no send status', code);
      }
      return { channel: 'sms' };
    },
  };
}
