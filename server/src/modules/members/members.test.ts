import { buildTestApp, json, login, type TestApp } from '../../../test/helpers';

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
