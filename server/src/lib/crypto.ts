import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface CryptoConfig {
  keyId: string;
  key: Buffer;
  oldKeys: { id: string; key: Buffer }[];
  hmacKey: Buffer;
}

/**
 * Field encryption for personal data (PIPL): AES-256-GCM with a key id in every value so
 * keys can rotate (old keys stay configured for reading), plus an HMAC blind index for
 * equality look-ups and uniqueness without decrypting.
 */
export function createFieldCrypto(config: CryptoConfig) {
  const keys = new Map<string, Buffer>([[config.keyId, config.key], ...config.oldKeys.map((k) => [k.id, k.key] as const)]);

  return {
    encrypt(plain: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', config.key, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [config.keyId, iv.toString('base64url'), tag.toString('base64url'), ct.toString('base64url')].join('.');
    },
    decrypt(value: string): string {
      const [keyId, iv, tag, ct] = value.split('.');
      const key = keyId ? keys.get(keyId) : undefined;
      if (!key || !iv || !tag || ct === undefined) throw new Error(`cannot decrypt: unknown key id or malformed value`);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    },
    /** Deterministic keyed hash; `purpose` keeps indexes of different fields apart. */
    blindIndex(purpose: string, value: string): string {
      return createHmac('sha256', config.hmacKey).update(`${purpose}\0${value}`).digest('base64url');
    },
  };
}

export type FieldCrypto = ReturnType<typeof createFieldCrypto>;

export const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
