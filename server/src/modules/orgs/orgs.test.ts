import { buildTestApp, json, type TestApp } from '../../../test/helpers';

describe('GET /orgs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('lists the unions a worker can join, not the federations above them', async () => {
    const { items } = json(await t.app.inject({ method: 'GET', url: '/api/v1/orgs' }));
    const names = items.map((o: { name: string }) => o.name);
    expect(names).toContain('西城区新街口街道总工会');
    expect(names).toContain('北京市快递行业工会联合会');
    expect(names).not.toContain('北京市总工会');
    expect(names).not.toContain('西城区总工会');
  });

  it('searches by name and orders by distance when given a location', async () => {
    const found = json(await t.app.inject({ method: 'GET', url: `/api/v1/orgs?q=${encodeURIComponent('快递')}` }));
    expect(found.items.map((o: { code: string }) => o.code)).toEqual(['kdhy']);
    // Standing at the Xinjiekou sorting centre, the Xinjiekou street union comes first.
    const near = json(await t.app.inject({ method: 'GET', url: '/api/v1/orgs?near=39.9440,116.3700&limit=3' }));
    expect(near.items[0].code).toBe('xjk');
    expect(near.items).toHaveLength(3);
  });

  it('treats % and _ in a search literally', async () => {
    const res = json(await t.app.inject({ method: 'GET', url: '/api/v1/orgs?q=%25' }));
    expect(res.items).toEqual([]);
  });
});
