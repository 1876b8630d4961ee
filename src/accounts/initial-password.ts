import { randomInt } from 'node:crypto';

const GROUPS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '-_.!@#%'];

/**
 * A one-time password for a new or reset account (AUTH-04): 16 characters from a CSPRNG, all four
 * character classes, no look-alike characters, so it can be read out over the phone.
 */
export function generateInitialPassword(length = 16): string {
  const all = GROUPS.join('');
  const chars = GROUPS.map((g) => g[randomInt(g.length)]!);
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
