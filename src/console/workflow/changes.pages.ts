import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../../app/context.js';
import { can } from '../../auth/policy.js';
import type { App } from '../../http/app-type.js';
import { ucOf } from '../../http/use-case.js';
import {
  listItems,
  loadItem,
  parentChoices,
  publishedContent as publishedContentOf,
} from '../../items/item.queries.js';
import { parentSelect } from '../items/parent-select.js';
import { GRANULARITIES, ITEM_TYPES, ONLINE_CHANNELS, isCodeOf } from '../../domain/enums.js';
import { ItemContent } from '../../domain/item-content.js';
import { checkInput } from '../../shared/schema-issues.js';
import { chinaDate } from '../../shared/clock.js';
import { errors, isAppError } from '../../shared/errors.js';
import { html, type HtmlValue } from '../../web/html.js';
import { getChangeRequest, listChangeRequests, type ChangeRequestView } from '../../workflow/change-request.queries.js';
import { createChangeRequest, withdrawChangeRequest } from '../../workflow/change-request.service.js';
import { CHANGE_KINDS, GROUNDS, groundKindOf, type ChangeKind } from '../../domain/grounds.js';
import { deadlineCell } from '../format.js';
import { csrfField, seeOther, sendPage } from '../render.js';
import { confirmForm } from '../common.js';
import { fieldsOf, isFields, rowsOf } from '../fields.js';
import { chinaTime } from '../common.js';
import { groundDocumentText, lineageList } from './change-panel.js';

const Form = Type.Record(Type.String(), Type.Unknown());
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
/** Warning justifications belong to the item they were written for. */
/**
 * What a 合并/拆分 target takes from its source: the guide, but not what identifies the old item (its online-handling
 * links and local codes point at it) nor its rule overrides. The missing online channel is then a finding the clerk
 * must answer before submitting.
 */
const inheritableContent = ({
  overrides: _o,
  online: _on,
  localTaskCode: _lt,
  localCatalogCode: _lc,
  ...rest
}: Record<string, unknown>) => rest;
/**
 * The source's 网上办理 element offered to a new item only as a prefill the clerk confirms (Art. 10–11): the
 * channel and address may point at the item being cancelled, so nothing is copied unless the box is ticked,
 * and the address can be changed before it is.
 */
function onlinePrefill(from: Record<string, unknown>, row: Record<string, unknown>, i: number): HtmlValue {
  const online = fieldsOf(from.online);
  const channel = str(online.channel);
  if (!channel) return '';
  const url = row.onlineUrl !== undefined ? str(row.onlineUrl) : str(online.url);
  return html`<div class="field check"><label><input type="checkbox" name="newItems[${i}][onlineConfirmed]" value="1"${row.onlineConfirmed ? html` checked` : ''}> 网上办理沿用原事项的渠道「${isCodeOf(ONLINE_CHANNELS, channel) ? ONLINE_CHANNELS[channel] : channel}」（请确认对新事项有效）</label></div>
    ${channel === 'exempt' ? '' : html`<div class="field"><label for="ni-${i}-online">在线办理地址（确认前请核对，可修改）</label><input id="ni-${i}-online" name="newItems[${i}][onlineUrl]" type="url" value="${url}"></div>`}`;
}

/** The 网上办理 element a new item gets: the source's, with the address the clerk confirmed, only when confirmed. */
function confirmedOnline(
  from: Record<string, unknown>,
  row: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const online = isFields(from.online) ? from.online : undefined;
  if (!online || !str(row.onlineConfirmed)) return undefined;
  const { url: _url, mobileUrl: _mobile, ...channel } = online;
  return { ...channel, ...(str(row.onlineUrl) ? { url: str(row.onlineUrl) } : {}) };
}

const STATUS: Record<string, string> = {
  open: '待提交',
  submitted: '审核中',
  completed: '已完成',
  withdrawn: '已撤销',
};

/**
 * The request's status as it is now: `submitted` stays from the first submission (the deadline is met then),
 * but while a version is back with the unit (撤回 to draft, 退回, or a merge/split item not yet submitted)
 * nothing of it may be under review, so 审核中 alone would not be true.
 */
function statusText(c: ChangeRequestView): string {
  if (c.status === 'submitted' && c.awaitingSubmission > 0)
    return `已提交过，尚有 ${c.awaitingSubmission} 个事项待提交`;
  return STATUS[c.status] ?? c.status;
}

/** 调整申请 pages: list with deadlines (red when overdue), the request form with Art. 16–18 grounds, detail. */
export function registerChangePages(app: App, ctx: AppContext): void {
  app.get(
    '/console/changes',
    {
      config: { access: 'change.read' },
      schema: { hide: true, querystring: Type.Record(Type.String(), Type.String()) },
    },
    async (request, reply) => {
      const q = request.query;
      const { rows, total } = await listChangeRequests(ucOf(ctx, request), {
        status: q.status || undefined,
        unitId: q.unitId || undefined,
        overdue: q.overdue === 'true' || undefined,
        limit: 200,
        offset: 0,
      });
      return sendPage(ctx, request, reply, {
        title: '调整申请',
        active: 'changes',
        body: html`<div class="page-head"><h1>调整申请</h1>${can(request.actor, 'change.create') ? html`<a class="button primary" href="/console/changes/new?kind=add">新增事项申请</a>` : ''}</div>
      <form method="get" class="filters"><div class="field"><label for="status">状态</label><select id="status" name="status"><option value="">全部</option>${Object.entries(STATUS).map(([k, v]) => html`<option value="${k}"${q.status === k ? html` selected` : ''}>${v}</option>`)}</select></div>
        <div class="field check"><label><input type="checkbox" name="overdue" value="true"${q.overdue === 'true' ? html` checked` : ''}> 仅看超期</label></div><button type="submit">筛选</button></form>
      <p class="muted">共 ${total} 项。期限为事由发生之日起 ${ctx.config.deadlines.adjustmentWorkingDays} 个工作日（第十九条，按国务院节假日安排计算）。</p>
      <table class="list"><thead><tr><th scope="col">事项</th><th scope="col">单位</th><th scope="col">种类</th><th scope="col">事由</th><th scope="col">事由发生日</th><th scope="col">期限</th><th scope="col">状态</th></tr></thead>
      <tbody>${rows.map(
        (
          c,
        ) => html`<tr><td><a href="/console/changes/${c.id}">${c.itemName ?? '（新事项）'}</a></td><td>${c.unitName}</td><td>${c.kindLabel}</td><td>${c.groundLabel}</td><td>${c.groundArisenOn}</td>
        <td>${deadlineCell(c.dueOn, c.deadlineText, c.overdue || c.late, c.dueProvisional)}</td><td>${statusText(c)}</td></tr>`,
      )}</tbody></table>`,
      });
    },
  );

  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: string[] = [],
    status = 200,
  ) => {
    const kind = isCodeOf(CHANGE_KINDS, values.kind) ? values.kind : 'change';
    const itemId = str(values.itemId);
    const item = itemId ? await loadItem(ucOf(ctx, request), itemId) : null;
    const grounds = Object.entries(GROUNDS).filter(([, g]) => g.kind === groundKindOf(kind));
    const field = (name: string, label: string, control: HtmlValue) =>
      html`<div class="field"><label for="${name}">${label}</label>${control}</div>`;
    const value = (name: string) => str(values[name]);
    const rows = rowsOf(values.newItems);
    const parents = kind === 'change' || kind === 'cancel' ? [] : await parentChoices(ucOf(ctx, request));
    const from = item ? await publishedContent(request, item.id) : {};
    const newItemFields = (v: Record<string, unknown>, i: number, withType: boolean) => {
      const row = rows[i] ?? (i === 0 && kind === 'add' ? v : {});
      // Merge and split start from the source: same 颗粒度, same parent, the 基本编码 reused (the catalogue entry is the same).
      // A 子项 is split into 业务办理项 under itself (domain.md §3.1), so that is what its split form offers first.
      const intoHandling = kind === 'split' && item?.granularity === 'sub';
      const granularity = str(row.granularity) || (intoHandling ? 'handling' : item?.granularity) || 'main';
      const parentId =
        row.granularity !== undefined ? str(row.parentId) : intoHandling ? item!.id : (item?.parent_id ?? '');
      const catalogCode =
        row.catalogCode !== undefined ? str(row.catalogCode) : kind === 'add' ? '' : (item?.catalog_code ?? '');
      return html`${field(`ni-${i}-name`, `新事项 ${i + 1} 名称`, html`<input id="ni-${i}-name" name="newItems[${i}][name]" maxlength="1000" value="${str(row.name)}">`)}
        ${field(`ni-${i}-granularity`, '颗粒度', html`<select id="ni-${i}-granularity" name="newItems[${i}][granularity]">${Object.entries(GRANULARITIES).map(([k, g]) => html`<option value="${k}"${granularity === k ? html` selected` : ''}>${g}</option>`)}</select>`)}
        ${field(`ni-${i}-parent`, '上级事项（子项、业务办理项必选）', parentSelect(parents, { id: `ni-${i}-parent`, name: `newItems[${i}][parentId]`, selected: parentId }))}
        ${field(`ni-${i}-code`, '基本编码（12位；业务办理项沿用上级事项的基本编码，可留空）', html`<input id="ni-${i}-code" name="newItems[${i}][catalogCode]" pattern="[0-9A-Z]{12,17}" value="${catalogCode}">`)}
        ${withType ? field(`ni-${i}-type`, '事项类型', html`<select id="ni-${i}-type" name="newItems[${i}][type]">${Object.entries(ITEM_TYPES).map(([k, t]) => html`<option value="${k}"${str(row.type) === k ? html` selected` : ''}>${t}</option>`)}</select>`) : ''}
        ${onlinePrefill(from, row, i)}`;
    };
    const sources = Array.isArray(values.sourceItemIds) ? values.sourceItemIds.map(String) : itemId ? [itemId] : [];
    const mergeable = kind === 'merge' ? await changeableItems(request) : [];
    return sendPage(ctx, request, reply, {
      title: '发起调整申请',
      active: 'changes',
      status,
      body: html`<h1>发起调整申请：${CHANGE_KINDS[kind] ?? kind}${item ? html` · ${item.name}` : ''}</h1>
      ${errors.length ? html`<div class="flash flash-error" role="alert"><ul>${errors.map((e) => html`<li>${e}</li>`)}</ul></div>` : ''}
      <form method="post" action="/console/changes/new" class="stack">
        <input type="hidden" name="_csrf" value="${csrfField(request)}"><input type="hidden" name="kind" value="${kind}"><input type="hidden" name="itemId" value="${itemId}">
        ${
          kind === 'add'
            ? html`${newItemFields(values, 0, true)}
          <p class="muted">提交后请在编辑页补全全部要素，再提交核验。认领基本目录事项请使用“基本目录”中的认领。</p>`
            : ''
        }
        ${
          kind === 'merge'
            ? html`<fieldset><legend>合并以下已发布事项（至少两项，合并后原事项取消）</legend>
          ${mergeable.map((m) => html`<label class="check"><input type="checkbox" name="sourceItemIds[]" value="${m.id}"${sources.includes(m.id) ? html` checked` : ''}> ${m.name}</label><br>`)}</fieldset>
          ${field('mergeIntoId', '并入已有事项（如业务办理项并入其主项；选择后不新建事项，该事项生成变更版本）', html`<select id="mergeIntoId" name="mergeIntoId"><option value="">（不并入，新建下列事项）</option>${(await changeableItems(request)).map((m) => html`<option value="${m.id}"${value('mergeIntoId') === m.id ? html` selected` : ''}>${m.name}（${m.task_code}${m.handling_code ? `-${m.handling_code}` : ''}）</option>`)}</select>`)}
          <fieldset><legend>合并后的新事项（以第一个被合并事项的要素为起点，提交后在编辑页修改）</legend>${newItemFields(values, 0, false)}</fieldset>`
            : ''
        }
        ${
          kind === 'split'
            ? html`<fieldset><legend>拆分后的新事项（原事项取消；拆分为其下的业务办理项时原事项保留为上级，可只拆出一项；各新事项以原事项的要素为起点）</legend>
          ${[0, 1, 2, 3].map((i) => html`<div class="row-inline">${newItemFields(values, i, false)}</div>`)}</fieldset>`
            : ''
        }
        ${field('ground', '调整事由（第十六至十八条）', html`<select id="ground" name="ground" required>${grounds.map(([code, g]) => html`<option value="${code}"${value('ground') === code ? html` selected` : ''}>${g.label}（${g.article}）</option>`)}</select>`)}
        ${field('groundExplanation', '事由说明（选择“其他”情形时必填）', html`<textarea id="groundExplanation" name="groundExplanation" rows="3">${value('groundExplanation')}</textarea>`)}
        ${field('groundArisenOn', '事由发生日期（期限自次日起计算）', html`<input id="groundArisenOn" name="groundArisenOn" type="date" required value="${value('groundArisenOn') || chinaDate(ctx.clock.now())}">`)}
        <fieldset><legend>事由依据文件</legend>
          ${field('docNo', '文号', html`<input id="docNo" name="docNo" value="${value('docNo')}">`)}
          ${field('docTitle', '文件名称', html`<input id="docTitle" name="docTitle" value="${value('docTitle')}">`)}
          ${field('docArticle', '条款', html`<input id="docArticle" name="docArticle" value="${value('docArticle')}">`)}
          ${field('docEffective', '生效日期', html`<input id="docEffective" name="docEffective" type="date" value="${value('docEffective')}">`)}
        </fieldset>
        ${field('summary', '调整内容摘要', html`<textarea id="summary" name="summary" rows="2">${value('summary')}</textarea>`)}
        <div class="actions"><button type="submit" class="primary">提交调整申请</button></div>
      </form>`,
    });
  };

  const publishedContent = async (request: FastifyRequest, id: string): Promise<Record<string, unknown>> => {
    return { ...(await publishedContentOf(ucOf(ctx, request), id)) };
  };

  /** The unit's published items that can take a change request (no pending version). */
  const changeableItems = async (request: FastifyRequest) =>
    (
      await listItems(ucOf(ctx, request), { lifeState: 'active', workflowState: 'published', offset: 0, limit: 500 })
    ).rows.filter((r) => !r.draft_version_id);

  /** The items part of a request from the form: new items start from the source's public content (merge, split). */
  const kindInput = async (request: FastifyRequest, kind: ChangeKind, b: Record<string, unknown>) => {
    const rows = rowsOf(b.newItems);
    const filled = rows.filter((r) => str(r.name));
    const spec = async (r: Record<string, unknown>, from: Record<string, unknown>) => {
      const granularity = isCodeOf(GRANULARITIES, r.granularity) ? r.granularity : 'main';
      const parentId = granularity === 'main' ? undefined : str(r.parentId) || undefined;
      // A 业务办理项 is a unit of its parent's catalogue entry: its 基本编码 is the parent's unless the clerk typed one.
      const catalogCode =
        str(r.catalogCode) ||
        (granularity === 'handling' && parentId ? (await loadItem(ucOf(ctx, request), parentId)).catalog_code : '');
      const online = confirmedOnline(from, r);
      // Checked here against the schema the use case checks it with, so that it is typed (the issues are the same).
      const content = checkInput(
        ItemContent,
        {
          setBasis: [],
          useLevels: [ctx.config.jurisdiction.level],
          type: '20',
          ...inheritableContent(from),
          name: str(r.name),
          catalogCode,
          ...(str(r.type) ? { type: str(r.type) } : {}),
          ...(online ? { online } : {}),
        },
        'content',
      );
      if (!content.ok) throw errors.validation(content.issues);
      return { granularity, ...(parentId ? { parentId } : {}), content: content.value };
    };
    if (kind === 'add') return { newItems: await Promise.all(filled.slice(0, 1).map((r) => spec(r, {}))) };
    if (kind === 'merge') {
      const sourceItemIds = (Array.isArray(b.sourceItemIds) ? b.sourceItemIds : [b.sourceItemIds])
        .map((x) => str(x))
        .filter(Boolean);
      if (str(b.mergeIntoId)) return { sourceItemIds, mergeIntoId: str(b.mergeIntoId) };
      const from = sourceItemIds[0] ? await publishedContent(request, sourceItemIds[0]) : {};
      return { sourceItemIds, newItems: await Promise.all(filled.slice(0, 1).map((r) => spec(r, from))) };
    }
    if (kind === 'split') {
      const from = await publishedContent(request, str(b.itemId));
      return { sourceItemIds: [str(b.itemId)], newItems: await Promise.all(filled.map((r) => spec(r, from))) };
    }
    return { itemId: str(b.itemId) };
  };

  /**
   * A new item's name is checked here because blank rows are dropped before the use case sees them: an 新增
   * or 合并 without a name would otherwise be refused as 须提供 1 个新事项, which does not say what to fill in.
   */
  const missingNames = (kind: ChangeKind, b: Record<string, unknown>): string[] => {
    const rows = rowsOf(b.newItems);
    if (kind === 'add' || (kind === 'merge' && !str(b.mergeIntoId)))
      return str(rows[0]?.name) ? [] : ['新事项 1 名称不能为空'];
    return [];
  };

  app.get(
    '/console/changes/new',
    {
      config: { access: 'change.create' },
      schema: { hide: true, querystring: Type.Record(Type.String(), Type.String()) },
    },
    async (request, reply) => formPage(request, reply, request.query),
  );

  app.post(
    '/console/changes/new',
    { config: { access: 'change.create' }, schema: { hide: true, body: Form } },
    async (request, reply) => {
      const b = request.body;
      const kind = isCodeOf(CHANGE_KINDS, b.kind) ? b.kind : undefined;
      if (!kind) return formPage(request, reply, b, ['请选择调整类型'], 400);
      const doc = Object.fromEntries(
        Object.entries({
          docNo: str(b.docNo),
          title: str(b.docTitle),
          article: str(b.docArticle),
          effectiveDate: str(b.docEffective),
        }).filter(([, v]) => v),
      );
      const missing = missingNames(kind, b);
      if (missing.length) return formPage(request, reply, b, missing, 400);
      try {
        const cr = await createChangeRequest(ucOf(ctx, request), {
          kind,
          ground: str(b.ground),
          groundArisenOn: str(b.groundArisenOn),
          groundExplanation: str(b.groundExplanation) || undefined,
          ...(Object.keys(doc).length ? { groundDocument: doc } : {}),
          summary: str(b.summary) || undefined,
          ...(await kindInput(request, kind, b)),
        });
        const target =
          cr.kind === 'merge' || cr.kind === 'split'
            ? ((await getChangeRequest(ucOf(ctx, request), cr.id)).lineage.find((l) => l.role === 'target')?.itemId ??
              cr.item_id)
            : cr.item_id;
        return seeOther(
          reply,
          cr.kind === 'cancel'
            ? `/console/items/${target}?msg=change_created`
            : `/console/items/${target}/edit?msg=change_created`,
        );
      } catch (e) {
        if (isAppError(e) && e.status === 400)
          return formPage(request, reply, b, e.issues.length ? e.issues.map((i) => i.message) : [e.message], 400);
        if (isAppError(e) && e.code === 'DUPLICATE') return formPage(request, reply, b, [e.message], 409);
        throw e;
      }
    },
  );

  app.get(
    '/console/changes/:id',
    {
      config: { access: 'change.read' },
      schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 64 }) }) },
    },
    async (request, reply) => {
      const c = await getChangeRequest(ucOf(ctx, request), request.params.id);
      return sendPage(ctx, request, reply, {
        title: '调整申请',
        active: 'changes',
        body: html`<div class="page-head"><h1>调整申请：${c.kindLabel}${c.itemName ? ` · ${c.itemName}` : ''}</h1>
        ${c.status === 'open' && can(request.actor, 'change.create') ? html`<a class="button danger" href="/console/changes/${c.id}/withdraw">撤销申请</a>` : ''}</div>
      <dl class="kv"><dt>实施单位</dt><dd>${c.unitName}</dd><dt>事项</dt><dd>${c.itemId ? html`<a href="/console/items/${c.itemId}">${c.itemName}</a>` : '—'}</dd>
        <dt>种类</dt><dd>${c.kindLabel}</dd><dt>事由</dt><dd>${c.groundLabel}${c.groundExplanation ? html`<div>${c.groundExplanation}</div>` : ''}</dd>
        <dt>依据文件</dt><dd>${groundDocumentText(c.groundDocument) || '—'}</dd>
        <dt>事由发生日</dt><dd>${c.groundArisenOn}</dd><dt>期限</dt><dd>${deadlineCell(c.dueOn, c.deadlineText, c.overdue || c.late, c.dueProvisional)}</dd>
        <dt>状态</dt><dd>${statusText(c)}</dd><dt>首次提交</dt><dd>${chinaTime(c.firstSubmittedAt)}</dd><dt>完成</dt><dd>${chinaTime(c.completedAt)}</dd>
        ${c.summary ? html`<dt>摘要</dt><dd>${c.summary}</dd>` : ''}
        ${c.lineage.length ? html`<dt>沿革</dt><dd>${lineageList(c)}</dd>` : ''}</dl>`,
      });
    },
  );

  app.get(
    '/console/changes/:id/withdraw',
    {
      config: { access: 'change.create' },
      schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 64 }) }) },
    },
    async (request, reply) => {
      const c = await getChangeRequest(ucOf(ctx, request), request.params.id);
      return sendPage(ctx, request, reply, {
        title: '撤销调整申请',
        active: 'changes',
        body: confirmForm(request, {
          title: `撤销调整申请：${c.kindLabel}${c.itemName ? ` · ${c.itemName}` : ''}`,
          danger: true,
          button: '确认撤销',
          action: `/console/changes/${c.id}/withdraw`,
          cancelHref: `/console/changes/${c.id}`,
          explain: html`<p>撤销后，本申请生成的待修改版本将作废${c.kind === 'add' || c.kind === 'merge' || c.kind === 'split' ? '，因本申请新建的事项将随之取消（其编码不再使用）' : ''}；已发布的内容不受影响。调整事由仍然存在的，须在期限（${c.dueOn}）内重新发起。</p>`,
        }),
      });
    },
  );

  app.post(
    '/console/changes/:id/withdraw',
    {
      config: { access: 'change.create' },
      schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 64 }) }), body: Form },
    },
    async (request, reply) => {
      await withdrawChangeRequest(ucOf(ctx, request), request.params.id);
      return seeOther(reply, `/console/changes/${request.params.id}?msg=done`);
    },
  );
}
