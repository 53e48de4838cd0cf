import { randomBytes } from 'node:crypto';
import { createFieldCrypto } from './crypto';
import { scrubText } from './logger';

const key = () => randomBytes(32);

describe('field encryption', () => {
  it('round-trips, never stores plaintext and uses a fresh IV each time', () => {
    const c = createFieldCrypto({ keyId: 'k1', key: key(), oldKeys: [], hmacKey: key() });
    const a = c.encrypt('13800000000');
    const b = c.encrypt('13800000000');
    expect(a).not.toContain('13800000000');
    expect(a).not.toBe(b);
    expect(c.decrypt(a)).toBe('13800000000');
  });

  it('reads values written with a rotated-out key', () => {
    const oldKey = key();
    const before = createFieldCrypto({ keyId: 'k0', key: oldKey, oldKeys: [], hmacKey: key() });
    const sealed = before.encrypt('11010519491231002X');
    const after = createFieldCrypto({ keyId: 'k1', key: key(), oldKeys: [{ id: 'k0', key: oldKey }], hmacKey: key() });
    expect(after.decrypt(sealed)).toBe('11010519491231002X');
    expect(after.encrypt('x').startsWith('k1.')).toBe(true);
  });

  it('detects tampering', () => {
    const c = createFieldCrypto({ keyId: 'k1', key: key(), oldKeys: [], hmacKey: key() });
    const sealed = c.encrypt('13800000000');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('13900000000').toString('base64url');
    expect(() => c.decrypt(parts.join('.'))).toThrow();
  });

  it('gives stable blind indexes that differ by purpose', () => {
    const c = createFieldCrypto({ keyId: 'k1', key: key(), oldKeys: [], hmacKey: key() });
    expect(c.blindIndex('phone', '13800000000')).toBe(c.blindIndex('phone', '13800000000'));
    expect(c.blindIndex('phone', '13800000000')).not.toBe(c.blindIndex('id', '13800000000'));
  });
});

describe('log scrubbing', () => {
  it('masks phones and ID numbers inside free text', () => {
    expect(scrubText('call 13812345678 now')).toBe('call 138****5678 now');
    expect(scrubText('id 11010519491231002X ok')).toBe('id 110***********002X ok');
    expect(scrubText('/api/v1/orgs?phone=13812345678')).toBe('/api/v1/orgs?phone=138****5678');
    expect(scrubText('order 2024112212345678901')).toBe('order 2024112212345678901');
  });
});
