import type {
  ApiTokenTable,
  RateLimitTable,
  SessionTable,
  SettingTable,
  UserTable,
} from '../accounts/account.table.js';
import type { AuditLogTable } from '../audit/audit.table.js';
import type { CalendarDayTable, CalendarNoticeTable } from '../calendar/calendar.table.js';
import type {
  CatalogueEntryTable,
  CatalogueReviewTable,
  CatalogueVersionEntryTable,
  CatalogueVersionTable,
  DivergenceRequestTable,
} from '../catalogue/catalogue.table.js';
import type {
  CampaignItemTable,
  CampaignTable,
  FeedbackReviewTable,
  GuideVoteReasonTable,
  GuideVoteTable,
  LinkCheckTable,
  SearchMissTable,
  SpotCheckTable,
} from '../evaluation/evaluation.table.js';
import type { ExplanationRequestTable } from '../explanations/explanation.table.js';
import type { ItemTable, ItemVersionTable } from '../items/item.table.js';
import type {
  DirectiveTable,
  ItemBasisTable,
  LegalArticleTable,
  LegalCitationTable,
  LegalDocumentTable,
  LegalEventTable,
} from '../legal/legal.table.js';
import type { OneTimeRevealTable } from '../console/one-time-reveal.table.js';
import type { ChannelDeliveryAttemptTable, ChannelDeliveryTable, ChannelTable } from '../publishing/channel.table.js';
import type { PublicCountTable, PublicItemTable, PublicItemThemeTable } from '../publishing/public-documents.table.js';
import type { SearchDocTable, SearchIndexStateTable } from '../search/search.table.js';
import type { ReconcileDecisionTable } from '../exchange/reconcile.table.js';
import type { UnitReorganisationTable, UnitTable } from '../units/unit.table.js';
import type {
  AlertTable,
  AttestationTable,
  ChangeRequestItemTable,
  ChangeRequestTable,
  JobRunTable,
  MailOutboxTable,
  NotificationTable,
  ObligationTable,
  PublicationTable,
  ReviewCommentTable,
} from '../workflow/workflow.table.js';

/** Every table, by name. Each feature declares its own tables in `<feature>/*.table.ts`. */
export interface Database {
  units: UnitTable;
  catalogue_entries: CatalogueEntryTable;
  items: ItemTable;
  item_versions: ItemVersionTable;
  audit_log: AuditLogTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  settings: SettingTable;
  rate_limits: RateLimitTable;
  calendar_notices: CalendarNoticeTable;
  calendar_days: CalendarDayTable;
  review_comments: ReviewCommentTable;
  change_requests: ChangeRequestTable;
  change_request_items: ChangeRequestItemTable;
  obligations: ObligationTable;
  publications: PublicationTable;
  notifications: NotificationTable;
  mail_outbox: MailOutboxTable;
  job_runs: JobRunTable;
  alerts: AlertTable;
  one_time_reveals: OneTimeRevealTable;
  legal_documents: LegalDocumentTable;
  legal_articles: LegalArticleTable;
  legal_citations: LegalCitationTable;
  item_basis: ItemBasisTable;
  legal_events: LegalEventTable;
  directives: DirectiveTable;
  catalogue_versions: CatalogueVersionTable;
  catalogue_version_entries: CatalogueVersionEntryTable;
  catalogue_reviews: CatalogueReviewTable;
  divergence_requests: DivergenceRequestTable;
  channels: ChannelTable;
  channel_deliveries: ChannelDeliveryTable;
  channel_delivery_attempts: ChannelDeliveryAttemptTable;
  explanation_requests: ExplanationRequestTable;
  search_docs: SearchDocTable;
  search_index_state: SearchIndexStateTable;
  // evaluation (issue 15)
  spot_checks: SpotCheckTable;
  link_checks: LinkCheckTable;
  reconcile_decisions: ReconcileDecisionTable;
  attestations: AttestationTable;
  unit_reorganisations: UnitReorganisationTable;
  public_items: PublicItemTable;
  public_item_themes: PublicItemThemeTable;
  public_counts: PublicCountTable;
  campaigns: CampaignTable;
  campaign_items: CampaignItemTable;
  guide_votes: GuideVoteTable;
  guide_vote_reasons: GuideVoteReasonTable;
  search_misses: SearchMissTable;
  feedback_reviews: FeedbackReviewTable;
}
