import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createContext } from '../../src/app/context.js';
import { runCli } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/config.js';
import { composeTaskCode } from '../../src/domain/task-code.js';
import { importItems } from '../../src/exchange/import.service.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { licenceContent, makeUnit } from '../support/factories.js';
import { exportBuffer, jsonLines, systemUc } from '../exchange/support.js';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const quiet = (env: Record<string, string>) => {
  const out: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => out.push(s), env }, out };
};

for (const dialect of testDialects()) {
  describe(`[${dialect}] backup → restore into an empty database → verify`, () => {
    let t: TestContext;
    let target: Record<string, string>;
    let file: string;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixiang-backup-'));
    let dropTarget = async () => {};
    before(async () => {
      t = await createTestContext(dialect);
      const unit = await makeUnit(t.ctx);
      const items = [1, 2, 3].map((i) => {
        const catalogCode = `00011705200${i}`;
        return {
          taskCode: composeTaskCode({ uscc: unit.uscc, level: t.ctx.config.jurisdiction.level, catalogCode }),
          granularity: 'main' as const,
          content: licenceContent({ name: `备份测试事项${i}`, catalogCode }),
        };
      });
      const r = await importItems(systemUc(t.ctx), [{ name: 'x.jsonl', data: jsonLines(items) }], {
        apply: true,
        asPublished: true,
      });
      assert.deepEqual(r.problems, []);
      file = path.join(dir, 'shixiang.backup');
      target = { ...t.env, DATA_DIR: path.join(dir, 'restored') };
      if (dialect === 'postgres') {
        const name = `shixiang_r_${randomBytes(6).toString('hex')}`;
        await admin(`create database ${name}`);
        const url = new URL(process.env.DATABASE_URL!);
        url.pathname = `/${name}`;
        target.DATABASE_URL = url.toString();
        dropTarget = () => admin(`drop database if exists ${name} with (force)`);
      }
    });
    after(async () => {
      await t.cleanup();
      await dropTarget();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('the backup has a manifest; the restore brings back equal row counts, an intact audit chain and the same catalogue', async () => {
      const b = quiet(t.env);
      assert.equal(await runCli(['backup', file], b.io), 0, b.out.join('\n'));
      const manifest = JSON.parse(fs.readFileSync(`${file}.manifest.json`, 'utf8'));
      assert.equal(manifest.counts.items, 3);
      assert.ok(manifest.counts.audit_log > 3);
      const r = quiet(target);
      assert.equal(await runCli(['restore', file], r.io), 0, r.out.join('\n'));
      assert.match(r.out.join('\n'), /audit chain intact/);
      const restored = await createContext(loadConfig(target));
      try {
        assert.equal(
          (await exportBuffer(restored, 'jsonl')).toString(),
          (await exportBuffer(t.ctx, 'jsonl')).toString(),
        );
      } finally {
        await restored.db.close();
      }
    });

    it('refuses to restore over a database that has data, and to overwrite a backup file', async () => {
      const r = quiet(t.env);
      assert.equal(await runCli(['restore', file], r.io), 2);
      assert.match(r.out.join('\n'), /not empty/);
      const b = quiet(t.env);
      assert.equal(await runCli(['backup', file], b.io), 2);
    });
  });
}
