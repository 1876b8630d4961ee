import pino, { type Logger } from 'pino';
import type { Config } from '../config/config.js';
import { resolveKeys, type Keys } from '../config/keys.js';
import { softwareFieldCrypto, type FieldCrypto } from '../crypto/field-crypto.js';
import { openDatabase, type Db } from '../db/database.js';
import { systemClock, type Clock } from '../shared/clock.js';

/**
 * Everything a request or a job needs, built once at boot and passed down explicitly
 * (no module-level singletons, so tests can run several isolated instances in one process).
 */
export interface AppContext {
  config: Config;
  keys: Keys;
  db: Db;
  clock: Clock;
  log: Logger;
  /** Encryption of personal data and secrets at rest (replaceable by a hardware module). */
  fieldCrypto: FieldCrypto;
}

export interface ContextOptions {
  clock?: Clock;
  log?: Logger;
  keys?: Keys;
  db?: Db;
}

export async function createContext(config: Config, opts: ContextOptions = {}): Promise<AppContext> {
  const log = opts.log ?? pino({ level: config.logLevel, base: { app: 'shixiang' }, redact: REDACT });
  const keys = opts.keys ?? resolveKeys(config);
  return {
    config,
    keys,
    db:
      opts.db ??
      (await openDatabase(config.db, (err) =>
        log.warn({ err }, 'database connection lost while idle; the pool reconnects'),
      )),
    clock: opts.clock ?? systemClock,
    log,
    fieldCrypto: softwareFieldCrypto(keys.data),
  };
}

/** AUTH-12: credentials never reach the logs. */
export const REDACT = {
  paths: [
    'req.headers.cookie',
    'req.headers.authorization',
    'req.headers["x-csrf-token"]',
    'res.headers["set-cookie"]',
    '*.password',
    '*.newPassword',
    '*.currentPassword',
    '*.otp',
    '*.token',
  ],
  censor: '[redacted]',
};
