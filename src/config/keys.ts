import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';

/** Secret key material, resolved once at boot. Never stored in the database or the repository. */
export interface Keys {
  /** HMAC-SM3 key of the audit chain. */
  audit: Buffer;
  /** Key material for SM4 field encryption (split into encryption and MAC keys by the crypto provider). */
  data: Buffer;
  /** HMAC-SM3 pepper for password verifiers. */
  pepper: Buffer;
}

const NAMES = ['audit', 'data', 'pepper'] as const;
type KeyName = (typeof NAMES)[number];
/** One hex key per name, asked for in NAMES order (the order keys.json is written in). */
const eachKey = (hexOf: (n: KeyName) => string): Record<KeyName, string> => ({
  audit: hexOf('audit'),
  data: hexOf('data'),
  pepper: hexOf('pepper'),
});

/**
 * Keys come from configuration. Outside production, missing keys are generated once into
 * `DATA_DIR/keys.json` (mode 0600) so that a demo database stays usable across restarts;
 * with NODE_ENV=test they are ephemeral unless configured.
 */
export function resolveKeys(config: Config): Keys {
  const configured = config.keys;
  const { audit, data, pepper } = configured;
  if (audit && data && pepper) return toKeys({ audit, data, pepper });
  if (config.env === 'test') return toKeys(eachKey((n) => configured[n] ?? randomBytes(32).toString('hex')));
  const file = path.join(config.dataDir, 'keys.json');
  let stored: Partial<Record<(typeof NAMES)[number], string>> = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, 'utf8'));
  const merged = eachKey((n) => configured[n] ?? stored[n] ?? randomBytes(32).toString('hex'));
  if (NAMES.some((n) => !configured[n] && stored[n] !== merged[n])) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(merged, null, 2) + '\n', { mode: 0o600 });
  }
  return toKeys(merged);
}

function toKeys(hex: Record<(typeof NAMES)[number], string>): Keys {
  return {
    audit: Buffer.from(hex.audit, 'hex'),
    data: Buffer.from(hex.data, 'hex'),
    pepper: Buffer.from(hex.pepper, 'hex'),
  };
}
