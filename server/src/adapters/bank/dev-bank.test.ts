import { createBankProvider, luhnValid, maskCardNo } from './bank';
import { luhnCheckDigit } from './card-number';
import { createDevBank, devCardNumber } from './dev-bank';

const input = { requestId: 'req-1', name: '张三', idNumber: '11010519491231002X', phone: '13800000000', memberNo: 'M0001' };

describe('card number helpers', () => {
  it('checks Luhn digits', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(luhnValid('79927398713')).toBe(false); // too short for a card number
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('411111111111111a')).toBe(false);
  });

  it('masks a card number to first 4 and last 4', () => {
    expect(maskCardNo('6229991234567891234')).toBe('6229 **** **** 1234');
    expect(maskCardNo('4111111111111111')).toBe('4111 **** **** 1111');
    expect(maskCardNo('12345678')).toBe('********');
  });
});

describe('development bank', () => {
  it('is idempotent per request id', async () => {
    const bank = createDevBank({ bankName: '北京银行', issueDelayMs: 1000 });
    expect(bank).toMatchObject({ name: 'dev', bankName: '北京银行' });
    const a = await bank.applyCard(input);
    const b = await bank.applyCard(input);
    const c = await bank.applyCard({ ...input, requestId: 'req-2' });
    expect(a.bankRef).toMatch(/^DEV[0-9a-f]{20}$/);
    expect(b.bankRef).toBe(a.bankRef);
    expect(c.bankRef).not.toBe(a.bankRef);
  });

  it('reports processing until the delay has passed, then a Luhn-valid card number in the test range', async () => {
    let t = Date.UTC(2026, 10, 1, 8, 0, 0);
    const bank = createDevBank({ bankName: '北京银行', issueDelayMs: 3000, now: () => t });
    const { bankRef } = await bank.applyCard(input);
    await expect(bank.cardStatus(bankRef)).resolves.toEqual({ status: 'processing' });
    t += 2999;
    await expect(bank.cardStatus(bankRef)).resolves.toEqual({ status: 'processing' });
    t += 1;
    const status = await bank.cardStatus(bankRef);
    expect(status).toEqual({ status: 'issued', cardNo: expect.stringMatching(/^622999\d{13}$/) });
    const cardNo = (status as { cardNo: string }).cardNo;
    expect(luhnValid(cardNo)).toBe(true);
    await expect(bank.cardStatus(bankRef)).resolves.toEqual({ status: 'issued', cardNo });
  });

  it('resolves a reference it has never seen (after a restart) from the time in it', async () => {
    let t = Date.UTC(2026, 10, 1, 8, 0, 0);
    const before = createDevBank({ bankName: '北京银行', issueDelayMs: 3000, now: () => t });
    const { bankRef } = await before.applyCard(input);
    const after = createDevBank({ bankName: '北京银行', issueDelayMs: 3000, now: () => t });
    await expect(after.cardStatus(bankRef)).resolves.toEqual({ status: 'processing' });
    t += 5000;
    await expect(after.cardStatus(bankRef)).resolves.toEqual({ status: 'issued', cardNo: devCardNumber(bankRef) });
    await expect(before.cardStatus(bankRef)).resolves.toEqual({ status: 'issued', cardNo: devCardNumber(bankRef) });
  });

  it('issues at once with no delay, and fails an unknown reference', async () => {
    const bank = createDevBank({ bankName: '北京银行', issueDelayMs: 0 });
    const { bankRef } = await bank.applyCard(input);
    await expect(bank.cardStatus(bankRef)).resolves.toMatchObject({ status: 'issued' });
    await expect(bank.cardStatus('BJB123')).resolves.toEqual({ status: 'failed', reason: 'unknown application' });
  });

  it('gives different, valid numbers to different references', () => {
    const numbers = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const n = devCardNumber(`DEV${i.toString(16).padStart(20, '0')}`);
      expect(luhnValid(n)).toBe(true);
      numbers.add(n);
    }
    expect(numbers.size).toBe(200);
  });

  it('is chosen by createBankProvider when provider is dev', () => {
    const config = { provider: 'dev' as const, bankName: '北京银行', apiBase: 'https://openapi.bank.example', appId: '', appSecret: '', devIssueDelayMs: 0 };
    expect(createBankProvider(config).name).toBe('dev');
    expect(createBankProvider({ ...config, provider: 'http', appId: 'a', appSecret: 's' }).name).toBe('http');
  });
});
