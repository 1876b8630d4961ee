import type { Citation, ItemContent } from '../../domain/item-content.js';
import type { ItemType, LEGAL_DOC_KINDS, UseLevel } from '../../domain/enums.js';

/**
 * Shape of the demo data set that `npm start` loads into an empty database. Pure data: the loader maps it
 * to rows (units, catalogue_entries, items, item_versions) and runs the workflow transitions that
 * `demoState` names.
 */

/** An implementing unit (实施单位, seed Art. 4). */
export interface DemoUnit {
  key: string;
  name: string;
  shortName: string;
  uscc: string;
  /** 实施主体性质: 1 法定机关, 2 授权组织, 3 受委托组织. */
  nature: '1' | '2' | '3';
  regionCode: '140603';
  website?: string;
  /** The unit's own online-handling system (seed Art. 10); absent when it uses the platform channel. */
  onlineSystemUrl?: string;
  address: string;
  phone: string;
  /** Whether a unit head (单位负责人) reviews the unit's items before they go to the centre. */
  unitReview: boolean;
}

export type LegalDocKind = keyof typeof LEGAL_DOC_KINDS;
export type LegalDocStatus = 'in_force' | 'amended' | 'repealed' | 'expired';

/** An entry of the legal-basis register. */
export interface DemoLaw {
  key: string;
  kind: LegalDocKind;
  title: string;
  issuer: string;
  docNo?: string;
  publishedOn: string;
  effectiveOn: string;
  amendedOn?: string;
  repealedOn?: string;
  status: LegalDocStatus;
  articles: DemoArticle[];
}

export interface DemoArticle {
  /** Chinese ordinal as printed, e.g. 第十二条. */
  number: string;
  text: string;
}

/** An upper-level 基本目录 entry the district claims items from (Art. 8). */
export interface DemoCatalogueEntry {
  catalogCode: string;
  /** 主项 code, for a 子项 entry. */
  parentCode?: string;
  name: string;
  type: ItemType;
  setBasis: Citation[];
  useLevels: UseLevel[];
  /** Level that issued the entry: 1 国家, 2 省, 3 市. */
  sourceLevel: '1' | '2' | '3';
}

export type DemoGranularity = 'main' | 'sub' | 'handling';

export type DemoState =
  | 'draft'
  | 'submitted'
  | 'returned'
  | 'verified'
  | 'published'
  | 'published_with_draft'
  | 'suspended'
  | 'cancelled';

/** An implementation item (实施清单 entry) of one unit. */
export interface DemoItem {
  key: string;
  unitKey: string;
  granularity: DemoGranularity;
  parentKey?: string;
  /** 业务办理项编码, for granularity 'handling' only. */
  handlingCode?: string;
  catalogCode: string;
  /** The content of the item's current version (the published one for published_with_draft). */
  content: ItemContent;
  /** For published_with_draft: the pending change waiting for verification. */
  draftContent?: ItemContent;
  /** For returned: the centre's reason (退回意见 is mandatory, domain.md §4.5). */
  reviewComment?: string;
  demoState: DemoState;
  /** Why this item is interesting in the demo (shown to whoever explores the demo). */
  note?: string;
}

export interface DemoData {
  units: DemoUnit[];
  laws: DemoLaw[];
  catalogue: DemoCatalogueEntry[];
  items: DemoItem[];
}
