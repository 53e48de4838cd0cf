import { idCheckChar } from '@union/shared';
import { createDevRealName } from './dev-realname';

const valid = '11010519491231002X';
const withCheck = (first17: string) => first17 + idCheckChar(first17);

describe('development real-name provider', () => {
  it('passes a valid ID number', async () => {
    const provider = createDevRealName([]);
    expect(provider.name).toBe('dev');
    await expect(provider.verify({ name: '张三', idNumber: valid, phone: '13800000000' })).resolves.toEqual({ outcome: 'passed' });
  });

  it('fails ID numbers on the reject list, whatever the case of X', async () => {
    const other = withCheck('11010219900307001');
    const provider = createDevRealName([valid]);
    await expect(provider.verify({ name: '张三', idNumber: '11010519491231002x', phone: '13800000000' })).resolves.toEqual({
      outcome: 'failed',
      reason: 'dev reject list',
    });
    await expect(provider.verify({ name: '李四', idNumber: other, phone: '13800000000' })).resolves.toEqual({ outcome: 'passed' });
  });

  it('fails an ID number with a wrong check character', async () => {
    const provider = createDevRealName([]);
    const result = await provider.verify({ name: '张三', idNumber: '110105194912310021', phone: '13800000000' });
    expect(result).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('invalid ID number') });
  });

  it('can add latency', async () => {
    const provider = createDevRealName([], { latencyMs: 50 });
    const started = Date.now();
    await provider.verify({ name: '张三', idNumber: valid, phone: '13800000000' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
