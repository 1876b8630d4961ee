import { linkCheckJob } from '../evaluation/link-check.job.js';
import { campaignReminderJob } from '../evaluation/campaign-reminder.job.js';
import { explanationRetentionJob } from '../explanations/explanation-retention.job.js';
import { channelPollJob } from '../publishing/channel-poll.job.js';
import { webhookDeliveryJob } from '../publishing/webhooks.js';
import { deadlinesJob } from './deadlines.job.js';
import { housekeepingJob } from './housekeeping.job.js';
import { mailOutboxJob } from './mail-outbox.job.js';
import type { Job } from './scheduler.js';
import { scheduledPublicationJob } from './scheduled-publication.job.js';

/** Every scheduled job, each with its own period. */
export const JOBS: readonly Job[] = [
  scheduledPublicationJob,
  deadlinesJob,
  mailOutboxJob(),
  housekeepingJob,
  webhookDeliveryJob,
  channelPollJob,
  explanationRetentionJob,
  // issue 15
  linkCheckJob,
  campaignReminderJob,
];
