import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyAuditChain } from '../../src/audit/audit.service.js';
import { composeTaskCode } from '../../src/domain/task-code.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { licenceContent, makeUnit } from '../support/factories.js';

const MAIN = path.resolve('src/cli/main.ts');

describe('[sqlite] an import killed half-way (SIGKILL) leaves the database exactly as before', () => {
  let t: TestContext;
  let file: string;
  before(async () => {
    t = await createTestContext('sqlite');
    const unit = await makeUnit(t.ctx);
    const lines = Array.from({ length: 1200 }, (_, i) => {
      const catalogCode = `K${String(i).padStart(11, '0')}`;
      return JSON.stringify({
        taskCode: composeTaskCode({ uscc: unit.uscc, level: t.ctx.config.jurisdiction.level, catalogCode }),
        granularity: 'main',
        content: licenceContent({ name: `中断测试${i}`, catalogCode }),
      });
    });
    file = path.join(t.env.DATA_DIR!, 'many.jsonl');
    fs.writeFileSync(file, lines.join('\n'));
  });
  after(async () => t.cleanup());

  it('no item, no audit record, an intact chain', async () => {
    const auditBefore = await t.ctx.db.kysely
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'import', file, '--apply'], {
      env: { ...process.env, ...t.env, DATABASE_URL: '' },
    });
    // The first progress line says a batch of items is written (inside the open transaction): kill it there.
    const killed = await new Promise<boolean>((resolve, reject) => {
      let err = '';
      child.stderr.on('data', (c: Buffer) => {
        err += c.toString();
        if (/^[1-9]\d*\/1200 items/m.test(err)) resolve(child.kill('SIGKILL'));
      });
      child.on('exit', (code) => reject(new Error(`import ended (${code}) before it could be killed: ${err}`)));
      setTimeout(() => reject(new Error('no progress within 60 s')), 60_000);
    });
    assert.ok(killed);
    await new Promise((resolve) => child.once('exit', resolve));
    const items = await t.ctx.db.kysely
      .selectFrom('items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(items.n), 0);
    const auditAfter = await t.ctx.db.kysely
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(auditAfter.n), Number(auditBefore.n));
    assert.ok((await verifyAuditChain(t.ctx.db, t.ctx.keys.audit)).ok);
  });
});
