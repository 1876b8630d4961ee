import { inTransaction, type UseCaseContext } from '../app/use-case.js';
import { authorize, unitScope } from '../auth/policy.js';
import { LEGAL_DOC_KINDS, label } from '../domain/enums.js';
import { errors, type FieldIssue } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { LEGAL_DOC_STATUSES } from './legal.enums.js';
import * as repo from './legal.repository.js';
import type { LegalDocumentBody, LegalDocumentUpdateBody } from './legal.schema.js';
import type { LegalArticleRow, LegalDocumentRow } from './legal.table.js';
import { refreshBasisNoticesOfDocuments } from '../publishing/public-documents.repository.js';

/** The register's API shape of a document. */
export function presentDocument(d: LegalDocumentRow & { citing_items?: number }, articles?: LegalArticleRow[]) {
  return {
    id: d.id,
    kind: d.kind,
    kindLabel: label(LEGAL_DOC_KINDS, d.kind),
    title: d.title,
    issuer: d.issuer,
    docNo: d.doc_no,
    publishedOn: d.published_on,
    effectiveOn: d.effective_on,
    amendedOn: d.amended_on,
    repealedOn: d.repealed_on,
    status: d.status,
    statusLabel: label(LEGAL_DOC_STATUSES, d.status),
    successorId: d.successor_id,
    note: d.note,
    url: d.url,
    version: d.lock_version,
    updatedAt: d.updated_at,
    ...(d.citing_items !== undefined ? { citingItems: d.citing_items } : {}),
    ...(articles ? { articles: articles.map((a) => ({ number: a.number, text: a.text })) } : {}),
  };
}

export async function listDocuments(uc: UseCaseContext, f: repo.DocumentFilter) {
  authorize(uc.actor, 'legal.read');
  return repo.listDocuments(uc.app.db.kysely, f);
}

/** Documents an item may cite, for pickers (at most `limit`, by title). */
export async function citableDocuments(uc: UseCaseContext, limit: number) {
  authorize(uc.actor, 'legal.read');
  return repo.citableDocuments(uc.app.db.kysely, limit);
}

export async function getDocument(
  uc: UseCaseContext,
  id: string,
): Promise<{ doc: LegalDocumentRow; articles: LegalArticleRow[] }> {
  authorize(uc.actor, 'legal.read');
  const doc = await repo.findDocument(uc.app.db.kysely, id);
  if (!doc) throw errors.notFound('法律文件');
  return { doc, articles: await repo.articlesOf(uc.app.db.kysely, id) };
}

/** Items citing the document; a unit sees its own. */
export async function documentCitingItems(uc: UseCaseContext, id: string): Promise<repo.CitingItem[]> {
  await getDocument(uc, id);
  return repo.citingItems(uc.app.db.kysely, unitScope(uc.actor), id);
}

function articleIssues(articles: LegalDocumentBody['articles']): FieldIssue[] {
  const seen = new Map<string, number>();
  const issues: FieldIssue[] = [];
  (articles ?? []).forEach((a, i) => {
    const key = a.number.replace(/\s/g, '');
    if (seen.has(key))
      issues.push({
        path: `articles.${i}.number`,
        message: `「${a.number}」重复（与第 ${seen.get(key)! + 1} 行相同）`,
      });
    else seen.set(key, i);
  });
  return issues;
}

function dateIssues(b: {
  publishedOn?: string;
  effectiveOn?: string;
  amendedOn?: string;
  repealedOn?: string;
}): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (b.publishedOn && b.effectiveOn && b.effectiveOn < b.publishedOn)
    issues.push({ path: 'effectiveOn', message: '施行日期不能早于公布日期' });
  if (b.effectiveOn && b.repealedOn && b.repealedOn < b.effectiveOn)
    issues.push({ path: 'repealedOn', message: '废止日期不能早于施行日期' });
  return issues;
}

/**
 * Registers a document (the centre). Its status is set here once, for documents already repealed when they
 * are registered; later changes of status are legal events, which open the adjustment obligations.
 */
export async function createDocument(uc: UseCaseContext, body: LegalDocumentBody): Promise<LegalDocumentRow> {
  authorize(uc.actor, 'legal.manage');
  const issues = [...articleIssues(body.articles), ...dateIssues(body)];
  if (issues.length) throw errors.validation(issues);
  const now = uc.app.clock.now().toISOString();
  return inTransaction(uc, async (trx, audit) => {
    const id = body.id ?? newId();
    if (await repo.findDocument(trx, id)) throw errors.duplicate(`文件编号 ${id} 已被使用`, 'id');
    const row: LegalDocumentRow = {
      id,
      kind: body.kind,
      title: body.title.trim(),
      issuer: body.issuer.trim(),
      doc_no: body.docNo?.trim() || null,
      published_on: body.publishedOn ?? null,
      effective_on: body.effectiveOn ?? null,
      amended_on: body.amendedOn ?? null,
      repealed_on: body.repealedOn ?? null,
      status: body.status ?? 'in_force',
      successor_id: null,
      note: body.note?.trim() || null,
      url: body.url ?? null,
      lock_version: 1,
      created_at: now,
      updated_at: now,
      updated_by: uc.actor.id,
    };
    await repo.insertDocument(trx, row);
    await repo.replaceArticles(trx, id, body.articles ?? []);
    await audit({
      action: 'legal.document_saved',
      target: { type: 'legal_document', id },
      after: row,
      details: { created: true, title: row.title, articles: body.articles?.length ?? 0 },
    });
    return row;
  });
}

/** Edits a document's description and articles (optimistic concurrency); never its status. */
export async function updateDocument(
  uc: UseCaseContext,
  id: string,
  body: LegalDocumentUpdateBody,
): Promise<LegalDocumentRow> {
  authorize(uc.actor, 'legal.manage');
  const issues = [...articleIssues(body.articles), ...dateIssues(body)];
  if (issues.length) throw errors.validation(issues);
  const now = uc.app.clock.now().toISOString();
  return inTransaction(uc, async (trx, audit) => {
    const before = await repo.findDocument(trx, id);
    if (!before) throw errors.notFound('法律文件');
    if (before.lock_version !== body.version) throw errors.versionConflict(before.lock_version);
    const patch = {
      kind: body.kind,
      title: body.title.trim(),
      issuer: body.issuer.trim(),
      doc_no: body.docNo?.trim() || null,
      published_on: body.publishedOn ?? null,
      effective_on: body.effectiveOn ?? null,
      amended_on: body.amendedOn ?? before.amended_on,
      repealed_on: body.repealedOn ?? before.repealed_on,
      note: body.note?.trim() || null,
      url: body.url ?? null,
      updated_at: now,
      updated_by: uc.actor.id,
    };
    if (!(await repo.updateDocumentIfVersion(trx, id, body.version, patch)))
      throw errors.versionConflict(before.lock_version + 1);
    if (body.articles) await repo.replaceArticles(trx, id, body.articles);
    // The title and the date of repeal are in the public notice of the items citing it.
    await refreshBasisNoticesOfDocuments(trx, [id]);
    const after = { ...before, ...patch, lock_version: before.lock_version + 1 };
    await audit({
      action: 'legal.document_saved',
      target: { type: 'legal_document', id },
      before,
      after,
      details: { title: after.title, articles: body.articles?.length },
    });
    return after;
  });
}
