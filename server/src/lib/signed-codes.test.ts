import { randomBytes } from 'node:crypto';
import { createCodeSigner, SignedCodeError, type SignedCodeFailure } from './signed-codes';

const MEMBER = '0b9d6a4e-3f1c-4c2a-9d7e-5a1b2c3d4e5f';
const k1 = randomBytes(32);
const k2 = randomBytes(32);
const signer = createCodeSigner({ currentKid: 'k1', keys: new Map([['k1', k1]]) }, { stepSeconds: 30 });

function refusal(fn: () => unknown): SignedCodeFailure | 'accepted' {
  try {
    fn();
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(SignedCodeError);
    return (error as SignedCodeError).reason;
  }
}

describe('signed QR codes', () => {
  const t0 = 1_790_000_010; // 10 s into a 30 s step

  it('round-trips a member code and is short enough for a low-density QR', () => {
    const { code, issuedAt } = signer.signRotating('m', MEMBER, t0);
    expect(code.length).toBeLessThanOrEqual(70);
    expect(issuedAt).toBe(t0 - (t0 % 30));
    const v = signer.verify(code, { purpose: 'm', maxAgeSeconds: 60, now: t0 + 1 });
    expect(v).toMatchObject({ subject: MEMBER, kid: 'k1', purpose: 'm', issuedAt, expiresAt: issuedAt + 60 });
  });

  it('expires maxAge seconds after its step began, never later', () => {
    const { code, issuedAt } = signer.signRotating('m', MEMBER, t0);
    expect(refusal(() => signer.verify(code, { purpose: 'm', maxAgeSeconds: 60, now: issuedAt + 59.9 }))).toBe('accepted');
    expect(refusal(() => signer.verify(code, { purpose: 'm', maxAgeSeconds: 60, now: issuedAt + 60 }))).toBe('expired');
  });

  it('names the subject of a genuine code refused for its time only, and never of a forged one', () => {
    const { code, issuedAt } = signer.signRotating('b', MEMBER, t0);
    const subjectOf = (c: string) => {
      try {
        signer.verify(c, { purpose: 'b', maxAgeSeconds: 60, now: issuedAt + 61 });
      } catch (error) {
        return [(error as SignedCodeError).reason, (error as SignedCodeError).subject];
      }
      return ['accepted'];
    };
    expect(subjectOf(code)).toEqual(['expired', MEMBER]);
    const forged = code.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(subjectOf(forged)).toEqual(['bad_signature', undefined]);
  });

  it('refuses a code from a step that has not begun (clock games)', () => {
    const { code } = signer.signRotating('m', MEMBER, t0 + 600);
    expect(refusal(() => signer.verify(code, { purpose: 'm', maxAgeSeconds: 60, now: t0 }))).toBe('future');
  });

  it('refuses a code made for another purpose, even with a valid signature', () => {
    const { code } = signer.signRotating('p', MEMBER, t0);
    expect(refusal(() => signer.verify(code, { purpose: 'm', maxAgeSeconds: 60, now: t0 }))).toBe('wrong_purpose');
  });

  it('refuses every single-character change, including spellings that decode to the same bytes', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let n = 0; n < 20; n++) {
      const { code } = signer.signRotating('m', MEMBER, t0 + n * 30);
      for (let i = 0; i < code.length; i++) {
        if (code[i] === '.') continue;
        for (const c of alphabet) {
          if (c === code[i]) continue;
          const changed = code.slice(0, i) + c + code.slice(i + 1);
          expect(refusal(() => signer.verify(changed, { purpose: 'm', maxAgeSeconds: 60, now: t0 + n * 30 }))).not.toBe('accepted');
        }
      }
    }
  });

  it('refuses another member id spliced into a valid code', () => {
    const mine = signer.signRotating('m', MEMBER, t0).code.split('.');
    const other = signer.signRotating('m', '11111111-2222-4333-8444-555555555555', t0).code.split('.');
    const spliced = [mine[0], mine[1], other[2], mine[3], mine[4]].join('.');
    expect(refusal(() => signer.verify(spliced, { purpose: 'm', maxAgeSeconds: 60, now: t0 }))).toBe('bad_signature');
  });

  it('rotates keys: old codes verify while the old key is configured, unknown keys are refused', () => {
    const old = signer.signStatic('p', MEMBER, 0);
    const rotated = createCodeSigner(
      {
        currentKid: 'k2',
        keys: new Map([
          ['k1', k1],
          ['k2', k2],
        ]),
      },
      { stepSeconds: 30 },
    );
    expect(rotated.verify(old, { purpose: 'p', maxAgeSeconds: 60, allowStatic: true }).kid).toBe('k1');
    expect(rotated.signStatic('p', MEMBER).split('.')[1]).toBe('k2');
    const retired = createCodeSigner({ currentKid: 'k2', keys: new Map([['k2', k2]]) }, { stepSeconds: 30 });
    expect(refusal(() => retired.verify(old, { purpose: 'p', maxAgeSeconds: 60, allowStatic: true }))).toBe('unknown_key');
  });

  it('accepts a static code only where static codes are allowed, and reports its generation', () => {
    const poster = signer.signStatic('p', MEMBER, 3);
    expect(refusal(() => signer.verify(poster, { purpose: 'p', maxAgeSeconds: 60 }))).toBe('static_not_allowed');
    expect(signer.verify(poster, { purpose: 'p', maxAgeSeconds: 60, allowStatic: true, now: t0 + 10 ** 8 })).toMatchObject({
      subject: MEMBER,
      generation: 3,
      expiresAt: null,
    });
  });

  it('packs short non-uuid subjects too', () => {
    const code = signer.signStatic('e', 'EVT8K2', 0);
    expect(signer.verify(code, { purpose: 'e', maxAgeSeconds: 1, allowStatic: true }).subject).toBe('EVT8K2');
  });

  it.each(['', 'x', 'a.b.c.d', 'm.k1.abc.1.def.ghi', '😀'.repeat(50), 'M.k1.AAAAAAAAAAAAAAAAAAAAAA.1.AAAAAAAAAAAAAAAAAAAAAA'])('calls %j malformed', (bad) => {
    expect(refusal(() => signer.verify(bad, { purpose: 'm', maxAgeSeconds: 60 }))).toBe('malformed');
  });
});
