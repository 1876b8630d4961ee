import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { checkpointFile, startCheckpoints } from '../../src/audit/checkpoint.js';
import { runCli } from '../../src/cli/main.js';
import { capture } from '../support/cli.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount } from '../support/factories.js';

/**
 * AUD-03 at the tail: signed checkpoints outside the database (DATA_DIR, HMAC-SM3 with a key derived from
 * AUDIT_HMAC_KEY) let `shixiang audit verify` detect that the newest records, or all of them, were deleted.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] audit checkpoints`, () => {
    let t: TestContext;
    const db = () => t.ctx.db.kysely;
    const verify = async () => {
      const c = capture(t.env);
      const code = await runCli(['audit', 'verify'], c.io);
      return { code, out: c.out.join('\n'), err: c.err.join('\n') };
    };
    const headSeq = async () =>
      Number(
        (
          await db()
            .selectFrom('audit_log')
            .select((eb) => eb.fn.max('seq').as('m'))
            .executeTakeFirstOrThrow()
        ).m,
      );
    const dropAppendOnly = async () => {
      if (dialect === 'postgres') await sql`alter table audit_log disable trigger audit_log_no_update`.execute(db());
      else await sql`drop trigger if exists audit_log_no_delete`.execute(db());
    };

    before(async () => {
      t = await createTestContext(dialect);
      for (let i = 0; i < 4; i++) await makeAccount(t.ctx, ['supervisor']);
    });
    after(() => t.cleanup());

    it('AUD-03: a checkpoint is written on demand and when the server stops; verify compares the chain with the newest', async () => {
      const c = capture(t.env);
      assert.equal(await runCli(['audit', 'checkpoint'], c.io), 0, c.err.join('\n'));
      assert.match(c.out.join('\n'), new RegExp(`checkpoint written: record #${await headSeq()}`));
      await makeAccount(t.ctx, ['verifier']);
      const stop = startCheckpoints(t.ctx);
      await stop(); // the shutdown checkpoint
      const lines = fs
        .readFileSync(checkpointFile(t.ctx.config), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      assert.equal(lines.length, 2);
      assert.equal(lines[1].seq, await headSeq());
      assert.equal(lines[1].count, await headSeq());
      assert.match(lines[1].sig, /^[0-9a-f]{64}$/);
      const ok = await verify();
      assert.equal(ok.code, 0, ok.err);
      assert.match(ok.out, new RegExp(`checkpoint of record #${lines[1].seq}`));
    });

    it('AUD-03: deleting the newest records is reported with exit 1, naming the missing range', async () => {
      const head = await headSeq();
      await dropAppendOnly();
      await db()
        .deleteFrom('audit_log')
        .where('seq', '>', head - 3)
        .execute();
      const res = await verify();
      assert.equal(res.code, 1);
      assert.match(res.err, new RegExp(`缺少第 ${head - 2}–${head} 条记录：晚于检查点的记录被删除`));
    });

    it('AUD-03: deleting every record is reported too', async () => {
      const newest = JSON.parse(fs.readFileSync(checkpointFile(t.ctx.config), 'utf8').trim().split('\n').at(-1)!);
      await db().deleteFrom('audit_log').execute();
      const res = await verify();
      assert.equal(res.code, 1);
      assert.match(res.err, new RegExp(`缺少第 1–${newest.seq} 条记录：晚于检查点的记录被删除`));
    });

    it('AUD-03: a checkpoint edited without the key is refused as forged', async () => {
      const file = checkpointFile(t.ctx.config);
      const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
      const last = JSON.parse(lines.at(-1)!);
      lines.push(JSON.stringify({ ...last, seq: 0, count: 0 }));
      fs.writeFileSync(file, lines.join('\n') + '\n');
      const res = await verify();
      assert.equal(res.code, 1);
      assert.match(res.err, new RegExp(`检查点文件第 ${lines.length} 行的签名无效`));
    });
  });
}
