import { createHash, createHmac, randomBytes } from 'node:crypto';
import { AdapterError, fetchWithTimeout } from '../http';
import type { BankConfig, BankProvider, CardApplicationInput, CardStatus } from './bank.adapter';

export interface HttpBankOptions {
  /** Per-request timeout; 5 s by default. */
  timeoutMs?: number;
  /** Clock for X-Timestamp. */
  now?: () => number;
}

const PROVIDER = 'bank-http';
export const BANK_PRODUCT_CODE = 'UNION_MEMBER_CARD';

const sha256hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * The partner contract's request signature (see README.md): hex HMAC-SHA256 with the app secret over
 * METHOD \n path \n timestamp \n nonce \n sha256hex(body). `path` is the URL path as sent, without query.
 */
export function signBankRequest(params: { appSecret: string; method: string; path: string; timestamp: number | string; nonce: string; body: string }): string {
  const stringToSign = [params.method.toUpperCase(), params.path, String(params.timestamp), params.nonce, sha256hex(params.body)].join('\n');
  return createHmac('sha256', params.appSecret).update(stringToSign, 'utf8').digest('hex');
}

interface BankEnvelope<T> {
  code?: string;
  message?: string;
  data?: T;
}

/** Bank messages may echo what we sent; keep long digit runs (ID, phone, card numbers) out of errors and logs. */
const scrub = (text: string) => text.slice(0, 200).replace(/\d{6,}[\dXx]?/g, (m) => `***${m.slice(-4)}`);

/** The partner bank over HTTPS per the contract in README.md. Throws AdapterError when the bank does not answer with code '0000'. */
export function createHttpBank(config: BankConfig, options: HttpBankOptions = {}): BankProvider {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const base = config.apiBase.replace(/\/+$/, '');

  async function call<T>(method: 'GET' | 'POST', relative: string, payload?: unknown): Promise<T> {
    const url = new URL(base + relative);
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const timestamp = Math.floor(now() / 1000);
    const nonce = randomBytes(16).toString('hex');
    const signature = signBankRequest({ appSecret: config.appSecret, method, path: url.pathname, timestamp, nonce, body });
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'X-App-Id': config.appId,
      'X-Timestamp': String(timestamp),
      'X-Nonce': nonce,
      'X-Signature': signature,
    };
    if (method === 'POST') headers['Content-Type'] = 'application/json; charset=utf-8';
    let response: Response;
    try {
      response = await fetchWithTimeout(url.toString(), { method, headers, body: method === 'POST' ? body : undefined, timeoutMs });
    } catch (error) {
      const e = error as Error;
      const what = e.name === 'TimeoutError' || e.name === 'AbortError' ? `timed out after ${timeoutMs} ms` : `request failed: ${scrub(e.message)}`;
      throw new AdapterError(PROVIDER, `${method} ${url.pathname}: ${what}`);
    }
    let envelope: BankEnvelope<T> | undefined;
    try {
      envelope = (await response.json()) as BankEnvelope<T>;
    } catch {
      envelope = undefined;
    }
    const code = typeof envelope?.code === 'string' ? envelope.code : undefined;
    if (!response.ok) {
      throw new AdapterError(
        PROVIDER,
        `${method} ${url.pathname}: HTTP ${response.status}${envelope?.message ? ` ${scrub(String(envelope.message))}` : ''}`,
        code,
      );
    }
    if (!envelope || code !== '0000') {
      throw new AdapterError(
        PROVIDER,
        `${method} ${url.pathname}: code ${code ?? '(none)'}${envelope?.message ? ` ${scrub(String(envelope.message))}` : ''}`,
        code,
      );
    }
    if (!envelope.data || typeof envelope.data !== 'object') throw new AdapterError(PROVIDER, `${method} ${url.pathname}: answer without data`);
    return envelope.data;
  }

  return {
    name: 'http',
    bankName: config.bankName,
    async applyCard(input: CardApplicationInput) {
      const data = await call<{ applicationNo?: unknown; status?: unknown }>('POST', '/v1/member-cards', {
        outRequestNo: input.requestId,
        name: input.name,
        idNo: input.idNumber,
        mobile: input.phone,
        memberNo: input.memberNo,
        productCode: BANK_PRODUCT_CODE,
      });
      if (typeof data.applicationNo !== 'string' || data.applicationNo === '') throw new AdapterError(PROVIDER, 'apply: answer without applicationNo');
      return { bankRef: data.applicationNo };
    },
    async cardStatus(bankRef: string): Promise<CardStatus> {
      const data = await call<{ status?: unknown; cardNo?: unknown; reason?: unknown }>('GET', `/v1/member-cards/${encodeURIComponent(bankRef)}`);
      switch (data.status) {
        case 'PROCESSING':
          return { status: 'processing' };
        case 'ISSUED':
          if (typeof data.cardNo !== 'string' || !/^\d{12,19}$/.test(data.cardNo)) throw new AdapterError(PROVIDER, 'status: ISSUED without a valid cardNo');
          return { status: 'issued', cardNo: data.cardNo };
        case 'REJECTED':
          return { status: 'failed', reason: typeof data.reason === 'string' && data.reason ? scrub(data.reason) : 'rejected by the bank' };
        default:
          throw new AdapterError(PROVIDER, `status: unknown status ${scrub(String(data.status))}`);
      }
    },
  };
}
