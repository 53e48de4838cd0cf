import { BANK_CONSENT_VERSION, PRIVACY_NOTICE_VERSION } from '@union/shared';
import type { BankProvider } from '../../adapters/bank/bank.adapter';
import { buildTestApp, json, login, testIdNumber, type TestApp } from '../../../test/helpers';
import { nextCheckDelayMs } from './members.service';

describe('the demo member', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('holds a member card and an issued service card right after seeding', async () => {
    const me = await login(t.app, '13900000002');
    const card = json(await t.app.inject({ method: 'GET', url: '/api/v1/members/me/card', headers: me.auth }));
    expect(card).toMatchObject({ name: '王建国', orgName: '西城区新街口街道总工会', status: 'active', memberNo: expect.stringMatching(/^110102\d{8}$/) });
    expect(card.serviceCard).toMatchObject({ status: 'issued', cardNo: '6229 **** **** 1231', bankName: '北京银行' });
    const meBody = json(await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: me.auth }));
    expect(meBody.roles).toEqual(['member']);
    expect(meBody.membership).toMatchObject({ orgName: '西城区新街口街道总工会', status: 'active' });
  });

  it('tells a non-member there is no card', async () => {
    const me = await login(t.app, '13900000001');
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/members/me/card', headers: me.auth });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'members.not_member', message: '您还不是工会会员' });
  });
});

describe('the member service card', () => {
  it('is followed by a background job with backoff; reading the card never calls the bank', async () => {
    const calls: string[] = [];
    let issued = false;
    const bank: BankProvider = {
      name: 'counting',
      bankName: '北京银行',
      async applyCard() {
        calls.push('apply');
        return { bankRef: 'REF-1' };
      },
      async cardStatus() {
        calls.push('status');
        return issued ? { status: 'issued', cardNo: '6229990000000001231' } : { status: 'processing' };
      },
    };
    const t = await buildTestApp({ bank, env: { SERVICE_CARD_SYNC_MS: '50' } });
    try {
      const me = await login(t.app, '13900000011');
      const staff = await login(t.app, '13800000001');
      const form = {
        name: '刘晓东',
        idNumber: testIdNumber(7),
        employer: '顺丰速运',
        category: 'courier',
        workDistrict: '110102',
        consentVersion: PRIVACY_NOTICE_VERSION,
      };
      const app = await t.app.inject({ method: 'POST', url: '/api/v1/applications', headers: me.auth, payload: form });
      await t.app.inject({ method: 'POST', url: `/api/v1/staff/applications/${app.json().id}/approve`, headers: staff.auth });
      const applied = await t.app.inject({
        method: 'POST',
        url: '/api/v1/members/me/service-card',
        headers: me.auth,
        payload: { consentVersion: BANK_CONSENT_VERSION },
      });
      expect(applied.statusCode).toBe(202);
      expect(calls).toEqual(['apply']);

      // Many reads, no bank calls from them: only the job asks, and it backs off.
      const before = calls.length;
      for (let i = 0; i < 20; i++)
        expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/members/me/card', headers: me.auth })).serviceCard.status).toBe('applying');
      await new Promise((r) => setTimeout(r, 1_800));
      const asked = calls.length - before;
      expect(asked).toBeGreaterThanOrEqual(1);
      expect(asked).toBeLessThanOrEqual(2); // due after 1 s, then 1.5 s later: backoff, not every 50 ms
      issued = true;
      await new Promise((r) => setTimeout(r, nextCheckDelayMs(2) + 300));
      const card = json(await t.app.inject({ method: 'GET', url: '/api/v1/members/me/card', headers: me.auth }));
      expect(card.serviceCard).toMatchObject({ status: 'issued', cardNo: '6229 **** **** 1231' });
      const settled = calls.length;
      await new Promise((r) => setTimeout(r, 300));
      expect(calls.length).toBe(settled); // an issued card is not asked about again
    } finally {
      await t.close();
    }
  });

  it('backs off from 1 s by half again each time, up to 5 minutes', () => {
    expect([0, 1, 2, 3].map(nextCheckDelayMs)).toEqual([1000, 1500, 2250, 3375]);
    expect(nextCheckDelayMs(40)).toBe(300_000);
  });
});
