import Type from 'typebox';
import type { AppContext } from '../../app/context.js';
import type { App } from '../../http/app-type.js';
import { ucOf } from '../../http/use-case.js';
import { compareVersions, itemHistory, loadItem } from '../../items/item.queries.js';
import { VERSION_STATES } from '../../items/states.js';
import { html } from '../../web/html.js';

import { sendPage } from '../render.js';
import { diffTable } from './diff-view.js';
import { chinaTime } from '../common.js';

/** Version history with a field-level comparison of any two versions (materials and fees row by row). */
export function registerVersionPages(app: App, ctx: AppContext): void {
  app.get(
    '/console/items/:id/diff',
    {
      config: { access: 'item.read' },
      schema: {
        hide: true,
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({
          from: Type.Optional(Type.Integer({ minimum: 1 })),
          to: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
      },
    },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const item = await loadItem(uc, request.params.id);
      const versions = await itemHistory(uc, item.id);
      const to = request.query.to ?? versions[0]!.seq;
      const from = request.query.from ?? versions.find((v) => v.seq < to)?.seq ?? to;
      const r = await compareVersions(uc, item.id, from, to);
      const option = (seq: number, current: number) =>
        html`<option value="${seq}"${seq === current ? html` selected` : ''}>第 ${seq} 版</option>`;
      return sendPage(ctx, request, reply, {
        title: `版本比较：${item.name}`,
        active: 'items',
        body: html`<div class="page-head"><h1>版本比较：${item.name}</h1><a href="/console/items/${item.id}">返回详情</a></div>
      <form method="get" class="filters"><div class="field"><label for="from">从</label><select id="from" name="from">${versions.map((v) => option(v.seq, from))}</select></div>
        <div class="field"><label for="to">到</label><select id="to" name="to">${versions.map((v) => option(v.seq, to))}</select></div><button type="submit">比较</button></form>
      <p>第 ${r.from.seq} 版（${VERSION_STATES[r.from.state] ?? r.from.state}，${chinaTime(r.from.updated_at)}） → 第 ${r.to.seq} 版（${VERSION_STATES[r.to.state] ?? r.to.state}，${chinaTime(r.to.updated_at)}）${r.to.change_note ? `：${r.to.change_note}` : ''}</p>
      ${diffTable(r.changes)}`,
      });
    },
  );
}
