import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from './sm.js';

/**
 * Encryption of personal data and secrets at rest (密评 8.4 e; CRY-04/05), behind a small interface so a
 * hardware module (服务器密码机) or a cloud 密码服务 can replace the software implementation.
 *
 * Software provider: SM4-CBC with a random IV, then HMAC-SM3 over (version ‖ aad ‖ iv ‖ ciphertext):
 * encrypt-then-MAC, because Node 20's OpenSSL has no SM4-GCM. The AAD binds a value to its row and column,
 * so ciphertexts cannot be swapped between rows.
 */
export interface FieldCrypto {
  encrypt(plaintext: string, aad: string): string;
  /** Throws when the envelope was altered or belongs to another row/column. */
  decrypt(envelope: string, aad: string): string;
  /** Deterministic keyed hash for exact-match lookups on encrypted values (blind index). */
  blindIndex(value: string): string;
}

const VERSION = 'v1';

export function softwareFieldCrypto(keyMaterial: Buffer): FieldCrypto {
  // Separate keys for encryption, authentication and indexing, derived from one configured secret.
  const derive = (label: string) => createHmac('sm3', keyMaterial).update(label).digest();
  const encKey = derive('sm4-enc').subarray(0, 16);
  const macKey = derive('hmac-sm3');
  const idxKey = derive('blind-index');
  const mac = (aad: string, iv: Buffer, ct: Buffer) =>
    createHmac('sm3', macKey)
      .update(VERSION)
      .update('\0')
      .update(aad)
      .update('\0')
      .update(iv)
      .update(ct)
      .digest('base64url');

  return {
    encrypt(plaintext, aad) {
      const iv = randomBytes(16);
      const cipher = createCipheriv('sm4-cbc', encKey, iv);
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64url'), ct.toString('base64url'), mac(aad, iv, ct)].join('.');
    },
    decrypt(envelope, aad) {
      const [version, ivText, ctText, tag] = envelope.split('.');
      if (version !== VERSION || !ivText || !ctText || !tag) throw new Error('field crypto: malformed envelope');
      const iv = Buffer.from(ivText, 'base64url');
      const ct = Buffer.from(ctText, 'base64url');
      if (!safeEqual(mac(aad, iv, ct), tag)) throw new Error('field crypto: authentication failed');
      const decipher = createDecipheriv('sm4-cbc', encKey, iv);
      return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
    },
    blindIndex(value) {
      return createHmac('sm3', idxKey).update(value.normalize('NFKC').trim()).digest('hex');
    },
  };
}
