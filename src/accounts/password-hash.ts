import { createHmac, pbkdf2, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  pw: Buffer,
  salt: Buffer,
  keylen: number,
  opts: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;
const pbkdf2Async = promisify(pbkdf2);

/**
 * Password verifiers: `v1$scrypt$<logN>.<r>.<p>$<salt>$<hash>` (memory-hard, default) or
 * `v1$pbkdf2-sm3$<iterations>$<salt>$<hash>` (for 密评). The password is first keyed with an HMAC-SM3
 * pepper held outside the database, so a stolen table alone cannot be attacked offline.
 */
export type HashAlgorithm = 'scrypt' | 'pbkdf2-sm3';

export interface HashCost {
  scryptLogN: number;
  pbkdf2Iterations: number;
}

/** Production cost (~100 ms+ per verification on a 2-core server); tests pass a lower one. */
export const DEFAULT_COST: HashCost = { scryptLogN: 15, pbkdf2Iterations: 600_000 };
export const TEST_COST: HashCost = { scryptLogN: 10, pbkdf2Iterations: 1_000 };

const peppered = (pepper: Buffer, password: string) => createHmac('sm3', pepper).update(password, 'utf8').digest();

export async function hashPassword(
  password: string,
  pepper: Buffer,
  algorithm: HashAlgorithm,
  cost: HashCost,
): Promise<string> {
  const salt = randomBytes(16);
  const input = peppered(pepper, password);
  if (algorithm === 'scrypt') {
    const hash = await scryptAsync(input, salt, 32, scryptOpts(cost.scryptLogN));
    return `v1$scrypt$${cost.scryptLogN}.8.1$${salt.toString('base64url')}$${hash.toString('base64url')}`;
  }
  const hash = await pbkdf2Async(input, salt, cost.pbkdf2Iterations, 32, 'sm3');
  return `v1$pbkdf2-sm3$${cost.pbkdf2Iterations}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifyPassword(password: string, verifier: string, pepper: Buffer): Promise<boolean> {
  const [version, algorithm, params, saltText, hashText] = verifier.split('$');
  if (version !== 'v1' || !params || !saltText || !hashText) return false;
  const salt = Buffer.from(saltText, 'base64url');
  const expected = Buffer.from(hashText, 'base64url');
  const input = peppered(pepper, password);
  let actual: Buffer;
  if (algorithm === 'scrypt') {
    actual = await scryptAsync(input, salt, expected.length, scryptOpts(Number(params.split('.')[0])));
  } else if (algorithm === 'pbkdf2-sm3') {
    actual = await pbkdf2Async(input, salt, Number(params), expected.length, 'sm3');
  } else {
    return false;
  }
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** True when the verifier was made with another algorithm or cost: re-hash at the next successful login. */
export function needsRehash(verifier: string, algorithm: HashAlgorithm, cost: HashCost): boolean {
  const [, alg, params] = verifier.split('$');
  if (alg !== algorithm) return true;
  return algorithm === 'scrypt' ? params !== `${cost.scryptLogN}.8.1` : Number(params) !== cost.pbkdf2Iterations;
}

function scryptOpts(logN: number) {
  return { N: 2 ** logN, r: 8, p: 1, maxmem: 2 ** logN * 8 * 128 * 2 };
}
