import { jest } from '@jest/globals';
import type { MemberCodeResponse } from '@union/shared';
import { createMemberCodeController, EXPIRED_MESSAGE, SAFETY_MS, type MemberCodeView } from './member-code';

/** What the server answers: a code valid `expiresIn` s, the next one ready in `refreshIn` s. */
const answer = (n: number, expiresIn = 45, refreshIn = 15): MemberCodeResponse => ({
  code: `m.c1.code${n}`,
  shortCode: null,
  expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString(),
  refreshAt: new Date(Date.now() + refreshIn * 1000).toISOString(),
  expiresIn,
  refreshIn,
});

function setup(script: (call: number) => Promise<MemberCodeResponse>) {
  let calls = 0;
  const views: MemberCodeView[] = [];
  const fetchCode = jest.fn(() => script(++calls));
  const controller = createMemberCodeController({
    fetchCode,
    onChange: (v) => views.push(v),
    isFinal: (e) => (e as { code?: string }).code === 'members.not_member',
  });
  return { controller, fetchCode, views, last: () => controller.view() };
}

const networkDown = () => Promise.reject(Object.assign(new Error('网络连接失败，请检查网络后重试'), { code: 'network.failed' }));
const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};
const advance = async (ms: number) => {
  await jest.advanceTimersByTimeAsync(ms);
  await settle();
};

beforeEach(() => jest.useFakeTimers({ now: new Date('2026-11-24T10:00:00Z') }));
afterEach(() => jest.useRealTimers());

describe('the member code on the card page', () => {
  it('shows the code with a countdown and swaps in the next one when it is ready', async () => {
    const { controller, fetchCode, last } = setup(async (n) => answer(n));
    controller.start();
    expect(last()).toEqual({ phase: 'loading' });
    await settle();
    expect(last()).toEqual({ phase: 'showing', code: 'm.c1.code1', shortCode: null, secondsLeft: 15, refreshing: false });
    await advance(5_000);
    expect(last()).toMatchObject({ code: 'm.c1.code1', secondsLeft: 10 });
    await advance(10_000);
    expect(fetchCode).toHaveBeenCalledTimes(2);
    expect(last()).toMatchObject({ phase: 'showing', code: 'm.c1.code2', secondsLeft: 15, refreshing: false });
  });

  it('on a weak network keeps the valid code with 正在刷新…, then takes it away when it expires, and recovers on retry', async () => {
    let online = true;
    const { controller, fetchCode, last } = setup((n) => (online ? Promise.resolve(answer(n)) : networkDown()));
    controller.start();
    await settle();
    online = false;
    await advance(15_000);
    expect(last()).toMatchObject({ phase: 'showing', code: 'm.c1.code1', refreshing: true });
    const triesBefore = fetchCode.mock.calls.length;
    await advance(10_000);
    expect(fetchCode.mock.calls.length).toBeGreaterThan(triesBefore);
    expect(last()).toMatchObject({ phase: 'showing', code: 'm.c1.code1', refreshing: true });
    // 45 s of life minus the safety margin: from then on the code is never shown.
    await advance(45_000 - SAFETY_MS - 25_000);
    expect(last()).toEqual({ phase: 'error', message: EXPIRED_MESSAGE, retryable: true });
    await advance(60_000);
    expect(last().phase).toBe('error');
    const stopped = fetchCode.mock.calls.length;
    await advance(60_000);
    expect(fetchCode.mock.calls.length).toBe(stopped);

    online = true;
    controller.retry();
    await settle();
    expect(last()).toMatchObject({ phase: 'showing', refreshing: false });
  });

  it('never shows a code past its lifetime, whatever the timers do', async () => {
    const { controller, last } = setup(async (n) => answer(n, 20, 30));
    controller.start();
    await settle();
    expect(last().phase).toBe('showing');
    jest.setSystemTime(Date.now() + 20_000 - SAFETY_MS);
    expect(last().phase).toBe('error');
  });

  it('fetches nothing while the page is hidden, and on return shows no stale code', async () => {
    const { controller, fetchCode, last } = setup(async (n) => answer(n));
    controller.start();
    await settle();
    controller.pause();
    await advance(120_000);
    expect(fetchCode).toHaveBeenCalledTimes(1);
    expect(last().phase).not.toBe('showing');
    controller.start();
    expect(last()).toEqual({ phase: 'loading' });
    await settle();
    expect(fetchCode).toHaveBeenCalledTimes(2);
    expect(last()).toMatchObject({ phase: 'showing', code: 'm.c1.code2' });
  });

  it('coming back within the code’s life shows it again without a request', async () => {
    const { controller, fetchCode, last } = setup(async (n) => answer(n));
    controller.start();
    await settle();
    controller.pause();
    await advance(5_000);
    controller.start();
    expect(fetchCode).toHaveBeenCalledTimes(1);
    expect(last()).toMatchObject({ phase: 'showing', code: 'm.c1.code1', secondsLeft: 10 });
    await advance(10_000);
    expect(fetchCode).toHaveBeenCalledTimes(2);
  });

  it('stops without retrying when the account is not a member', async () => {
    const { controller, fetchCode, last } = setup(() => Promise.reject(Object.assign(new Error('您还不是工会会员'), { code: 'members.not_member' })));
    controller.start();
    await settle();
    expect(last()).toEqual({ phase: 'error', message: '您还不是工会会员', retryable: false });
    await advance(60_000);
    expect(fetchCode).toHaveBeenCalledTimes(1);
  });

  it('a screenshot asks for a new code at once', async () => {
    const { controller, fetchCode, last } = setup(async (n) => answer(n));
    controller.start();
    await settle();
    await advance(2_000);
    controller.refreshNow();
    await settle();
    expect(fetchCode).toHaveBeenCalledTimes(2);
    expect(last()).toMatchObject({ code: 'm.c1.code2', secondsLeft: 15 });
  });
});
