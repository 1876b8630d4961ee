import type { ApiTokenTable, RateLimitTable, SessionTable, SettingTable, UserTable } from '../accounts/account.table.js';
import type { AuditLogTable } from '../audit/audit.table.js';
import type { CalendarDayTable, CalendarNoticeTable } from '../calendar/calendar.table.js';
import type { CatalogueEntryTable } from '../catalogue/catalogue.table.js';
import type { ItemTable, ItemVersionTable } from '../items/item.table.js';
import type { SearchDocTable } from '../search/search.table.js';
import type { UnitTable } from '../units/unit.table.js';

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
  search_docs: SearchDocTable;
}
