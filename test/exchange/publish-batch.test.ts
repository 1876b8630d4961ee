import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { inTransaction } from '../../src/app/use-case.js';
import { verifyAuditChain } from '../../src/audit/audit.service.js';
import { composeTaskCode } from '../../src/domain/task-code.js';
import { completeUscc } from '../../src/domain/uscc.js';
import { importItems } from '../../src/exchange/import.service.js';
import { reindexAll } from '../../src/legal/citation-index.js';
import { registerChannel } from '../../src/publishing/channel.service.js';
import { rebuildPublicDocuments } from '../../src/publishing/public-documents.repository.js';
import { reindexPublished } from '../../src/publishing/search-index.js';
import { publishVersion } from '../../src/workflow/publish.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { licenceContent, makeUnit } from '../support/factories.js';
import { jsonLines, systemUc } from './support.js';

/**
 * The initial migration publishes its import in batches (`publishVersions`); what it writes must be what
 * publishing the same drafts one at a time (`publishVersion`, the path of every other publication) writes.
 */

const UNITS = [
  { id: 'unit-batch-1', name: '批量发布测试一局', uscc: completeUscc('11140603BP0000010') },
  { id: 'unit-batch-2', name: '批量发布测试二局', uscc: completeUscc('11140603BP0000020') },
];

/** Items of both units; names of equal length (search doc_ids rank them in publication order), themes, fees. */
function catalogue(level: string) {
  const names = [
    '食品经营许可',
    '药品经营许可',
    '公共场所卫生许可',
    '社会保险登记',
    '医疗机构执业登记',
    '建筑施工许可',
  ];
  return names.map((name, i) => {
    const catalogCode = `0001170${String(51000 + i).padStart(5, '0')}`;
    return {
      taskCode: composeTaskCode({ uscc: UNITS[i % 2]!.uscc, level, catalogCode }),
      granularity: 'main' as const,
      content: licenceContent({
        name,
        catalogCode,
        serviceObjects: i % 3 ? ['1'] : ['2', '5'],
        ext: { ...licenceContent().ext, personThemes: i % 3 ? ['社会保障'] : [], corporateThemes: ['准营准办'] },
      }),
    };
  });
}

/** Everything publication writes, with ids (random per database) replaced by codes and names. */
async function snapshot(t: TestContext) {
  const db = t.ctx.db.kysely;
  const names = new Map<string, string>();
  for (const i of await db.selectFrom('items').select(['id', 'task_code']).execute()) names.set(i.id, i.task_code);
  for (const v of await db.selectFrom('item_versions').select(['id', 'item_id', 'seq']).execute())
    names.set(v.id, `${names.get(v.item_id)}@${v.seq}`);
  for (const c of await db.selectFrom('channels').select(['id', 'name']).execute()) names.set(c.id, c.name);
  const pattern = new RegExp([...names.keys()].join('|'), 'g');
  const named = (rows: unknown) => JSON.parse(JSON.stringify(rows).replace(pattern, (id) => names.get(id)!));
  const fts =
    t.ctx.db.dialect === 'sqlite'
      ? {
          name: (await sql`select rowid, tokens from search_name_fts order by rowid`.execute(db)).rows,
          body: (await sql`select rowid, tokens from search_body_fts order by rowid`.execute(db)).rows,
        }
      : (await sql`select doc_id, name_tokens, body_tokens from search_docs order by doc_id`.execute(db)).rows;
  return named({
    items: await db
      .selectFrom('items')
      .select(['task_code', 'workflow_state', 'life_state', 'lock_version', 'name', 'type', 'published_version_id'])
      .select('draft_version_id')
      .orderBy('task_code')
      .execute(),
    versions: await db
      .selectFrom('item_versions')
      .select(['id', 'state', 'published_at', 'published_by'])
      .orderBy('id')
      .execute()
      .then((rows) => rows.map((r) => ({ ...r, id: names.get(r.id) })).sort((a, b) => (a.id! < b.id! ? -1 : 1))),
    publications: await db.selectFrom('publications').selectAll().orderBy('seq').execute(),
    publicItems: await db.selectFrom('public_items').selectAll().orderBy('code').execute(),
    themes: await db
      .selectFrom('public_item_themes')
      .selectAll()
      .execute()
      .then((rows) => rows.map((r) => JSON.stringify({ ...r, item_id: names.get(r.item_id) })).sort()),
    counts: await db.selectFrom('public_counts').selectAll().orderBy('dim').orderBy('key').execute(),
    searchDocs: await db
      .selectFrom('search_docs')
      .select(['doc_id', 'item_id', 'name_norm'])
      .orderBy('doc_id')
      .execute(),
    fts,
    citations: await db.selectFrom('legal_citations').selectAll().orderBy('item_id').orderBy('doc_id').execute(),
    basis: await db
      .selectFrom('item_basis')
      .selectAll()
      .execute()
      .then((rows) => rows.map((r) => JSON.stringify({ ...r, item_id: names.get(r.item_id) })).sort()),
    deliveries: await db
      .selectFrom('channel_deliveries')
      .select(['channel_id', 'seq', 'payload', 'status', 'next_attempt_at', 'created_at'])
      .execute()
      .then((rows) =>
        rows
          .map((r) => ({
            ...r,
            channel_id: names.get(r.channel_id),
            payload: { ...JSON.parse(r.payload), delivery: '' },
          }))
          .sort((a, b) => a.seq - b.seq || (a.channel_id! < b.channel_id! ? -1 : 1)),
      ),
    audit: await db
      .selectFrom('audit_log')
      .select(['action', 'target_type', 'target_id', 'details'])
      .where('action', '=', 'item.published')
      .orderBy('seq')
      .execute(),
  });
}

for (const dialect of testDialects()) {
  describe(`[${dialect}] an import published in batches writes what publishing one by one writes`, () => {
    const made: TestContext[] = [];
    /** A database with the two units and two webhook channels (all units; the first unit). */
    const prepared = async () => {
      const t = await createTestContext(dialect);
      made.push(t);
      for (const u of UNITS) await makeUnit(t.ctx, u);
      const uc = systemUc(t.ctx);
      for (const [name, unitId] of [
        ['全市渠道', undefined],
        ['一局网站', UNITS[0]!.id],
      ] as const)
        await registerChannel(uc, {
          name,
          kind: 'other',
          expectedSync: 'webhook',
          webhookUrl: 'https://example.com/hook',
          ...(unitId ? { unitId } : {}),
        });
      return t;
    };
    let oneByOne: TestContext;
    let batched: TestContext;
    before(async () => {
      oneByOne = await prepared();
      batched = await prepared();
    });
    after(async () => {
      for (const t of made) await t.cleanup();
    });

    it('same items, versions, publication log, public documents, counters, search index, deliveries and audit', async () => {
      const items = catalogue(oneByOne.ctx.config.jurisdiction.level);
      // A first publication before the import: the channels' manifests start from a non-empty catalogue.
      for (const t of [oneByOne, batched]) {
        const r = await importItems(systemUc(t.ctx), [{ name: 'first.jsonl', data: jsonLines(items.slice(0, 1)) }], {
          apply: true,
          asPublished: true,
        });
        assert.deepEqual(r.problems, []);
      }
      const file = { name: 'rest.jsonl', data: jsonLines(items.slice(1)) };

      // The reference: the drafts imported, then each published through publishVersion in import order, in a
      // transaction of its own with the audit record the migration writes.
      const drafts = await importItems(systemUc(oneByOne.ctx), [file], { apply: true });
      assert.deepEqual(drafts.problems, []);
      for (const planned of drafts.items) {
        const uc = systemUc(oneByOne.ctx);
        await inTransaction(uc, async (trx, audit) => {
          const item = await trx
            .selectFrom('items')
            .selectAll()
            .where('task_code', '=', planned.taskCode)
            .executeTakeFirstOrThrow();
          const version = await trx
            .selectFrom('item_versions')
            .selectAll()
            .where('id', '=', item.draft_version_id!)
            .executeTakeFirstOrThrow();
          const seq = await publishVersion(uc.app, trx, {
            item,
            version,
            from: ['draft'],
            publishedBy: uc.actor.id,
            now: uc.app.clock.now().toISOString(),
            summary: '初始迁移：批量导入为已发布',
          });
          await audit({
            action: 'item.published',
            target: { type: 'item', id: item.id },
            details: { seq, migration: true, taskCode: item.task_code },
          });
        });
      }

      const r = await importItems(systemUc(batched.ctx), [file], { apply: true, asPublished: true });
      assert.deepEqual(r.problems, []);
      assert.equal(r.counts.create, items.length - 1);

      const expected = await snapshot(oneByOne);
      const actual = await snapshot(batched);
      assert.equal(actual.publications.length, items.length);
      assert.equal(actual.deliveries.length, items.length + Math.ceil(items.length / 2));
      assert.equal(actual.audit.length, items.length);
      for (const key of Object.keys(expected)) assert.deepEqual(actual[key], expected[key], key);
      assert.equal((await verifyAuditChain(batched.ctx.db, batched.ctx.keys.audit)).ok, true);
    });

    it('the rebuild (shixiang reindex) writes exactly what the batched publication wrote', async () => {
      const before = await snapshot(batched);
      await reindexAll(batched.ctx.db, { batch: 2 });
      await rebuildPublicDocuments(batched.ctx, { batch: 2 });
      await reindexPublished(batched.ctx.db);
      assert.deepEqual(await snapshot(batched), before);
    });
  });
}
