import { randomBytes } from 'node:crypto';
import { SYSTEM_ACTOR } from '../../../src/auth/actor.js';
import { registerChannel } from '../../../src/publishing/channel.service.js';
import { createTestContext, type DialectName, type TestContext } from '../../support/context.js';
import { makeAccount, makeUnit, type TestAccount } from '../../support/factories.js';
import { RemoteClient } from './remote-client.js';
import type { ServerProcess } from './server-process.js';

/**
 * A database prepared for a server process: units, one clerk per unit, a verifier and a publisher, and
 * optionally webhook channels. Keys are fixed in the environment so every restart of the process (and the
 * harness's own context on the same database) reads the same audit chain, passwords and encrypted fields.
 */
export interface ProcessDistrict {
  t: TestContext;
  /** Environment for `shixiang serve` on this database. */
  env: Record<string, string>;
  units: string[];
  clerks: TestAccount[];
  verifier: TestAccount;
  publisher: TestAccount;
  cleanup(): Promise<void>;
}

export async function processDistrict(
  dialect: DialectName,
  o: { units: number; webhooks?: string[]; env?: Record<string, string> },
): Promise<ProcessDistrict> {
  const key = () => randomBytes(32).toString('hex');
  const t = await createTestContext(dialect, {
    env: {
      DATA_ENCRYPTION_KEY: key(),
      PASSWORD_PEPPER: key(),
      OUTBOUND_ALLOWED_CIDRS: '127.0.0.1/32',
      TRUSTED_PROXIES: '127.0.0.1',
      ...o.env,
    },
  });
  t.clock.set(new Date().toISOString());
  const units: string[] = [];
  const clerks: TestAccount[] = [];
  for (let i = 0; i < o.units; i++) {
    const unit = await makeUnit(t.ctx);
    units.push(unit.id);
    clerks.push(await makeAccount(t.ctx, ['unit_clerk'], unit.id));
  }
  const verifier = await makeAccount(t.ctx, ['verifier']);
  const publisher = await makeAccount(t.ctx, ['publisher']);
  for (const [i, url] of (o.webhooks ?? []).entries()) {
    await registerChannel(
      { app: t.ctx, actor: SYSTEM_ACTOR, meta: {} },
      { name: `订阅方${i + 1}`, kind: 'other', expectedSync: 'webhook', webhookUrl: url, active: true },
    );
  }
  return { t, env: { ...t.env, LOG_LEVEL: 'warn' }, units, clerks, verifier, publisher, cleanup: () => t.cleanup() };
}

/** Signed-in clients of a running server: one per clerk, the verifier and the publisher. */
export async function staffOf(d: ProcessDistrict, server: ServerProcess) {
  const base = () => server.url;
  return {
    clerks: await Promise.all(d.clerks.map((a) => new RemoteClient(base).signIn(a))),
    verifier: await new RemoteClient(base).signIn(d.verifier),
    publisher: await new RemoteClient(base).signIn(d.publisher),
  };
}
export type Staff = Awaited<ReturnType<typeof staffOf>>;
