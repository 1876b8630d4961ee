import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import { requireAuth } from '../accounts/auth.routes.js';
import { chinaTime, confirmForm } from '../console/common.js';
import { stashSecret, takeSecret } from '../console/one-time-reveal.js';
import { csrfField, seeOther, sendPage } from '../console/render.js';
import { Code } from '../domain/schema-helpers.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { errors, isAppError, type FieldIssue } from '../shared/errors.js';
import { html, type HtmlValue } from '../web/html.js';
import { coerceForm } from '../web/form/coerce.js';
import { renderFields } from '../web/form/render.js';
import { activeUnitNames } from '../units/unit.queries.js';
import type { JsonSchema } from '../web/form/schema.js';
import { publicCatalogue } from './catalogue.js';
import { pollChannel } from './channel-poll.job.js';
import {
  CHANNEL_KINDS,
  EXPECTED_SYNC,
  getChannelOverview,
  listChannelOverview,
  registerChannel,
  repushChannel,
  rotateCredentials,
  updateChannel,
  type ChannelCredentials,
  type ChannelInput,
} from './channel.service.js';
import type { SyncStatus } from './sync-status.js';
import { SYNC_LABELS } from './sync-status.js';

const Form = Type.Record(Type.String(), Type.Unknown());
const Id = Type.Object({ id: Type.String({ maxLength: 64 }) });
const access = { access: 'channel.manage' } as const;
type Values = Record<string, unknown>;

/** The registration form's schema; the unit list comes from the database, so it is built per request. */
function channelSchema(units: Record<string, string>): JsonSchema {
  return Type.Object({
    name: Type.String({ title: '渠道名称', maxLength: 100 }),
    kind: Code(CHANNEL_KINDS, '渠道类型'),
    unitId: Type.Optional(Code(units, '展示哪个单位的事项（不选 = 全区所有单位）')),
    siteUrl: Type.Optional(
      Type.String({
        title: '网站地址',
        maxLength: 2000,
        pattern: '^https?://',
        description: '应为以 http:// 或 https:// 开头的网址',
      }),
    ),
    expectedSync: Code(EXPECTED_SYNC, '同步方式'),
    webhookUrl: Type.Optional(
      Type.String({
        title: 'Webhook 推送地址（每次发布推送签名通知）',
        maxLength: 2000,
        pattern: '^https?://',
        description: '应为以 http:// 或 https:// 开头的网址',
      }),
    ),
    pollUrl: Type.Optional(
      Type.String({
        title: '状态地址（中心轮询，返回 seq 和 hash）',
        maxLength: 2000,
        pattern: '^https?://',
        description: '应为以 http:// 或 https:// 开头的网址',
      }),
    ),
    active: Type.Optional(Type.Boolean({ title: '启用' })),
  }) as unknown as JsonSchema;
}

export const stateBadge = (s: SyncStatus) =>
  html`<span class="badge badge-sync-${s.state}">${SYNC_LABELS[s.state]}</span>`;

/** How far behind, also for a drifted channel (a drift is not hidden by later publications, nor does it hide them). */
const behindNote = (s: SyncStatus) => (s.behindBy > 0 ? `落后 ${s.behindBy} 次发布` : '');

/**
 * Any seq from the scope's last publication up to the catalogue's is current (later publications of other
 * units do not change a unit's scope), hence "≥" wherever the expected sequence is shown.
 */
const expectedSeqText = (s: SyncStatus) => `≥ ${s.expectedSeq}`;

/** The stored poll error is "<ISO time> <text>"; staff read China time. */
export function pollErrorText(stored: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\S+Z) (.*)$/s.exec(stored);
  return m ? `${chinaTime(m[1])} ${m[2]}` : stored;
}

function credentialsBlock(c: ChannelCredentials): HtmlValue {
  return html`<div class="flash flash-warn" role="alert"><strong>请立即把下列凭据交给渠道的网站管理员。</strong>它们只显示这一次，数据库只保存令牌的摘要和加密后的签名密钥。</div>
    <p class="reveal"><span class="reveal-label">上报令牌</span> <code class="secret" id="channel-token">${c.token}</code></p>
    ${c.webhookSecret ? html`<p class="reveal"><span class="reveal-label">Webhook 签名密钥</span> <code class="secret" id="channel-secret">${c.webhookSecret}</code></p>` : ''}`;
}

/**
 * 发布渠道 for the centre (`channel.manage`): register the portal and unit websites, see which channels
 * are current, behind or drifted and since when, read each delivery and attempt, re-push the latest state.
 */
export function registerChannelPages(app: App, ctx: AppContext): void {
  const units = () => activeUnitNames(ctx.db.kysely);

  app.get('/console/channels', { config: access, schema: { hide: true } }, async (request, reply) => {
    const rows = await listChannelOverview(ucOf(ctx, request));
    const cat = await publicCatalogue(ctx);
    const catalogueHash = (await cat.manifest(null)).hash;
    const counts = Object.fromEntries(
      (['current', 'behind', 'drifted', 'unknown'] as const).map((s) => [
        s,
        rows.filter((r) => r.status.state === s && r.channel.active).length,
      ]),
    );
    return sendPage(ctx, request, reply, {
      title: '发布渠道',
      active: 'channels',
      body: html`<div class="page-head"><h1>发布渠道与同步状态</h1><a class="button primary" href="/console/channels/new">登记渠道</a></div>
      <p>当前发布序号 <strong id="current-seq">${cat.stamp.seq}</strong>，全区目录摘要 <code>${catalogueHash}</code>。
        已同步 ${counts.current} 个，落后 ${counts.behind} 个，内容不一致 ${counts.drifted} 个，未上报 ${counts.unknown} 个（第二十条 同源同步）。</p>
      ${
        rows.length
          ? html`<table class="list channels"><caption class="visually-hidden">发布渠道列表</caption>
        <thead><tr><th scope="col">渠道</th><th scope="col">范围</th><th scope="col">同步方式</th><th scope="col">状态</th><th scope="col">自何时</th><th scope="col">上报的发布序号</th><th scope="col">应为</th><th scope="col">待推送</th></tr></thead>
        <tbody>${rows.map(
          ({ channel: c, status: s, pending }) => html`<tr data-channel="${c.id}" data-state="${s.state}">
          <td><a href="/console/channels/${c.id}">${c.name}</a>${c.active ? '' : html` <span class="badge">已停用</span>`}<br><small class="muted">${CHANNEL_KINDS[c.kind] ?? c.kind}</small></td>
          <td>${c.unit_name ?? '全区'}</td><td>${EXPECTED_SYNC[c.expected_sync] ?? c.expected_sync}</td>
          <td>${stateBadge(s)}${behindNote(s) ? html`<br><small>${behindNote(s)}</small>` : ''}</td><td>${chinaTime(s.since)}</td>
          <td>${c.reported_seq ?? '—'}</td><td>${expectedSeqText(s)}</td><td>${pending || ''}</td></tr>`,
        )}</tbody></table>`
          : html`<p>尚未登记渠道。</p>`
      }
      <p class="muted">“落后”：渠道上报的发布序号之后，其范围内又有新的发布；“内容不一致”：发布序号一致但目录摘要不同（或上报了不存在的序号），说明渠道展示的内容不是中心发布的内容；此后又有新的发布时仍显示“内容不一致”，并注明落后的次数，直到渠道重新上报。</p>`,
    });
  });

  const form = async (
    request: FastifyRequest,
    reply: FastifyReply,
    o: { id?: string; values: Values; version?: number; issues?: FieldIssue[]; status?: number; message?: string },
  ) => {
    const notes = new Map<string, Array<{ severity: 'error'; message: string }>>();
    for (const i of o.issues ?? [])
      notes.set(`channel.${i.path}`, [
        ...(notes.get(`channel.${i.path}`) ?? []),
        { severity: 'error', message: i.message },
      ]);
    const title = o.id ? '修改发布渠道' : '登记发布渠道';
    return sendPage(ctx, request, reply, {
      title,
      active: 'channels',
      status: o.status,
      body: html`<h1>${title}</h1>
      ${o.message ? html`<div class="flash flash-error" role="alert">${o.message}</div>` : ''}
      ${o.issues?.length ? html`<div class="flash flash-error" role="alert">有 ${o.issues.length} 处填写不符合要求，已在对应字段旁标出，未保存。</div>` : ''}
      <form method="post" action="${o.id ? `/console/channels/${o.id}/edit` : '/console/channels/new'}" class="stack form-section" novalidate>
        <input type="hidden" name="_csrf" value="${csrfField(request)}">
        ${o.version ? html`<input type="hidden" name="version" value="${o.version}">` : ''}
        ${renderFields(channelSchema(await units()), ['channel'], o.values, { notes })}
        <p><button type="submit" class="primary">保存</button> <a href="${o.id ? `/console/channels/${o.id}` : '/console/channels'}">取消</a></p>
      </form>`,
    });
  };
  const read = async (body: Values): Promise<{ values: Values; input: ChannelInput }> => {
    const values = coerceForm(channelSchema(await units()), body.channel, true) as Values;
    const s = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
    return {
      values,
      input: {
        name: s('name'),
        kind: s('kind'),
        unitId: s('unitId') || null,
        siteUrl: s('siteUrl'),
        webhookUrl: s('webhookUrl'),
        pollUrl: s('pollUrl'),
        expectedSync: s('expectedSync'),
        active: values.active !== false,
      },
    };
  };
  const sessionOf = (request: FastifyRequest) => requireAuth(request.auth).session.id_hash;

  app.get('/console/channels/new', { config: access, schema: { hide: true } }, async (request, reply) =>
    form(request, reply, { values: { kind: 'unit_site', expectedSync: 'webhook', active: true } }),
  );

  app.post('/console/channels/new', { config: access, schema: { hide: true, body: Form } }, async (request, reply) => {
    const { values, input } = await read(request.body);
    try {
      const { channel, credentials } = await registerChannel(ucOf(ctx, request), input);
      const reveal = await stashSecret(
        ctx,
        sessionOf(request),
        'channel_credentials',
        channel.id,
        JSON.stringify(credentials),
      );
      return seeOther(reply, `/console/channels/${channel.id}?r=${reveal}&msg=saved`);
    } catch (e) {
      if (isAppError(e) && e.code === 'VALIDATION_FAILED')
        return form(request, reply, { values, issues: e.issues, status: 400 });
      throw e;
    }
  });

  app.get(
    '/console/channels/:id',
    {
      config: access,
      schema: {
        hide: true,
        params: Id,
        querystring: Type.Object({
          r: Type.Optional(Type.String({ maxLength: 64 })),
          msg: Type.Optional(Type.String({ maxLength: 40 })),
        }),
      },
    },
    async (request, reply) => {
      const {
        channel: c,
        status: s,
        deliveries,
        attempts,
      } = await getChannelOverview(ucOf(ctx, request), request.params.id);
      const secret = request.query.r
        ? await takeSecret(ctx, sessionOf(request), request.query.r, 'channel_credentials', c.id)
        : null;
      const base = ctx.config.http.publicBaseUrl;
      return sendPage(ctx, request, reply, {
        title: c.name,
        active: 'channels',
        body: html`<div class="page-head"><h1>${c.name}</h1><a class="button" href="/console/channels/${c.id}/edit">修改</a></div>
      ${secret ? credentialsBlock(JSON.parse(secret) as ChannelCredentials) : ''}
      <section class="view-section"><h2>同步状态</h2>
        <dl class="kv">
          <dt>状态</dt><dd id="sync-state">${stateBadge(s)} 自 ${chinaTime(s.since)}${behindNote(s) ? `，${behindNote(s)}` : ''}</dd>
          <dt>渠道上报</dt><dd>${c.reported_seq === null ? '尚未上报' : html`发布序号 ${c.reported_seq}，目录摘要 <code>${c.reported_hash}</code>（${c.reported_via === 'poll' ? '中心轮询' : '渠道上报'}，${chinaTime(c.reported_at)}）`}</dd>
          <dt>应为</dt><dd>发布序号 ${expectedSeqText(s)}，目录摘要 <code>${s.expectedHash}</code></dd>
          ${c.last_poll_error ? html`<dt>最近轮询错误</dt><dd id="poll-error">${pollErrorText(c.last_poll_error)}</dd>` : ''}
        </dl>
        <ul class="actions-list">
          ${c.webhook_url ? html`<li><a class="button primary" href="/console/channels/${c.id}/repush">重新推送最新状态</a></li>` : ''}
          ${c.poll_url ? html`<li><form method="post" action="/console/channels/${c.id}/poll" class="inline"><input type="hidden" name="_csrf" value="${csrfField(request)}"><button type="submit">立即轮询</button></form></li>` : ''}
          <li><a class="button" href="/console/channels/${c.id}/rotate">更换令牌和签名密钥</a></li>
        </ul>
      </section>
      <section class="view-section"><h2>登记信息</h2><dl class="kv">
        <dt>类型</dt><dd>${CHANNEL_KINDS[c.kind] ?? c.kind}</dd>
        <dt>范围</dt><dd>${c.unit_name ?? '全区所有单位'}</dd>
        <dt>网站</dt><dd>${c.site_url ?? '—'}</dd>
        <dt>同步方式</dt><dd>${EXPECTED_SYNC[c.expected_sync] ?? c.expected_sync}</dd>
        <dt>Webhook</dt><dd>${c.webhook_url ?? '未配置'}</dd>
        <dt>状态地址</dt><dd>${c.poll_url ?? '未配置'}</dd>
        <dt>启用</dt><dd>${c.active ? '是' : '否'}</dd>
      </dl>
      <details class="rules"><summary>渠道如何接入</summary>
        <p>上报：<code>POST ${base}/api/public/v1/channels/status</code>，请求头 <code>Authorization: Bearer 上报令牌</code>，正文 <code>{"seq": 发布序号, "hash": "目录摘要"}</code>。</p>
        <p>目录摘要取自 <code>${base}/api/public/v1/catalogue${c.unit_id ? `?unit=${c.unit_id}` : ''}</code> 的 <code>catalogue.hash</code>，或 Webhook 正文中的 <code>catalogue.hash</code>。</p>
        <p>嵌入挂件：<code>&lt;script src="${base}/widget/v1.js" data-unit="${c.unit_id ?? '单位id'}" defer&gt;&lt;/script&gt;</code>。把这一行放到单位网站上要显示本单位事项的位置即可：挂件样式与网站隔离，内容与门户同源，每次发布后自动更新。</p>
      </details></section>
      <section class="view-section"><h2>推送记录（最近 20 次）</h2>
        ${
          deliveries.length
            ? html`<table class="list deliveries"><caption class="visually-hidden">推送记录</caption>
          <thead><tr><th scope="col">发布序号</th><th scope="col">事件</th><th scope="col">状态</th><th scope="col">尝试次数</th><th scope="col">最近响应</th><th scope="col">最近错误</th><th scope="col">下次重试</th><th scope="col">每次尝试</th></tr></thead>
          <tbody>${deliveries.map(
            (
              d,
            ) => html`<tr data-delivery="${d.id}" data-status="${d.status}"><td>${d.seq}</td><td>${d.event === 'repush' ? '重新推送' : '发布'}</td>
            <td>${d.status === 'delivered' ? html`<span class="badge badge-ok">已送达</span> ${chinaTime(d.delivered_at)}` : html`<span class="badge badge-warning">待送达</span>`}</td>
            <td>${d.attempts}</td><td>${d.last_status_code ?? '—'}</td><td>${d.last_error ?? ''}</td><td>${d.status === 'pending' ? chinaTime(d.next_attempt_at) : ''}</td>
            <td>${attempts.filter((a) => a.delivery_id === d.id).length ? html`<details><summary>${attempts.filter((a) => a.delivery_id === d.id).length} 次</summary><ol>${attempts.filter((a) => a.delivery_id === d.id).map((a) => html`<li>${chinaTime(a.attempted_at)}：${a.status_code ?? '无响应'}${a.error ? html`（${a.error}）` : ''}，${a.duration_ms} 毫秒</li>`)}</ol></details>` : ''}</td>
          </tr>`,
          )}</tbody></table>`
            : html`<p>暂无推送。</p>`
        }
      </section>
      <p><a href="/console/channels">返回渠道列表</a></p>`,
      });
    },
  );

  app.get(
    '/console/channels/:id/edit',
    { config: access, schema: { hide: true, params: Id } },
    async (request, reply) => {
      const { channel: c } = await getChannelOverview(ucOf(ctx, request), request.params.id);
      const values = Object.fromEntries(
        Object.entries({
          name: c.name,
          kind: c.kind,
          unitId: c.unit_id,
          siteUrl: c.site_url,
          webhookUrl: c.webhook_url,
          pollUrl: c.poll_url,
          expectedSync: c.expected_sync,
          active: !!c.active,
        }).filter(([, v]) => v !== null),
      );
      return form(request, reply, { id: c.id, values, version: c.lock_version });
    },
  );

  app.post(
    '/console/channels/:id/edit',
    { config: access, schema: { hide: true, params: Id, body: Form } },
    async (request, reply) => {
      const body = request.body;
      const version = Number.parseInt(String(body.version ?? ''), 10);
      const { values, input } = await read(body);
      try {
        await updateChannel(ucOf(ctx, request), request.params.id, version, input);
        return seeOther(reply, `/console/channels/${request.params.id}?msg=saved`);
      } catch (e) {
        if (isAppError(e) && ['VALIDATION_FAILED', 'VERSION_CONFLICT'].includes(e.code))
          return form(request, reply, {
            id: request.params.id,
            values,
            version,
            issues: e.issues,
            status: e.status,
            message: e.issues.length ? undefined : e.message,
          });
        throw e;
      }
    },
  );

  app.get(
    '/console/channels/:id/repush',
    { config: access, schema: { hide: true, params: Id } },
    async (request, reply) => {
      const { channel: c } = await getChannelOverview(ucOf(ctx, request), request.params.id);
      return sendPage(ctx, request, reply, {
        title: '重新推送',
        active: 'channels',
        body: confirmForm(request, {
          title: `重新推送：${c.name}`,
          button: '确认重新推送',
          action: `/console/channels/${c.id}/repush`,
          cancelHref: `/console/channels/${c.id}`,
          explain: html`<p>把${c.unit_name ?? '全区'}当前已发布的全部事项（目录清单、目录摘要和事项摘要）作为一次签名推送发送到 <code>${c.webhook_url ?? ''}</code>。渠道收到后应更新展示内容并上报同步状态。</p>`,
        }),
      });
    },
  );

  app.post(
    '/console/channels/:id/repush',
    { config: access, schema: { hide: true, params: Id, body: Form } },
    async (request, reply) => {
      await repushChannel(ucOf(ctx, request), request.params.id);
      return seeOther(reply, `/console/channels/${request.params.id}?msg=done`);
    },
  );

  app.get(
    '/console/channels/:id/rotate',
    { config: access, schema: { hide: true, params: Id } },
    async (request, reply) => {
      const { channel: c } = await getChannelOverview(ucOf(ctx, request), request.params.id);
      return sendPage(ctx, request, reply, {
        title: '更换凭据',
        active: 'channels',
        body: confirmForm(request, {
          title: `更换令牌和签名密钥：${c.name}`,
          danger: true,
          button: '确认更换',
          action: `/console/channels/${c.id}/rotate`,
          cancelHref: `/console/channels/${c.id}`,
          explain: html`<p>旧的上报令牌和 Webhook 签名密钥立即失效。新凭据只显示一次，请交给渠道的网站管理员更新配置。</p>`,
        }),
      });
    },
  );

  app.post(
    '/console/channels/:id/rotate',
    { config: access, schema: { hide: true, params: Id, body: Form } },
    async (request, reply) => {
      const credentials = await rotateCredentials(ucOf(ctx, request), request.params.id);
      const reveal = await stashSecret(
        ctx,
        sessionOf(request),
        'channel_credentials',
        request.params.id,
        JSON.stringify(credentials),
      );
      return seeOther(reply, `/console/channels/${request.params.id}?r=${reveal}`);
    },
  );

  app.post(
    '/console/channels/:id/poll',
    { config: access, schema: { hide: true, params: Id, body: Form } },
    async (request, reply) => {
      const { channel: c } = await getChannelOverview(ucOf(ctx, request), request.params.id);
      if (!c.poll_url) throw errors.invalidState('该渠道未配置状态地址，无法轮询');
      const ok = await pollChannel(ctx, c);
      return seeOther(reply, `/console/channels/${c.id}?msg=${ok ? 'polled' : 'poll_failed'}`);
    },
  );
}
