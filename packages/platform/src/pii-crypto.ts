import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * National ID numbers at rest: AES-256-GCM with a random IV (`v1:<iv>:<tag>:<ciphertext>`,
 * base64url), and a separate keyed hash (HMAC-SHA256) for exact lookups through a unique index.
 */
export class PiiCipher {
  private readonly encKey: Buffer;
  private readonly hashKey: Buffer;

  /** Both keys are 32 bytes, base64-encoded (config: PII_ENCRYPTION_KEY, PII_HASH_KEY). */
  constructor(encryptionKeyB64: string, hashKeyB64: string) {
    this.encKey = Buffer.from(encryptionKeyB64, 'base64');
    this.hashKey = Buffer.from(hashKeyB64, 'base64');
    if (this.encKey.length !== 32 || this.hashKey.length !== 32) throw new Error('PII keys must be 32 bytes, base64');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join(':');
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, data] = sealed.split(':');
    if (version !== 'v1' || !iv || !tag || !data) throw new Error('unknown ciphertext format');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** The lookup hash of a normalised value (upper-case, no spaces). */
  hash(value: string): string {
    return createHmac('sha256', this.hashKey).update(value.replace(/\s/g, '').toUpperCase()).digest('base64url');
  }
}

/** Config validation of a 32-byte base64 key. */
export const isBase64Key32 = (v: string) => Buffer.from(v, 'base64').length === 32;
