import type { AppContext } from '../app/context.js';
import type { App } from '../http/app-type.js';
import { hitRateLimit } from '../security/rate-limit.js';
import { errors } from '../shared/errors.js';
import { channelByToken, recordChannelReport } from './channel.service.js';
import { StatusReportBody, StatusReportResponse } from './public.schema.js';

/**
 * Sync reports of the channels: a unit website says which publication and catalogue hash it shows,
 * authenticated with its channel token (`Authorization: Bearer sxc_…`), not with an account.
 */
export function registerChannelRoutes(app: App, ctx: AppContext): void {
  app.post(
    '/api/public/v1/channels/status',
    {
      config: { access: 'public' },
      schema: {
        tags: ['发布渠道'],
        summary: '渠道上报同步状态（Authorization: Bearer 渠道令牌；报告所展示的发布序号和目录摘要）',
        body: StatusReportBody,
        response: { 200: StatusReportResponse },
      },
    },
    async (request) => {
      const limit = await hitRateLimit(ctx.db.kysely, `channel-report:${request.ip}`, 120, 60, ctx.clock.now());
      if (!limit.allowed) throw errors.rateLimited(limit.retryAfterSeconds);
      const header = request.headers.authorization;
      const channel = header?.startsWith('Bearer ') ? await channelByToken(ctx, header.slice(7).trim()) : undefined;
      if (!channel) throw errors.unauthenticated('渠道令牌无效');
      const status = await recordChannelReport(ctx, channel, request.body, 'report');
      return {
        channel: channel.name,
        status: status.state,
        expectedSeq: status.expectedSeq,
        expectedHash: status.expectedHash,
      };
    },
  );
}
