import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import { codesOf } from '../domain/enums.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { liveLinks } from '../portal/links.js';
import { privatePageSender } from '../portal/private-page.js';
import { catalogueFor } from '../publishing/catalogue.js';
import { findPublicDocument } from '../publishing/public-documents.queries.js';
import { readPublicItem } from '../publishing/public-item.js';
import { requestStamp } from '../publishing/public-response.js';
import { hitRateLimit } from '../security/rate-limit.js';
import { AppError, errors, isAppError } from '../shared/errors.js';
import { submitExplanationRequest, trackExplanation } from './explanation.service.js';
import {
  ASK_FIELDS,
  askPage,
  askSection,
  receiptBody,
  trackBody,
  trackForm,
  type AskFormValues,
} from './explanation.view.js';
import { checkFormToken, issueFormToken } from './form-token.js';

const Form = Type.Record(Type.String(), Type.Unknown());
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** IN-07: explanation requests per client address per hour, and tracking look-ups per 10 minutes. */
export const EXPLANATION_LIMITS = { submitPerHour: 5, trackPer10Minutes: 30 };

/**
 * Public side of 说明解释申请 (Art. 21): the form posted from a guide page, the receipt, the tracking page.
 * No account and no session: a post must come from our own pages (Origin / Sec-Fetch-Site) and carry a
 * form token our page issued (IN-04), and is rate-limited per address (IN-07).
 */
export function registerExplanationRoutes(app: App, ctx: AppContext): void {
  const links = liveLinks(ctx.config.http.publicBaseUrl);
  const sendPage = privatePageSender(ctx, links);

  app.post(
    '/items/:code/explanations',
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
      const item = found.item();
      const limit = await hitRateLimit(
        ctx.db.kysely,
        `explain:${request.ip}`,
        EXPLANATION_LIMITS.submitPerHour,
        3600,
        ctx.clock.now(),
      );
      if (!limit.allowed) throw errors.rateLimited(limit.retryAfterSeconds);

      const body = request.body;
      const values: AskFormValues = { question: str(body.question), name: str(body.name), contact: str(body.contact) };
      const purpose = `explain:${item.code}`;
      const formAgain = (status: number, problems: Record<string, string>) =>
        sendPage(
          request,
          reply,
          status,
          `申请说明解释：${item.name}`,
          askPage(
            item,
            links,
            askSection({
              item,
              links,
              workingDays: ctx.config.deadlines.explanationWorkingDays,
              token: issueFormToken(ctx, purpose),
              values,
              errors: problems,
            }),
          ),
        );

      const verdict = checkFormToken(ctx, purpose, body._form);
      if (verdict === 'invalid') throw new AppError('CSRF_FAILED', '表单无效，请从办事指南页面提交申请');
      if (verdict === 'expired') return formAgain(400, { form: '页面已过期，请核对内容后重新提交' });
      const problems: Record<string, string> = {};
      for (const field of codesOf(ASK_FIELDS)) {
        const { max } = ASK_FIELDS[field];
        if ([...(values[field] ?? '')].length > max) problems[field] = `不超过 ${max} 个字`;
      }
      if (Object.keys(problems).length) return formAgain(400, problems);
      try {
        const receipt = await submitExplanationRequest(ucOf(ctx, request), item, {
          question: values.question ?? '',
          name: values.name,
          contact: values.contact,
        });
        return sendPage(request, reply, 201, '说明解释申请已受理', receiptBody(receipt, links));
      } catch (e) {
        if (isAppError(e) && e.code === 'VALIDATION_FAILED')
          return formAgain(400, Object.fromEntries(e.issues.map((i) => [i.path, i.message])));
        throw e;
      }
    },
  );

  app.get('/track', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) =>
    sendPage(request, reply, 200, '答复查询', trackBody(links, trackForm(links))),
  );

  app.post('/track', { config: { access: 'public' }, schema: { hide: true, body: Form } }, async (request, reply) => {
    assertSameOrigin(request);
    const limit = await hitRateLimit(
      ctx.db.kysely,
      `track:${request.ip}`,
      EXPLANATION_LIMITS.trackPer10Minutes,
      600,
      ctx.clock.now(),
    );
    if (!limit.allowed) throw errors.rateLimited(limit.retryAfterSeconds);
    const body = request.body;
    const trackingNo = str(body.trackingNo).trim().slice(0, 30);
    const view = trackingNo ? await trackExplanation(ctx, trackingNo, str(body.key).slice(0, 30)) : null;
    if (!view)
      return sendPage(
        request,
        reply,
        404,
        '答复查询',
        trackBody(links, trackForm(links, { trackingNo, notFound: true })),
      );
    const shown = await findPublicDocument(ctx.db.kysely, { itemId: view.itemId });
    return sendPage(request, reply, 200, '答复查询', trackBody(links, trackForm(links), view, shown?.code));
  });
}

/** A form post from another site is refused (there is no session to protect, but there is a unit's inbox). */
export function assertSameOrigin(request: FastifyRequest): void {
  if (request.headers['sec-fetch-site'] === 'cross-site') throw new AppError('CSRF_FAILED', '拒绝跨站提交');
  const origin = request.headers.origin;
  if (origin && origin !== 'null') {
    // Compared as URL hosts, so a default port written on one side only (localhost:80) does not matter.
    let host = '';
    let ours = '';
    try {
      const url = new URL(origin);
      host = url.host;
      ours = new URL(`${url.protocol}//${request.headers.host ?? ''}`).host;
    } catch {
      host = '';
    }
    if (!host || host !== ours) throw new AppError('CSRF_FAILED', '拒绝跨站提交');
  }
}
