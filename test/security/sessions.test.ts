import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { Client, signedIn } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount, makeUnit } from '../support/factories.js';

const MIN = 60_000;

for (const dialect of testDialects()) {
  describe(`[${dialect}] sessions and tokens of expired, locked and administered accounts`, () => {
    let t: TestContext;
    let app: App;
    let unitId: string;
    let sec: Client;
    before(async () => {
      t = await createTestContext(dialect);
      app = await buildApp(t.ctx);
      unitId = (await makeUnit(t.ctx)).id;
      sec = await signedIn(app, await makeAccount(t.ctx, ['secadmin']), t.clock, '10.30.0.1');
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });
    // Fresh rate-limit windows; the security administrator's session stays alive (admin idle limit 15 min).
    beforeEach(async () => {
      t.clock.advance(10 * MIN);
      await sec.get('/api/v1/auth/me');
    });

    const db = () => t.ctx.db.kysely;
    const setUser = (id: string, patch: { expires_at?: string | null; locked_until?: string | null }) => db().updateTable('users').set(patch).where('id', '=', id).execute();
    const inMinutes = (n: number) => new Date(t.clock.now().getTime() + n * MIN).toISOString();

    async function tokenFor(ownerId: string): Promise<Record<string, string>> {
      const res = await sec.post('/api/v1/tokens', { name: '网办系统', userId: ownerId, scopes: ['item.read'] });
      assert.equal(res.statusCode, 201, res.body);
      return { authorization: `Bearer ${res.json().token}` };
    }

    it('AUTH-11: once an account\'s expires_at has passed, its open session and its API tokens stop working', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const c = await signedIn(app, acc, t.clock, '10.30.0.2');
      const bearer = await tokenFor(acc.id);
      const machine = new Client(app, '10.30.0.3');
      assert.equal((await c.get('/api/v1/items')).statusCode, 200);
      assert.equal((await machine.get('/api/v1/items', bearer)).statusCode, 200);
      await setUser(acc.id, { expires_at: inMinutes(5) });
      assert.equal((await c.get('/api/v1/items')).statusCode, 200, 'not yet expired');
      t.clock.advance(6 * MIN);
      await sec.get('/api/v1/auth/me');
      assert.equal((await c.get('/api/v1/items')).statusCode, 401);
      assert.equal((await machine.get('/api/v1/items', bearer)).statusCode, 401);
      assert.deepEqual(await db().selectFrom('sessions').select('id_hash').where('user_id', '=', acc.id).execute(), [], 'the session was deleted');
    });

    it('AUTH-05: a locked account\'s API tokens are refused until the lock ends; a session that escaped the lock is refused too', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const bearer = await tokenFor(acc.id);
      const c = await signedIn(app, acc, t.clock, '10.30.0.4');
      const machine = new Client(app, '10.30.0.5');
      // Set the lock directly, as a concurrent attempt would, without the session clean-up of the lockout path.
      await setUser(acc.id, { locked_until: inMinutes(30) });
      assert.equal((await machine.get('/api/v1/items', bearer)).statusCode, 401);
      assert.equal((await c.get('/api/v1/items')).statusCode, 401);
      t.clock.advance(31 * MIN);
      assert.equal((await machine.get('/api/v1/items', bearer)).statusCode, 200, 'the token works again after the lock');
      await sec.get('/api/v1/auth/me');
    });

    it('AUTH-05: the lockout itself ends the account\'s sessions', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const c = await signedIn(app, acc, t.clock, '10.30.0.6');
      for (let i = 0; i < 5; i++) await new Client(app, '10.30.0.7').post('/api/v1/auth/login', { username: acc.username, password: 'Wrong-pass-1' });
      assert.equal((await c.get('/api/v1/auth/me')).statusCode, 401);
    });
  });
}
