import { createHmac } from 'node:crypto';
import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import { assertSameOrigin } from '../explanations/explanation.routes.js';
import { checkFormToken, issueFormToken, pageFormToken } from '../explanations/form-token.js';
import type { App } from '../http/app-type.js';
import { liveLinks } from '../portal/links.js';
import { privatePageSender } from '../portal/private-page.js';
import { catalogueFor } from '../publishing/catalogue.js';
import { readPublicItem } from '../publishing/public-item.js';
import { requestStamp } from '../publishing/public-response.js';
import { hitRateLimit } from '../security/rate-limit.js';
import { AppError, errors } from '../shared/errors.js';
import { castVote } from './feedback.service.js';
import { VOTE_REASON_MAX } from './feedback.js';
import { thanksBody, voteSection } from './feedback.view.js';

/** IN-07: votes per client address per hour; one vote per guide, address and day. */
export const VOTE_LIMITS = { perHour: 20 };

const Form = Type.Record(Type.String(), Type.Unknown());
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Where a guide's vote is posted, and the purpose its form token is signed for. */
export const voteAction = (code: string) => `/items/${encodeURIComponent(code)}/feedback`;
export const votePurpose = (code: string) => `vote:${code}`;

/** The vote form for a guide page, with the guide's token of the minute (like the explanation form's). */
export const voteForm = (ctx: AppContext, code: string) =>
  voteSection({ action: voteAction(code), token: pageFormToken(ctx, votePurpose(code)) });

/**
 * The address as the rate limits see it: keyed SM3, so the limit rows in the database hold no address
 * ("no personal data" — the buckets are dropped with their windows anyway).
 */
const addressKey = (ctx: AppContext, ip: string) =>
  createHmac('sm3', ctx.keys.data).update(`vote-address:v1\0${ip}`).digest('base64url').slice(0, 22);

/**
 * The public side of "这个指南对您有帮助吗？": a form post from the guide page (no account, no session), checked
 * like the explanation form (same origin, a token our page signed for this guide), rate-limited per address.
 */
export function registerFeedbackRoutes(app: App, ctx: AppContext): void {
  const links = liveLinks(ctx.config.http.publicBaseUrl);
  const sendPage = privatePageSender(ctx, links);

  app.post(
    '/items/:code/feedback',
    {
      config: { access: 'public' },
      schema: { hide: true, params: Type.Object({ code: Type.String({ maxLength: 100 }) }), body: Form },
    },
    async (request, reply) => {
      assertSameOrigin(request);
      const found = await readPublicItem(ctx, await catalogueFor(ctx, await requestStamp(ctx, request)), {
        code: request.params.code,
      });
      if (!found) throw errors.notFound('事项');
      const { doc } = found;
      const body = request.body;
      const reason = str(body.reason);
      const itemHref = links.item(doc.code);
      const again = (status: number, error: string) =>
        sendPage(
          request,
          reply,
          status,
          `评价办事指南：${doc.name}`,
          voteSection({
            action: voteAction(doc.code),
            token: issueFormToken(ctx, votePurpose(doc.code)),
            reason,
            error,
          }),
        );

      const verdict = checkFormToken(ctx, votePurpose(doc.code), body._form);
      if (verdict === 'invalid') throw new AppError('CSRF_FAILED', '表单无效，请从办事指南页面评价');
      if (verdict === 'expired') return again(400, '页面已过期，请重新评价');
      const choice = str(body.helpful);
      if (choice !== 'yes' && choice !== 'no') return again(400, '请选择“有帮助”或“没帮助”');
      const helpful = choice === 'yes';
      // Checked before the limits, so a corrected post the same day is still counted.
      if ([...reason.trim()].length > VOTE_REASON_MAX) return again(400, `原因不超过 ${VOTE_REASON_MAX} 个字`);

      const address = addressKey(ctx, request.ip);
      const now = ctx.clock.now();
      const limit = await hitRateLimit(ctx.db.kysely, `vote:${address}`, VOTE_LIMITS.perHour, 3600, now);
      if (!limit.allowed) throw errors.rateLimited(limit.retryAfterSeconds);
      const once = await hitRateLimit(ctx.db.kysely, `vote:${address}:${doc.code}`, 1, 86_400, now);
      if (!once.allowed)
        return sendPage(
          request,
          reply,
          429,
          '您已评价过',
          thanksBody({ itemName: doc.name, itemHref, helpful, already: true }),
        );
      await castVote(ctx, doc.itemId, { helpful, reason });
      return sendPage(request, reply, 201, '感谢您的评价', thanksBody({ itemName: doc.name, itemHref, helpful }));
    },
  );
}
