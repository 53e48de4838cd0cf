import { actionForScanned } from './scanned';

const place = 'p.c1.AAAAAAAAAAAAAAAAAAAAAA.s0.BBBBBBBBBBBBBBBBBBBBBB';
const member = 'm.c1.AAAAAAAAAAAAAAAAAAAAAA.1a2b3c.BBBBBBBBBBBBBBBBBBBBBB';

describe('what 扫一扫 does with a scanned code', () => {
  it('opens the claim page for a place code, bare or inside a poster link', () => {
    expect(actionForScanned(place)).toEqual({ kind: 'open', url: `/pages/benefits/claim?code=${encodeURIComponent(place)}` });
    expect(actionForScanned(`https://union.example/#/pages/benefits/claim?code=${encodeURIComponent(place)}`)).toEqual({
      kind: 'open',
      url: `/pages/benefits/claim?code=${encodeURIComponent(place)}`,
    });
  });

  it('explains a member code and anything else instead of going anywhere', () => {
    expect(actionForScanned(member)).toMatchObject({ kind: 'message', message: expect.stringContaining('这是会员码') });
    expect(actionForScanned('v.c1.AAAAAAAAAAAAAAAAAAAAAA.s0.BBBBBBBBBBBBBBBBBBBBBB')).toMatchObject({
      kind: 'message',
      message: expect.stringContaining('不能在这里使用'),
    });
    expect(actionForScanned('https://example.com/')).toMatchObject({ kind: 'message', message: expect.stringContaining('无法识别') });
  });
});
