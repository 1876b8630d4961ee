import { Secret, TOTP } from 'otpauth';

/**
 * Second factor: TOTP (RFC 6238, HMAC-SHA1, 6 digits, 30 s), the algorithm every authenticator app
 * supports. A code is accepted once: the caller stores the last accepted time step.
 */
export const TOTP_PERIOD = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secret: string, account: string, issuer: string): string {
  return new TOTP({ issuer, label: account, secret: Secret.fromBase32(secret), period: TOTP_PERIOD }).toString();
}

/** The time step the code belongs to (±1 step of drift), or null when the code is wrong. */
export function matchTotp(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = new TOTP({ secret: Secret.fromBase32(secret), period: TOTP_PERIOD });
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD) + delta;
}

/** Generates the current code (used by tests and the demo-account printout only). */
export function currentTotp(secret: string, now: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret), period: TOTP_PERIOD }).generate({ timestamp: now.getTime() });
}
