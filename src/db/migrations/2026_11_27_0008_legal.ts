import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';

/**
 * Legal basis and the upper level: the legal-basis register (documents and their articles), the citation
 * index (which item cites which document, kept in step with each item's head content), legal events and
 * upper-level directives that open adjustment obligations, base-catalogue versions with their snapshots,
 * claim reviews (需复核) and requests to the upper level for a local divergence.
 *
 * Frozen in time: the backfill below carries its own copy of the basis-key normalisation
 * (src/legal/basis-key.ts at the time of writing) and never imports application code.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('legal_documents')
    // Text id chosen by the register (e.g. `law-food-safety`) or a UUID; citations point at it (`docId`).
    .addColumn('id', 'text', (c) => c.primaryKey())
    // LEGAL_DOC_KINDS: law | admin_regulation | local_regulation | dept_rule | gov_rule | normative
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('doc_no', 'text')
    .addColumn('published_on', 'text')
    .addColumn('effective_on', 'text')
    .addColumn('amended_on', 'text')
    .addColumn('repealed_on', 'text')
    // in_force (现行有效) | amended (已修订) | repealed (已废止) | expired (失效)
    .addColumn('status', 'text', (c) => c.notNull())
    // The document that replaced this one (a revision registered as its own entry).
    .addColumn('successor_id', 'text')
    .addColumn('note', 'text')
    .addColumn('lock_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  await db.schema.createIndex('legal_documents_title').on('legal_documents').column('title').execute();
  await db.schema.createIndex('legal_documents_status').on('legal_documents').columns(['status', 'kind']).execute();

  await db.schema
    .createTable('legal_articles')
    .addColumn('doc_id', 'text', (c) => c.notNull().references('legal_documents.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    // As printed: 第十二条
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('legal_articles_pk', ['doc_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('legal_articles_number')
    .on('legal_articles')
    .columns(['doc_id', 'number'])
    .unique()
    .execute();

  // Citation index: one row per (item, document, 条, basis kind) of the item's head content.
  await db.schema
    .createTable('legal_citations')
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('doc_id', 'text', (c) => c.notNull())
    // '' when the citation names no 条.
    .addColumn('article', 'text', (c) => c.notNull())
    // set (设定依据) | impl (实施依据)
    .addColumn('basis', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('legal_citations_pk', ['item_id', 'doc_id', 'article', 'basis'])
    .execute();
  await db.schema.createIndex('legal_citations_doc').on('legal_citations').columns(['doc_id', 'item_id']).execute();

  // Per item, a fingerprint of its 设定依据 (the catalogue-facing version: published, else the draft),
  // so that the Art. 8 consistency report compares bases with GROUP BY instead of parsing JSON per item.
  await db.schema
    .createTable('item_basis')
    .addColumn('item_id', 'text', (c) => c.primaryKey().references('items.id'))
    .addColumn('set_basis_key', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('catalogue_entries').addColumn('set_basis_key', 'text').execute();
  // The catalogue version that last wrote the entry (null for entries saved one by one).
  await db.schema.alterTable('catalogue_entries').addColumn('version_id', 'text').execute();
  await db.schema.createIndex('items_name').on('items').columns(['name', 'catalog_code']).execute();

  await db.schema
    .createTable('legal_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('doc_id', 'text', (c) => c.notNull().references('legal_documents.id'))
    // repealed | expired | amended | new
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('effective_on', 'text', (c) => c.notNull())
    // The notice that made the change (source of the event).
    .addColumn('notice_doc_no', 'text')
    .addColumn('notice_title', 'text')
    // amended: the revised text registered as its own document; new: the document it replaces.
    .addColumn('related_doc_id', 'text')
    // JSON: unit ids the centre named (new documents).
    .addColumn('unit_ids', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('obligation_count', 'integer', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .execute();
  await db.schema.createIndex('legal_events_doc').on('legal_events').columns(['doc_id', 'recorded_at']).execute();

  await db.schema
    .createTable('directives')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // state_council (国务院) | province (省人民政府) | city (市人民政府)
    .addColumn('level', 'text', (c) => c.notNull())
    // cancel | delegate | adjust
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('doc_no', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('effective_on', 'text', (c) => c.notNull())
    // JSON: affected 基本编码
    .addColumn('codes', 'text', (c) => c.notNull())
    // JSON: units that take over delegated items
    .addColumn('unit_ids', 'text', (c) => c.notNull())
    .addColumn('ground', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('obligation_count', 'integer', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .execute();

  await db.schema
    .createTable('catalogue_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull().unique())
    .addColumn('label', 'text', (c) => c.notNull())
    // 1 国家 | 2 省 | 3 市
    .addColumn('source_level', 'text', (c) => c.notNull())
    .addColumn('doc_no', 'text')
    .addColumn('effective_on', 'text', (c) => c.notNull())
    .addColumn('entry_count', 'integer', (c) => c.notNull())
    // JSON: { added, removed, changed, unchanged, flagged }
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('file_format', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text')
    .execute();

  await db.schema
    .createTable('catalogue_version_entries')
    .addColumn('version_id', 'text', (c) => c.notNull().references('catalogue_versions.id'))
    .addColumn('catalog_code', 'text', (c) => c.notNull())
    .addColumn('local_catalog_code', 'text')
    .addColumn('parent_code', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('set_basis', 'text', (c) => c.notNull())
    .addColumn('set_basis_key', 'text', (c) => c.notNull())
    .addColumn('use_levels', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('catalogue_version_entries_pk', ['version_id', 'catalog_code'])
    .execute();

  // 需复核: a claimed item whose inherited elements changed upstream. Open while its obligation is.
  await db.schema
    .createTable('catalogue_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('version_id', 'text', (c) => c.notNull().references('catalogue_versions.id'))
    .addColumn('catalog_code', 'text', (c) => c.notNull())
    // JSON: changed inherited fields (name | type | setBasis | removed)
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('obligation_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('catalogue_reviews_item')
    .on('catalogue_reviews')
    .columns(['item_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('divergence_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('catalog_code', 'text', (c) => c.notNull())
    // name | type | setBasis
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('proposed', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    // recorded | forwarded | accepted | rejected
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('answered_by', 'text')
    .execute();
  await db.schema
    .createIndex('divergence_requests_unit')
    .on('divergence_requests')
    .columns(['unit_id', 'created_at'])
    .execute();

  // Obligations (migration 0006) gain the 基本编码 they concern, the ground document and the centre's note.
  await db.schema.alterTable('obligations').addColumn('catalog_code', 'text').execute();
  await db.schema.alterTable('obligations').addColumn('ground_document', 'text').execute();
  await db.schema.alterTable('obligations').addColumn('review_note', 'text').execute();
  await db.schema.createIndex('obligations_item').on('obligations').columns(['item_id', 'status']).execute();

  await backfill(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('obligations_item').execute();
  for (const column of ['review_note', 'ground_document', 'catalog_code'])
    await db.schema.alterTable('obligations').dropColumn(column).execute();
  await db.schema.dropIndex('items_name').execute();
  for (const column of ['version_id', 'set_basis_key'])
    await db.schema.alterTable('catalogue_entries').dropColumn(column).execute();
  for (const t of [
    'divergence_requests',
    'catalogue_reviews',
    'catalogue_version_entries',
    'catalogue_versions',
    'directives',
    'legal_events',
    'item_basis',
    'legal_citations',
    'legal_articles',
    'legal_documents',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}

// ---- frozen copy of the normalisation used at the time of this migration ----

interface FrozenCitation {
  docId?: string;
  title: string;
  article?: string;
  paragraph?: string;
  item?: string;
}

const squash = (s: string | undefined) => (s ?? '').replace(/\s/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
const citationKey = (c: FrozenCitation) =>
  [squash(c.title).replace(/[《》]/g, ''), squash(c.article), squash(c.paragraph), squash(c.item)].join('|');
const basisKey = (basis: FrozenCitation[] | undefined) =>
  createHash('sha256')
    .update((basis ?? []).map(citationKey).sort().join('\n'))
    .digest('hex')
    .slice(0, 32);

async function backfill(db: Kysely<any>): Promise<void> {
  for (const e of await db.selectFrom('catalogue_entries').select(['catalog_code', 'set_basis']).execute()) {
    await db
      .updateTable('catalogue_entries')
      .set({ set_basis_key: basisKey(JSON.parse(e.set_basis)) })
      .where('catalog_code', '=', e.catalog_code)
      .execute();
  }
  const items = await db.selectFrom('items').select(['id', 'draft_version_id', 'published_version_id']).execute();
  for (const item of items) {
    const load = async (id: string | null) =>
      id
        ? (await db.selectFrom('item_versions').select('content').where('id', '=', id).executeTakeFirst())?.content
        : undefined;
    const working = await load(item.draft_version_id);
    const published = await load(item.published_version_id);
    const head = working ?? published;
    const catalogueFacing = published ?? working;
    if (!head || !catalogueFacing) continue;
    const content = JSON.parse(head) as { setBasis?: FrozenCitation[]; implBasis?: FrozenCitation[] };
    const rows = new Map<string, { item_id: string; doc_id: string; article: string; basis: string }>();
    for (const [basis, list] of [
      ['set', content.setBasis],
      ['impl', content.implBasis],
    ] as const) {
      for (const c of list ?? []) {
        if (!c.docId) continue;
        const row = { item_id: item.id, doc_id: c.docId, article: (c.article ?? '').trim(), basis };
        rows.set(`${row.doc_id}|${row.article}|${basis}`, row);
      }
    }
    if (rows.size)
      await db
        .insertInto('legal_citations')
        .values([...rows.values()])
        .execute();
    await db
      .insertInto('item_basis')
      .values({
        item_id: item.id,
        set_basis_key: basisKey((JSON.parse(catalogueFacing) as { setBasis?: FrozenCitation[] }).setBasis),
      })
      .execute();
  }
}
