import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import { authorize } from '../auth/policy.js';
import { importCalendarNotice } from '../calendar/calendar-import.js';
import { listCalendarNotices } from '../calendar/calendar.service.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { isAppError, type FieldIssue } from '../shared/errors.js';
import { html } from '../web/html.js';
import { chinaTime, errorList, jsonSyntaxMessage, locatedIssueMessages, str } from './common.js';
import { csrfField, seeOther, sendPage } from './render.js';

const Form = Type.Record(Type.String(), Type.Unknown());
const access = { access: 'system.config' } as const;
/** A notice is a few hundred bytes; the body limit (1 MiB) bounds the paste anyway. */
const MAX_JSON = 100_000;

const EXAMPLE = `{
  "year": 2027,
  "title": "国务院办公厅关于2027年部分节假日安排的通知",
  "docNo": null,
  "publishedOn": "2026-11-10",
  "url": "https://www.gov.cn/…",
  "holidays": [
    { "name": "元旦", "firstDay": "2027-01-01", "lastDay": "2027-01-03", "makeUpWorkdays": [] }
  ]
}`;

/**
 * 系统配置 for the 系统管理员: the holiday notices the working-day calendar uses, and loading a new year's
 * notice (pasted JSON, or a file read into the text area by public/system.js). The import and its
 * `calendar.imported` audit record commit together; a rejected notice is shown with its field paths.
 */
export function registerSystemPages(app: App, ctx: AppContext): void {
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    o: { json?: string; replace?: boolean; issues?: FieldIssue[]; status?: number } = {},
  ) => {
    authorize(request.actor, 'system.config');
    const notices = await listCalendarNotices(ctx.db);
    return sendPage(ctx, request, reply, {
      title: '系统配置',
      active: 'system',
      status: o.status,
      scripts: ['system.js'],
      body: html`<h1>系统配置</h1>
      <section><h2>节假日安排（工作日计算依据）</h2>
        <table class="list"><caption class="visually-hidden">已载入的国务院节假日安排通知</caption>
          <thead><tr><th scope="col">年份</th><th scope="col">通知</th><th scope="col">文号</th><th scope="col">发布日期</th><th scope="col">来源</th><th scope="col">载入时间</th></tr></thead>
          <tbody>${notices.map(
            (
              n,
            ) => html`<tr><td>${n.year}</td><td><a href="${n.url.startsWith('https://') ? n.url : '#'}" rel="noopener noreferrer">${n.title}</a></td><td>${n.doc_no ?? '未确认'}</td>
            <td>${n.published_on}</td><td>${n.source === 'bundled' ? '随系统提供' : `管理员导入（${n.loaded_by ?? ''}）`}</td><td>${chinaTime(n.loaded_at)}</td></tr>`,
          )}</tbody></table>
        ${notices.length ? '' : html`<p>尚未载入节假日安排。</p>`}
      </section>
      <section class="form-section"><h2>导入新一年的节假日安排</h2>
        <p>国务院办公厅每年 10–12 月发布下一年的节假日安排。请按通知原文整理为 JSON（格式见 docs/calendar.md），粘贴到下面或选择文件后导入。导入记入审计。</p>
        ${o.issues?.length ? html`<div class="flash flash-error" role="alert"><p>未导入：通知内容有 ${o.issues.length} 处问题。</p></div>${errorList(locatedIssueMessages(o.issues, { notice: '通知内容' }))}` : ''}
        <form method="post" action="/console/system/calendar" class="stack" novalidate>
          <input type="hidden" name="_csrf" value="${csrfField(request)}">
          <div class="field" hidden data-file-loader><label for="noticeFile">从文件读取（JSON）</label><input id="noticeFile" type="file" accept=".json,application/json" data-target="notice"></div>
          <div class="field"><label for="notice">通知内容（JSON）</label><textarea id="notice" name="notice" rows="14" spellcheck="false" aria-describedby="notice-help" required>${o.json ?? ''}</textarea>
            <small class="help" id="notice-help">示例：</small><pre class="example">${EXAMPLE}</pre></div>
          <div class="field check"><label class="check"><input type="checkbox" name="replace" value="true"${o.replace ? html` checked` : ''}> 替换该年份已载入的通知（更正或补充通知时使用）</label></div>
          <p><button type="submit" class="primary">导入</button></p>
        </form></section>`,
    });
  };

  app.get('/console/system', { config: access, schema: { hide: true } }, async (request, reply) =>
    page(request, reply),
  );

  app.post(
    '/console/system/calendar',
    { config: access, schema: { hide: true, body: Form } },
    async (request, reply) => {
      const body = request.body;
      const json = typeof body.notice === 'string' ? body.notice : '';
      const replace = str(body.replace) === 'true';
      if (!json.trim())
        return page(request, reply, {
          json,
          replace,
          issues: [{ path: 'notice', message: '请粘贴通知内容或选择文件' }],
          status: 400,
        });
      if (json.length > MAX_JSON)
        return page(request, reply, {
          replace,
          issues: [{ path: 'notice', message: '内容过长，不像是一份节假日安排通知' }],
          status: 400,
        });
      let input: unknown;
      try {
        input = JSON.parse(json);
      } catch (e) {
        return page(request, reply, {
          json,
          replace,
          issues: [{ path: 'notice', message: jsonSyntaxMessage(json, e) }],
          status: 400,
        });
      }
      try {
        await importCalendarNotice(ucOf(ctx, request), input, { replace });
      } catch (e) {
        if (isAppError(e) && ['VALIDATION_FAILED', 'DUPLICATE'].includes(e.code)) {
          return page(request, reply, {
            json,
            replace,
            issues: e.issues.length ? e.issues : [{ path: '', message: e.message }],
            status: e.status,
          });
        }
        throw e;
      }
      return seeOther(reply, '/console/system?msg=calendar_imported');
    },
  );
}
