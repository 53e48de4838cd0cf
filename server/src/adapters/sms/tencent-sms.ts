import { createHash, createHmac } from 'node:crypto';
import { AdapterError, fetchWithTimeout } from '../http';
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

const sha256hex = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s).digest();

/**
 * TC3-HMAC-SHA256 request signing as documented for Tencent Cloud API 3.0
 * (签名方法 v3): canonical request -> string to sign -> derived key chain date/service/tc3_request.
 */
export function signTc3(params: { secretId: string; secretKey: string; host: string; payload: string; timestamp: number; service: string }) {
  const date = new Date(params.timestamp * 1000).toISOString().slice(0, 10);
  const canonicalHeaders = `content-type:application/json; charset=utf-8\nhost:${params.host}\n`;
  const signedHeaders = 'content-type;host';
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256hex(params.payload)].join('\n');
  const scope = `${date}/${params.service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(params.timestamp), scope, sha256hex(canonicalRequest)].join('\n');
  const kDate = hmac(`TC3${params.secretKey}`, date);
  const kService = hmac(kDate, params.service);
  const kSigning = hmac(kService, 'tc3_request');
  const signature = createHmac('sha256', kSigning).update(stringToSign).digest('hex');
  return `TC3-HMAC-SHA256 Credential=${params.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

interface SendSmsResponse {
  Response?: {
    Error?: { Code: string; Message: string };
    SendStatusSet?: { Code: string; Message: string; PhoneNumber: string }[];
    RequestId?: string;
  };
}

/** Tencent Cloud SMS SendSms (API 3.0). Template params: [code, minutes]. */
export function createTencentSms(config: TencentSmsConfig, now: () => number = Date.now): SmsProvider {
  const url = new URL(config.endpoint);
  return {
    name: 'tencent',
    async sendLoginCode(phone, code, ttlMinutes) {
      const payload = JSON.stringify({
        PhoneNumberSet: [`+86${phone}`],
        SmsSdkAppId: config.sdkAppId,
        SignName: config.signName,
        TemplateId: config.templateId,
        TemplateParamSet: [code, String(ttlMinutes)],
      });
      const timestamp = Math.floor(now() / 1000);
      const authorization = signTc3({
        secretId: config.secretId,
        secretKey: config.secretKey,
        host: url.host,
        payload,
        timestamp,
        service: SERVICE,
      });
      let response: Response;
      try {
        response = await fetchWithTimeout(url.toString(), {
          method: 'POST',
          headers: {
            Authorization: authorization,
            'Content-Type': 'application/json; charset=utf-8',
            Host: url.host,
            'X-TC-Action': 'SendSms',
            'X-TC-Version': VERSION,
            'X-TC-Timestamp': String(timestamp),
            'X-TC-Region': config.region,
          },
          body: payload,
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
