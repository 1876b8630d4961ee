import { fieldsOf } from './fields.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import { consolePage, type ConsolePageOptions } from '../web/layout.js';
import { unitName } from '../units/unit.queries.js';

/** Messages a redirect can ask the next page to show (`?msg=saved`); a closed list, so nothing is reflected. */
const FLASH: Record<string, { kind: 'ok' | 'error' | 'info'; text: string }> = {
  saved: { kind: 'ok', text: '已保存。' },
  created: { kind: 'ok', text: '事项已录入为草稿。' },
  change_created: { kind: 'ok', text: '已发起调整申请，请在期限内修改并提交核验（取消申请可直接提交）。' },
  password_changed: { kind: 'ok', text: '口令已修改。' },
  mfa_enrolled: { kind: 'ok', text: '动态口令已绑定。' },
  submitted: { kind: 'ok', text: '已提交。' },
  returned: { kind: 'info', text: '已退回，并通知经办人。' },
  verified: { kind: 'ok', text: '核验通过。' },
  // Channels catch up on their own (webhook, poll, report), so only what the centre itself serves is updated now.
  published: { kind: 'ok', text: '已发布，门户和公共接口已更新；各渠道的同步状态见“发布渠道”。' },
  scheduled: { kind: 'ok', text: '已设定定时发布。' },
  conflict: { kind: 'error', text: '数据已被他人修改，请在最新版本上重新操作。' },
  logged_out: { kind: 'info', text: '已安全退出。' },
  expired: { kind: 'info', text: '会话已超时，请重新登录。' },
  done: { kind: 'ok', text: '操作已完成。' },
  polled: { kind: 'ok', text: '已轮询，渠道的同步状态已更新。' },
  poll_failed: { kind: 'error', text: '轮询失败，原因见“最近轮询错误”。' },
  password_expiring: { kind: 'info', text: '您的口令将在 7 天内到期，请尽快在“账号设置”中修改口令。' },
  revoked: { kind: 'ok', text: '令牌已吊销，使用它的请求将被拒绝。' },
  calendar_imported: { kind: 'ok', text: '节假日安排已导入，工作日计算立即按新安排执行。' },
  recorded: { kind: 'ok', text: '已登记，相关单位的调整义务已产生并已通知。' },
  imported: { kind: 'ok', text: '基本目录版本已导入。' },
  claimed: { kind: 'ok', text: '已认领：事项名称、基本编码、类型和设定依据继承自基本目录，请补充其他要素。' },
  taken_over: { kind: 'ok', text: '已采用基本目录新文本，请核对后提交。' },
  change_opened: { kind: 'ok', text: '已发起调整申请，请修改（或直接提交）待修改版本。' },
};

export interface PageOptions
  extends Omit<ConsolePageOptions, 'actor' | 'jurisdiction' | 'csrfToken' | 'unitName' | 'flash'> {
  status?: number;
}

/** Sends a console page for the signed-in actor (header shows who, in which role and unit). */
export async function sendPage(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  o: PageOptions,
): Promise<FastifyReply> {
  const actor = request.actor.kind === 'public' ? null : request.actor;
  const unit = actor?.unitId ? await unitName(ctx.db.kysely, actor.unitId) : null;
  const msg = fieldsOf(request.query).msg;
  const page = consolePage({
    ...o,
    actor,
    unitName: unit,
    csrfToken: request.auth?.session.csrf_token,
    signedIn: !request.auth || request.auth.stage === 'full',
    jurisdiction: ctx.config.jurisdiction.fullName,
    flash: typeof msg === 'string' ? (FLASH[msg] ?? null) : null,
  });
  // DATA-05: authenticated pages are never cached (a "back" after logout shows nothing).
  return reply
    .status(o.status ?? 200)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(page.value);
}

export const csrfField = (request: FastifyRequest) => request.auth?.session.csrf_token ?? '';

/** PRG redirect after a successful form post. */
export const seeOther = (reply: FastifyReply, url: string) => reply.status(303).header('location', url).send();
