import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { runCli } from '../../src/cli/main.js';
import { buildApp, type App } from '../../src/http/app.js';
import { signedIn } from '../support/client.js';
import { capture } from '../support/cli.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount } from '../support/factories.js';

for (const dialect of testDialects()) {
  describe(`[${dialect}] audit trail`, () => {
    let t: TestContext;
    let app: App;
    before(async () => {
      t = await createTestContext(dialect);
      app = await buildApp(t.ctx);
      for (let i = 0; i < 3; i++) await makeAccount(t.ctx, ['supervisor']);
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    it('AUD-03: the application cannot update or delete audit records', async () => {
      await assert.rejects(
        t.ctx.db.kysely.updateTable('audit_log').set({ reason: 'x' }).where('seq', '=', 1).execute(),
        /append-only/,
      );
      await assert.rejects(t.ctx.db.kysely.deleteFrom('audit_log').where('seq', '=', 1).execute(), /append-only/);
    });

    it('AUD-04: when the audit record cannot be written, the change fails with 503 and nothing is committed', async () => {
      const sec = await signedIn(app, await makeAccount(t.ctx, ['secadmin']), t.clock, '10.3.0.1');
      const before = await t.ctx.db.kysely
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      if (dialect === 'postgres') {
        await sql`create function audit_sink_down() returns trigger language plpgsql as $$ begin raise exception 'audit sink down'; end $$`.execute(
          t.ctx.db.kysely,
        );
        await sql`create trigger audit_sink_down before insert on audit_log for each row execute function audit_sink_down()`.execute(
          t.ctx.db.kysely,
        );
      } else {
        await sql`create trigger audit_sink_down before insert on audit_log begin select raise(abort, 'audit sink down'); end`.execute(
          t.ctx.db.kysely,
        );
      }
      try {
        const res = await sec.post('/api/v1/accounts', {
          username: 'should.not.exist',
          displayName: '不应存在',
          unitId: null,
          roles: ['supervisor'],
        });
        assert.equal(res.statusCode, 503);
        assert.equal(res.json().error.code, 'UNAVAILABLE');
      } finally {
        await sql`drop trigger audit_sink_down ${sql.raw(dialect === 'postgres' ? 'on audit_log' : '')}`.execute(
          t.ctx.db.kysely,
        );
      }
      const afterCount = await t.ctx.db.kysely
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(afterCount.n), Number(before.n));
    });

    it('`shixiang audit verify` passes on an intact chain and names the first edited record', async () => {
      const ok = capture(t.env);
      assert.equal(await runCli(['audit', 'verify'], ok.io), 0, ok.err.join('\n'));
      assert.match(ok.out.join('\n'), /intact: \d+ records/);

      // A DBA who bypasses the append-only trigger still cannot hide the edit.
      if (dialect === 'postgres')
        await sql`alter table audit_log disable trigger audit_log_no_update`.execute(t.ctx.db.kysely);
      else await sql`drop trigger audit_log_no_update`.execute(t.ctx.db.kysely);
      await t.ctx.db.kysely.updateTable('audit_log').set({ actor_name: '篡改者' }).where('seq', '=', 2).execute();
      const broken = capture(t.env);
      assert.equal(await runCli(['audit', 'verify'], broken.io), 1);
      assert.match(broken.err.join('\n'), /record #2\b/);
    });

    it('a deleted record is reported as a gap', async () => {
      if (dialect === 'postgres')
        await sql`alter table audit_log disable trigger audit_log_no_update`.execute(t.ctx.db.kysely);
      else await sql`drop trigger if exists audit_log_no_delete`.execute(t.ctx.db.kysely);
      await t.ctx.db.kysely
        .updateTable('audit_log')
        .set({ actor_name: null })
        .where('seq', '=', 2)
        .execute()
        .catch(() => undefined);
      await t.ctx.db.kysely.deleteFrom('audit_log').where('seq', '=', 1).execute();
      const res = capture(t.env);
      assert.equal(await runCli(['audit', 'verify'], res.io), 1);
      assert.match(res.err.join('\n'), /record #1\b.*deleted/);
    });
  });
}
