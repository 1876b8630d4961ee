import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import { DEFAULT_SECURITY_SETTINGS } from '../accounts/security-settings.js';
import { SecuritySettingsBody } from '../accounts/security-settings.schema.js';
import { getSecuritySettings, updateSecuritySettings } from '../accounts/security-settings.service.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { isAppError, type FieldIssue } from '../shared/errors.js';
import { html } from '../web/html.js';
import { coerceForm } from '../web/form/coerce.js';
import { renderFields } from '../web/form/render.js';
import { csrfField, seeOther, sendPage } from './render.js';

const Form = Type.Record(Type.String(), Type.Unknown());
const SCHEMA = SecuritySettingsBody;
const access = { access: 'security.policy' } as const;

/** Where each default comes from, shown under the form so the administrator knows what they deviate from. */
const DEFAULTS_NOTE = html`<section class="form-section"><h2>默认值与依据</h2><ul>
  <li>口令至少 ${DEFAULT_SECURITY_SETTINGS.password.minLength} 位、至少 ${DEFAULT_SECURITY_SETTINGS.password.minClasses} 类字符、${DEFAULT_SECURITY_SETTINGS.password.maxAgeDays} 天更换、不得与最近 ${DEFAULT_SECURITY_SETTINGS.password.historySize} 次相同（等保 8.1.4.1 a：复杂度要求并定期更换）。</li>
  <li>${DEFAULT_SECURITY_SETTINGS.lockout.windowMinutes} 分钟内连续失败 ${DEFAULT_SECURITY_SETTINGS.lockout.threshold} 次锁定 ${DEFAULT_SECURITY_SETTINGS.lockout.durationMinutes} 分钟；同一 IP 地址 ${DEFAULT_SECURITY_SETTINGS.ipThrottle.windowMinutes} 分钟内失败 ${DEFAULT_SECURITY_SETTINGS.ipThrottle.failures} 次后暂停受理（等保 8.1.4.1 b）。</li>
  <li>业务账号空闲 ${DEFAULT_SECURITY_SETTINGS.session.idleMinutes} 分钟、管理员空闲 ${DEFAULT_SECURITY_SETTINGS.session.adminIdleMinutes} 分钟自动退出，会话最长 ${DEFAULT_SECURITY_SETTINGS.session.absoluteHours} 小时。</li>
  <li>中心、管理局和三员账号始终须使用动态口令；一次性初始口令 ${DEFAULT_SECURITY_SETTINGS.initialPasswordHours} 小时后失效。</li>
</ul><p class="muted">每次修改都记入审计（含修改前后的取值）。</p></section>`;

/** 安全策略 for the 安全管理员: the runtime security settings, validated and audited by the same service as the API. */
export function registerSecurityPages(app: App, ctx: AppContext): void {
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    o: { values?: unknown; issues?: FieldIssue[]; status?: number } = {},
  ) => {
    const values = o.values ?? (await getSecuritySettings(ucOf(ctx, request)));
    const issues = o.issues ?? [];
    const notes = new Map<string, Array<{ severity: 'error'; message: string }>>();
    for (const i of issues)
      notes.set(i.path, [...(notes.get(i.path) ?? []), { severity: 'error', message: i.message }]);
    return sendPage(ctx, request, reply, {
      title: '安全策略',
      active: 'security',
      status: o.status,
      body: html`<h1>安全策略</h1>
      ${issues.length ? html`<div class="flash flash-error" role="alert">有 ${issues.length} 处取值不符合要求，已在对应项旁标出，未保存。</div>` : ''}
      <form method="post" action="/console/security" class="stack form-section settings-form" novalidate>
        <input type="hidden" name="_csrf" value="${csrfField(request)}">
        ${renderFields(SCHEMA, ['settings'], values, { notes: new Map([...notes].map(([path, n]) => [`settings.${path}`, n])) })}
        <p><button type="submit" class="primary">保存安全策略</button></p>
      </form>
      ${DEFAULTS_NOTE}`,
    });
  };

  app.get('/console/security', { config: access, schema: { hide: true } }, async (request, reply) =>
    page(request, reply),
  );

  app.post('/console/security', { config: access, schema: { hide: true, body: Form } }, async (request, reply) => {
    const values = coerceForm(SCHEMA, request.body.settings, true);
    try {
      await updateSecuritySettings(ucOf(ctx, request), values);
    } catch (e) {
      if (isAppError(e) && e.code === 'VALIDATION_FAILED')
        return page(request, reply, { values, issues: e.issues, status: 400 });
      throw e;
    }
    return seeOther(reply, '/console/security?msg=saved');
  });
}
