import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../../app/context.js';
import { can } from '../../auth/policy.js';
import { LEGAL_DOC_KINDS, label } from '../../domain/enums.js';
import type { App } from '../../http/app-type.js';
import { ucOf } from '../../http/use-case.js';
import { LEGAL_DOC_STATUSES, LEGAL_EVENT_KINDS } from '../../legal/legal.enums.js';
import { LegalDocumentBody, LegalDocumentUpdateBody } from '../../legal/legal.schema.js';
import {
  createDocument,
  documentCitingItems,
  getDocument,
  listDocuments,
  updateDocument,
} from '../../legal/legal.service.js';
import { listLegalEvents } from '../../legal/legal-event.service.js';
import type { LegalArticleRow, LegalDocumentRow } from '../../legal/legal.table.js';
import { checkInput } from '../../shared/schema-issues.js';
import { html } from '../../web/html.js';
import { csrfField, seeOther, sendPage } from '../render.js';
import { issueMessages } from '../common.js';
import {
  badge,
  errorBox,
  Form,
  formErrors,
  IdParam,
  input,
  legalTabs,
  opt,
  pager,
  select,
  str,
  textarea,
} from './parts.js';
import { pageNumber } from '../format.js';

const ARTICLE_START = /^(第[零〇一二三四五六七八九十百千0-9]+条(?:之[一二三四五六七八九十]+)?)[\s　]*(.*)$/;

/**
 * Articles typed as text: a line starting with 第…条 begins an article, following lines continue it.
 *
 * @example parseArticles('第一条 为了……\n第二条 本法所称……') // [{ number: '第一条', text: '为了……' }, …]
 */
export function parseArticles(text: string): Array<{ number: string; text: string }> {
  const out: Array<{ number: string; text: string }> = [];
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    const m = ARTICLE_START.exec(line.trim());
    if (m) out.push({ number: m[1]!, text: m[2] ?? '' });
    else if (line.trim() && out.length)
      out[out.length - 1]!.text += `${out[out.length - 1]!.text ? '\n' : ''}${line.trim()}`;
  }
  return out.map((a) => ({ ...a, text: a.text || '（条文未录入）' }));
}
const articlesText = (articles: Array<{ number: string; text: string }>) =>
  articles.map((a) => `${a.number} ${a.text}`).join('\n');

const statusBadge = (status: string) =>
  badge(status === 'in_force' ? 'ok' : status === 'amended' ? 'warning' : 'error', label(LEGAL_DOC_STATUSES, status));

/** Console pages of the legal-basis register: list and search, detail with articles and citing items, entry and editing. */
export function registerLegalDocumentPages(app: App, ctx: AppContext): void {
  app.get(
    '/console/legal',
    {
      config: { access: 'legal.read' },
      schema: { hide: true, querystring: Type.Record(Type.String(), Type.String()) },
    },
    async (request, reply) => {
      const q = request.query;
      const page = pageNumber(q.page);
      const filter = { q: q.q || undefined, kind: q.kind || undefined, status: q.status || undefined };
      const { rows, total } = await listDocuments(ucOf(ctx, request), {
        ...filter,
        offset: (page - 1) * 50,
        limit: 50,
      });
      return sendPage(ctx, request, reply, {
        title: '法律法规库',
        active: 'legal',
        body: html`<div class="page-head"><h1>法律法规库</h1>${can(request.actor, 'legal.manage') ? html`<a class="button primary" href="/console/legal/new">登记法律文件</a>` : ''}</div>
      ${legalTabs(request.actor, '/console/legal')}
      <form method="get" action="/console/legal" class="filters" role="search" aria-label="查找法律文件">
        <div class="field"><label for="q">名称、文号或编号</label><input id="q" name="q" value="${filter.q ?? ''}"></div>
        ${select('kind', '类型', Object.entries(LEGAL_DOC_KINDS), filter.kind, { blank: '全部' })}
        ${select('status', '状态', Object.entries(LEGAL_DOC_STATUSES), filter.status, { blank: '全部' })}
        <button type="submit">查找</button>
      </form>
      <table class="list"><caption class="visually-hidden">法律文件</caption>
        <thead><tr><th scope="col">名称</th><th scope="col">类型</th><th scope="col">制定机关</th><th scope="col">文号</th><th scope="col">施行日期</th><th scope="col">状态</th><th scope="col">引用事项</th></tr></thead>
        <tbody>${rows.map((d) => html`<tr><td><a href="/console/legal/${d.id}">${d.title}</a></td><td>${label(LEGAL_DOC_KINDS, d.kind)}</td><td>${d.issuer}</td><td>${d.doc_no ?? ''}</td><td>${d.effective_on ?? ''}</td><td>${statusBadge(d.status)}</td><td>${d.citing_items}</td></tr>`)}</tbody>
      </table>
      ${rows.length ? '' : html`<p>没有符合条件的法律文件。</p>`}
      ${pager('/console/legal', filter, page, 50, total)}`,
      });
    },
  );

  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    o: {
      doc?: LegalDocumentRow;
      articles?: LegalArticleRow[];
      body?: Record<string, unknown>;
      errors?: string[];
      status?: number;
    },
  ) => {
    const b = o.body ?? {};
    const d = o.doc;
    const v = (key: string, stored: string | null | undefined) => (o.body ? str(b[key]) : (stored ?? ''));
    const editing = !!d;
    return sendPage(ctx, request, reply, {
      title: editing ? `修改：${d!.title}` : '登记法律文件',
      active: 'legal',
      status: o.status,
      body: html`<h1>${editing ? `修改：${d!.title}` : '登记法律文件'}</h1>${errorBox(o.errors ?? [])}
      <form method="post" action="${editing ? `/console/legal/${d!.id}/edit` : '/console/legal/new'}" class="stack">
        <input type="hidden" name="_csrf" value="${csrfField(request)}">
        ${editing ? html`<input type="hidden" name="version" value="${o.body ? str(b.version) : String(d!.lock_version)}">` : input('id', '文件编号（引用时使用，可留空自动生成）', str(b.id), { help: '字母、数字、-、_、.，如 law-food-safety' })}
        ${select('kind', '类型', Object.entries(LEGAL_DOC_KINDS), v('kind', d?.kind), { required: true })}
        ${input('title', '名称', v('title', d?.title), { required: true, maxlength: 500 })}
        ${input('issuer', '制定机关', v('issuer', d?.issuer), { required: true, maxlength: 200 })}
        ${input('docNo', '文号', v('docNo', d?.doc_no), { maxlength: 200 })}
        ${input('publishedOn', '公布日期', v('publishedOn', d?.published_on), { type: 'date' })}
        ${input('effectiveOn', '施行日期', v('effectiveOn', d?.effective_on), { type: 'date' })}
        ${input('amendedOn', '修订日期', v('amendedOn', d?.amended_on), { type: 'date' })}
        ${input('repealedOn', '废止日期', v('repealedOn', d?.repealed_on), { type: 'date' })}
        ${
          editing
            ? html`<p class="muted">状态：${statusBadge(d!.status)}。状态只能通过<a href="/console/legal/events/new?docId=${d!.id}">登记法律事件</a>改变，以便向引用该文件的事项产生调整义务。</p>`
            : select(
                'status',
                '状态（登记时已废止或失效的历史文件才选其他状态）',
                Object.entries(LEGAL_DOC_STATUSES),
                str(b.status) || 'in_force',
              )
        }
        ${input('url', '全文地址（官方发布的文本，如国家法律法规数据库；链接检查会定期访问）', v('url', d?.url), { type: 'url', maxlength: 2000 })}
        ${textarea('note', '备注', v('note', d?.note))}
        ${textarea('articles', '条文', o.body ? str(b.articles) : articlesText(o.articles ?? []), { rows: 12, help: '每条以“第×条”开头，其后的行属于该条' })}
        <div class="actions"><button type="submit" class="primary">保存</button></div>
      </form>`,
    });
  };

  const bodyOf = (b: Record<string, unknown>) => ({
    kind: str(b.kind),
    title: str(b.title),
    issuer: str(b.issuer),
    docNo: opt(b.docNo),
    publishedOn: opt(b.publishedOn),
    effectiveOn: opt(b.effectiveOn),
    amendedOn: opt(b.amendedOn),
    repealedOn: opt(b.repealedOn),
    note: opt(b.note),
    url: opt(b.url),
    articles: parseArticles(str(b.articles)),
  });

  app.get(
    '/console/legal/new',
    { config: { access: 'legal.manage' }, schema: { hide: true } },
    async (request, reply) => formPage(request, reply, {}),
  );

  app.post(
    '/console/legal/new',
    { config: { access: 'legal.manage' }, schema: { hide: true, body: Form } },
    async (request, reply) => {
      const b = request.body;
      const input = checkInput(LegalDocumentBody, { ...bodyOf(b), id: opt(b.id), status: opt(b.status) });
      if (!input.ok) return formPage(request, reply, { body: b, errors: issueMessages(input.issues), status: 400 });
      try {
        const row = await createDocument(ucOf(ctx, request), input.value);
        return seeOther(reply, `/console/legal/${encodeURIComponent(row.id)}?msg=saved`);
      } catch (e) {
        return formPage(request, reply, { body: b, errors: formErrors(e), status: 400 });
      }
    },
  );

  app.get(
    '/console/legal/:id',
    { config: { access: 'legal.read' }, schema: { hide: true, params: IdParam } },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const { doc, articles } = await getDocument(uc, request.params.id);
      const [citing, events] = await Promise.all([
        documentCitingItems(uc, doc.id),
        listLegalEvents(uc, { docId: doc.id, limit: 50, offset: 0 }),
      ]);
      const manage = can(request.actor, 'legal.manage');
      return sendPage(ctx, request, reply, {
        title: doc.title,
        active: 'legal',
        body: html`<div class="page-head"><h1>${doc.title}</h1><div>${manage ? html`<a class="button" href="/console/legal/${doc.id}/edit">修改</a> ${doc.status !== 'repealed' && doc.status !== 'expired' ? html`<a class="button primary" href="/console/legal/events/new?docId=${doc.id}">登记法律事件</a>` : ''}` : ''}</div></div>
      ${legalTabs(request.actor, '')}
      <dl class="kv"><dt>文件编号</dt><dd><code>${doc.id}</code></dd><dt>类型</dt><dd>${label(LEGAL_DOC_KINDS, doc.kind)}</dd><dt>制定机关</dt><dd>${doc.issuer}</dd>
        <dt>文号</dt><dd>${doc.doc_no ?? '—'}</dd><dt>公布 / 施行</dt><dd>${doc.published_on ?? '—'} / ${doc.effective_on ?? '—'}</dd>
        ${doc.amended_on ? html`<dt>修订日期</dt><dd>${doc.amended_on}</dd>` : ''}${doc.repealed_on ? html`<dt>废止（失效）日期</dt><dd>${doc.repealed_on}</dd>` : ''}
        <dt>状态</dt><dd>${statusBadge(doc.status)}${doc.successor_id ? html`，新文本：<a href="/console/legal/${doc.successor_id}">${doc.successor_id}</a>` : ''}</dd>
        ${doc.url ? html`<dt>全文地址</dt><dd><a href="${doc.url}" rel="noopener noreferrer">${doc.url}</a></dd>` : ''}
        ${doc.note ? html`<dt>备注</dt><dd>${doc.note}</dd>` : ''}</dl>
      <section><h2>引用该文件的事项（${citing.length}）</h2>
        ${
          citing.length
            ? html`<table class="list"><thead><tr><th scope="col">事项</th><th scope="col">实施单位</th><th scope="col">引用为</th><th scope="col">条</th><th scope="col">状态</th></tr></thead>
          <tbody>${citing.map((i) => html`<tr><td><a href="/console/items/${i.itemId}">${i.name}</a></td><td>${i.unitName}</td><td>${i.bases.map((x) => (x === 'set' ? '设定依据' : '实施依据')).join('、')}</td><td>${i.articles.join('、') || '—'}</td><td>${i.lifeState === 'cancelled' ? '已取消' : i.isPublished ? '已发布' : '未发布'}</td></tr>`)}</tbody></table>`
            : html`<p class="muted">没有事项引用该文件。</p>`
        }</section>
      <section><h2>法律事件</h2>${events.rows.length ? html`<ul>${events.rows.map((e) => html`<li><a href="/console/legal/events/${e.id}">${e.effective_on} ${LEGAL_EVENT_KINDS[e.kind] ?? e.kind}</a>（产生调整义务 ${e.obligation_count} 项）</li>`)}</ul>` : html`<p class="muted">尚无。</p>`}</section>
      <section><h2>条文（${articles.length}）</h2>${articles.length ? html`<dl class="articles">${articles.map((a) => html`<dt id="a-${a.seq}">${a.number}</dt><dd class="pre">${a.text}</dd>`)}</dl>` : html`<p class="muted">尚未录入条文。</p>`}</section>`,
      });
    },
  );

  app.get(
    '/console/legal/:id/edit',
    { config: { access: 'legal.manage' }, schema: { hide: true, params: IdParam } },
    async (request, reply) => {
      const { doc, articles } = await getDocument(ucOf(ctx, request), request.params.id);
      return formPage(request, reply, { doc, articles });
    },
  );

  app.post(
    '/console/legal/:id/edit',
    { config: { access: 'legal.manage' }, schema: { hide: true, params: IdParam, body: Form } },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const { doc } = await getDocument(uc, request.params.id);
      const b = request.body;
      const input = checkInput(LegalDocumentUpdateBody, { ...bodyOf(b), version: Number.parseInt(str(b.version), 10) });
      if (!input.ok)
        return formPage(request, reply, { doc, body: b, errors: issueMessages(input.issues), status: 400 });
      try {
        await updateDocument(uc, doc.id, input.value);
      } catch (e) {
        return formPage(request, reply, { doc, body: b, errors: formErrors(e), status: 400 });
      }
      return seeOther(reply, `/console/legal/${encodeURIComponent(doc.id)}?msg=saved`);
    },
  );
}
