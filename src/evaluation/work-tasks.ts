import type { UseCaseContext } from '../app/use-case.js';
import { can, unitScope } from '../auth/policy.js';
import { html, type HtmlValue } from '../web/html.js';
import { linkTable } from './links.pages.js';
import { listLinkChecks } from './link-check.queries.js';
import { listSpotChecks } from './spot-check.queries.js';
import { spotCheckTable } from './spot-check.pages.js';

/** The unit's evaluation tasks on its 工作台: spot checks to fix and links that keep failing (auto-closed when they work). */
export async function unitEvaluationTasks(uc: UseCaseContext): Promise<HtmlValue[]> {
  if (!can(uc.actor, 'spotcheck.answer')) return [];
  const scope = unitScope(uc.actor);
  const [checks, links] = await Promise.all([
    listSpotChecks(uc.app.db.kysely, scope, { status: 'open' }),
    listLinkChecks(uc.app.db.kysely, scope, { tasksOnly: true, limit: 100 }),
  ]);
  const out: HtmlValue[] = [];
  if (checks.length)
    out.push(
      html`<section><h2>监督检查整改（${checks.length}）</h2>${spotCheckTable(checks, '待整改的监督检查')}</section>`,
    );
  if (links.length)
    out.push(
      html`<section><h2>失效链接（${links.length}）</h2><p class="muted">以下链接连续多次检查失败，请修正办事指南中的地址；链接恢复后自动从此处消失。</p>${linkTable(links, '失效链接')}</section>`,
    );
  return out;
}
