import { createHash, createHmac } from 'node:crypto';
import { startFakeServer, type RecordedRequest } from '../../../test/fake-server';
import { AdapterError } from '../http';
import { luhnCheckDigit, luhnValid } from './card-number';
import { createHttpBank, signBankRequest } from './http-bank';

const config = { provider: 'http' as const, bankName: '北京银行', appId: 'union-app', appSecret: 'bank-secret-0123456789', devIssueDelayMs: 0 };
const input = { requestId: 'card-0001', name: '张三', idNumber: '11010519491231002X', phone: '13800001234', memberNo: 'BJ2026000001' };

type Application = { applicationNo: string; outRequestNo: string; status: 'PROCESSING' | 'ISSUED' | 'REJECTED'; cardNo?: string; reason?: string };

/** A stand-in for the bank: checks app id, timestamp window, nonce reuse and the signature, then keeps applications in memory. */
async function startFakeBank(prefix = '') {
  const applications = new Map<string, Application>();
  const nonces = new Set<string>();
  let failNext: { status?: number; code: string; message: string } | null = null;

  function authProblem(req: RecordedRequest): string | null {
    const h = req.headers;
    if (h['x-app-id'] !== config.appId) return 'unknown app id';
    const timestamp = Number(h['x-timestamp']);
    if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300) return 'timestamp out of window';
    const nonce = String(h['x-nonce'] ?? '');
    if (!/^[0-9a-f]{16,64}$/.test(nonce) || nonces.has(nonce)) return 'bad or repeated nonce';
    nonces.add(nonce);
    const path = req.url.split('?')[0]!;
    const stringToSign = [req.method, path, String(timestamp), nonce, createHash('sha256').update(req.body).digest('hex')].join('\n');
    const expected = createHmac('sha256', config.appSecret).update(stringToSign).digest('hex');
    if (h['x-signature'] !== expected) return 'bad signature';
    return null;
  }

  const fake = await startFakeServer((req) => {
    const problem = authProblem(req);
    if (problem) return { status: 401, body: { code: 'E0401', message: problem } };
    if (failNext) {
      const f = failNext;
      failNext = null;
      return { status: f.status ?? 200, body: { code: f.code, message: f.message } };
    }
    if (req.method === 'POST' && req.url === `${prefix}/v1/member-cards`) {
      const body = JSON.parse(req.body);
      if (body.productCode !== 'UNION_MEMBER_CARD' || !body.outRequestNo || !body.idNo || !body.mobile || !body.name || !body.memberNo) {
        return { body: { code: 'E1001', message: 'missing field' } };
      }
      let app = [...applications.values()].find((a) => a.outRequestNo === body.outRequestNo);
      if (!app) {
        app = { applicationNo: `BJB${String(applications.size + 1).padStart(10, '0')}`, outRequestNo: body.outRequestNo, status: 'PROCESSING' };
        applications.set(app.applicationNo, app);
      }
      return { body: { code: '0000', data: { applicationNo: app.applicationNo, status: app.status } } };
    }
    const m = new RegExp(`^${prefix}/v1/member-cards/([^/]+)$`).exec(req.url);
    if (req.method === 'GET' && m) {
      const app = applications.get(decodeURIComponent(m[1]!));
      if (!app) return { status: 404, body: { code: 'E4004', message: 'application not found' } };
      return { body: { code: '0000', data: { status: app.status, cardNo: app.cardNo, reason: app.reason } } };
    }
    return { status: 404, body: { code: 'E4040', message: 'no such route' } };
  });
  return {
    ...fake,
    applications,
    failNext: (f: { status?: number; code: string; message: string }) => (failNext = f),
  };
}

describe('partner bank over HTTP (against a local fake bank)', () => {
  it('signs requests, applies idempotently, and follows PROCESSING to ISSUED', async () => {
    const bank = await startFakeBank();
    try {
      const client = createHttpBank({ ...config, apiBase: bank.url });
      expect(client).toMatchObject({ name: 'http', bankName: '北京银行' });
      const first = await client.applyCard(input);
      const again = await client.applyCard(input);
      expect(first.bankRef).toBe('BJB0000000001');
      expect(again.bankRef).toBe(first.bankRef);
      expect(bank.applications.size).toBe(1);

      const post = bank.requests[0]!;
      expect(post.method).toBe('POST');
      expect(post.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(post.body)).toEqual({
        outRequestNo: 'card-0001',
        name: '张三',
        idNo: '11010519491231002X',
        mobile: '13800001234',
        memberNo: 'BJ2026000001',
        productCode: 'UNION_MEMBER_CARD',
      });
      expect(post.headers['x-signature']).toBe(
        signBankRequest({
          appSecret: config.appSecret,
          method: 'POST',
          path: '/v1/member-cards',
          timestamp: String(post.headers['x-timestamp']),
          nonce: String(post.headers['x-nonce']),
          body: post.body,
        }),
      );

      await expect(client.cardStatus(first.bankRef)).resolves.toEqual({ status: 'processing' });
      expect(bank.requests.at(-1)).toMatchObject({ method: 'GET', url: '/v1/member-cards/BJB0000000001', body: '' });
      bank.applications.get(first.bankRef)!.status = 'ISSUED';
      const cardNo = `621468001234567890${luhnCheckDigit('621468001234567890')}`;
      expect(luhnValid(cardNo)).toBe(true);
      bank.applications.get(first.bankRef)!.cardNo = cardNo;
      await expect(client.cardStatus(first.bankRef)).resolves.toEqual({ status: 'issued', cardNo });
    } finally {
      await bank.close();
    }
  });

  it('maps REJECTED to failed with the reason', async () => {
    const bank = await startFakeBank();
    try {
      const client = createHttpBank({ ...config, apiBase: bank.url });
      const { bankRef } = await client.applyCard(input);
      Object.assign(bank.applications.get(bankRef)!, { status: 'REJECTED', reason: 'existing card of the same product' });
      await expect(client.cardStatus(bankRef)).resolves.toEqual({ status: 'failed', reason: 'existing card of the same product' });
    } finally {
      await bank.close();
    }
  });

  it('throws AdapterError with the bank code on an error answer, without the ID number in the message', async () => {
    const bank = await startFakeBank();
    try {
      const client = createHttpBank({ ...config, apiBase: bank.url });
      bank.failNext({ code: 'E2001', message: `customer ${input.idNumber} already holds a card` });
      const error = await client.applyCard(input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AdapterError);
      expect(error).toMatchObject({ providerCode: 'E2001' });
      expect((error as Error).message).not.toContain(input.idNumber);
      expect((error as Error).message).not.toContain('1101051949');

      bank.failNext({ status: 503, code: 'E5003', message: 'maintenance' });
      await expect(client.applyCard(input)).rejects.toMatchObject({
        name: 'AdapterError',
        providerCode: 'E5003',
        message: expect.stringContaining('HTTP 503'),
      });

      // The retry after the failures still creates exactly one application.
      const { bankRef } = await client.applyCard(input);
      bank.failNext({ code: 'E9999', message: 'system busy' });
      await expect(client.cardStatus(bankRef)).rejects.toMatchObject({ providerCode: 'E9999' });
      await expect(client.cardStatus('BJB9999999999')).rejects.toMatchObject({ providerCode: 'E4004' });
      expect(bank.applications.size).toBe(1);
    } finally {
      await bank.close();
    }
  });

  it('is refused when the clock is off by more than 300 s or the secret is wrong', async () => {
    const bank = await startFakeBank();
    try {
      const skewed = createHttpBank({ ...config, apiBase: bank.url }, { now: () => Date.now() - 301_000 });
      await expect(skewed.applyCard(input)).rejects.toMatchObject({ providerCode: 'E0401', message: expect.stringContaining('timestamp out of window') });
      const wrongSecret = createHttpBank({ ...config, appSecret: 'not-the-secret', apiBase: bank.url });
      await expect(wrongSecret.applyCard(input)).rejects.toMatchObject({ providerCode: 'E0401', message: expect.stringContaining('bad signature') });
      const slightlyOff = createHttpBank({ ...config, apiBase: bank.url }, { now: () => Date.now() + 200_000 });
      await expect(slightlyOff.applyCard(input)).resolves.toEqual({ bankRef: 'BJB0000000001' });
    } finally {
      await bank.close();
    }
  });

  it('signs the full path when the API base has a prefix', async () => {
    const bank = await startFakeBank('/gateway/union');
    try {
      const client = createHttpBank({ ...config, apiBase: `${bank.url}/gateway/union/` });
      const { bankRef } = await client.applyCard(input);
      await expect(client.cardStatus(bankRef)).resolves.toEqual({ status: 'processing' });
      expect(bank.requests.map((r) => r.url)).toEqual(['/gateway/union/v1/member-cards', `/gateway/union/v1/member-cards/${bankRef}`]);
    } finally {
      await bank.close();
    }
  });

  it('throws AdapterError on a timeout', async () => {
    const delayMs = 400;
    const fake = await startFakeServer(() => ({ body: { code: '0000', data: { applicationNo: 'X', status: 'PROCESSING' } }, delayMs }));
    try {
      const client = createHttpBank({ ...config, apiBase: fake.url }, { timeoutMs: 50 });
      await expect(client.applyCard(input)).rejects.toMatchObject({ name: 'AdapterError', message: expect.stringContaining('timed out after 50 ms') });
    } finally {
      await fake.close();
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  });

  it('throws AdapterError on an answer it cannot use', async () => {
    let answer: unknown = { code: '0000', data: { status: 'ISSUED' } };
    const fake = await startFakeServer(() => ({ body: answer }));
    try {
      const client = createHttpBank({ ...config, apiBase: fake.url });
      await expect(client.cardStatus('BJB1')).rejects.toThrow('ISSUED without a valid cardNo');
      answer = { code: '0000', data: { status: 'LOST' } };
      await expect(client.cardStatus('BJB1')).rejects.toThrow('unknown status');
      answer = { code: '0000', data: {} };
      await expect(client.applyCard(input)).rejects.toThrow('without applicationNo');
      answer = 'gateway page';
      await expect(client.applyCard(input)).rejects.toThrow('code (none)');
    } finally {
      await fake.close();
    }
  });
});
