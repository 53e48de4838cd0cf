import { createHash, createHmac } from 'node:crypto';
import { fetchWithTimeout } from './http';

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

export interface TencentCloudCall {
  endpoint: string;
  secretId: string;
  secretKey: string;
  region: string;
  service: string;
  action: string;
  version: string;
  payload: unknown;
  timeoutMs?: number;
  now?: () => number;
}

/** POSTs one signed Tencent Cloud API 3.0 action; the caller interprets the response. */
export async function callTencentCloud(call: TencentCloudCall): Promise<Response> {
  const url = new URL(call.endpoint);
  const payload = JSON.stringify(call.payload);
  const timestamp = Math.floor((call.now ?? Date.now)() / 1000);
  const authorization = signTc3({ secretId: call.secretId, secretKey: call.secretKey, host: url.host, payload, timestamp, service: call.service });
  return fetchWithTimeout(url.toString(), {
    method: 'POST',
    headers: {
      Authorization: authorization,
      'Content-Type': 'application/json; charset=utf-8',
      Host: url.host,
      'X-TC-Action': call.action,
      'X-TC-Version': call.version,
      'X-TC-Timestamp': String(timestamp),
      'X-TC-Region': call.region,
    },
    body: payload,
    timeoutMs: call.timeoutMs,
  });
}
