import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { ItemContent } from '../../src/domain/item-content.js';
import { buildApp, type App } from '../../src/http/app.js';
import { signedIn, type Client } from './client.js';
import { createTestContext, type DialectName, type TestContext } from './context.js';
import { licenceContent, makeAccount, makeUnit } from './factories.js';

/** A district with `n` units (one signed-in clerk each) and the centre (two verifiers, a publisher, a supervisor). */
export async function district(t: TestContext, app: App, n: number, ipBase: string) {
  const units: Array<{ id: string; clerk: Client }> = [];
  for (let i = 0; i < n; i++) {
    const unit = await makeUnit(t.ctx);
    units.push({
      id: unit.id,
      clerk: await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], unit.id), t.clock, `${ipBase}.${i + 1}`),
    });
  }
  const verifier = await signedIn(app, await makeAccount(t.ctx, ['verifier']), t.clock, `${ipBase}.101`);
  const publisher = await signedIn(app, await makeAccount(t.ctx, ['publisher']), t.clock, `${ipBase}.102`);
  const supervisor = await signedIn(app, await makeAccount(t.ctx, ['supervisor']), t.clock, `${ipBase}.103`);
  return { units, verifier, publisher, supervisor };
}

let codeSeq = 0;
/** A fresh 基本编码 (the 12 characters are opaque; these never collide within a process). */
export const freshCode = () =>
  `00${String(1_000_000_000 + ((++codeSeq * 7 + process.pid) % 9_000_000_000)).slice(-10)}`;

/** Walks a version of the item through submit → verify → publish (each step must succeed). */
export async function passWorkflow(id: string, clerk: Client, verifier: Client, publisher: Client): Promise<void> {
  for (const [client, step] of [
    [clerk, 'submit'],
    [verifier, 'verify'],
    [publisher, 'publish'],
  ] as const) {
    const res = await client.post(`/api/v1/items/${id}/${step}`, step === 'submit' ? { attestation: true } : {});
    assert.equal(res.statusCode, 200, `${step}: ${res.body}`);
  }
}

/** Enters an item for the clerk's unit and publishes it; returns the item as created. */
export async function publishedItem(
  clerk: Client,
  verifier: Client,
  publisher: Client,
  overrides: Partial<ItemContent> = {},
): Promise<{ id: string; taskCode: string; version: number }> {
  const created = await clerk.post('/api/v1/items', {
    granularity: 'main',
    content: licenceContent({ catalogCode: freshCode(), ...overrides }),
  });
  assert.equal(created.statusCode, 201, created.body);
  await passWorkflow(created.json().id, clerk, verifier, publisher);
  return created.json();
}

/** The fixture most console and workflow suites need: a fresh database and app, one unit's clerk and the centre. */
export interface OneUnitDistrict {
  t: TestContext;
  app: App;
  clerk: Client;
  verifier: Client;
  publisher: Client;
}

/** Registers before/after hooks that build (and tear down) a one-unit district; read the fields inside tests. */
export function oneUnitDistrict(o: { dialect: DialectName; now: string; ipBase: string }): OneUnitDistrict {
  const s = {} as OneUnitDistrict;
  before(async () => {
    s.t = await createTestContext(o.dialect);
    s.t.clock.set(o.now);
    s.app = await buildApp(s.t.ctx);
    const d = await district(s.t, s.app, 1, o.ipBase);
    Object.assign(s, { clerk: d.units[0]!.clerk, verifier: d.verifier, publisher: d.publisher });
  });
  after(async () => {
    await s.app.close();
    await s.t.cleanup();
  });
  return s;
}
