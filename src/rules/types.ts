import type { Citation, ItemContent } from '../domain/item-content.js';
import type { Granularity } from '../domain/enums.js';

/**
 * Contract of the rules engine (pure: no I/O). `checkItem(subject, context)` in `engine.ts` runs every
 * rule in `RULES` and returns findings; callers (API, console, CLI, workflow) never run rules one by one.
 */

export type Severity = 'error' | 'warning';

export type RuleCategory =
  | 'completeness' // 要素完备化
  | 'granularity' // 要素最小颗粒化
  | 'consistency' // cross-field consistency (domain.md §3.5)
  | 'guide' // 办事指南精准化 lint (domain.md §3.6)
  | 'code' // 统一社会信用代码 / 实施编码 / 基本编码
  | 'legal'; // legal basis validity (register links)

export interface Finding {
  /** Stable rule id, e.g. `completeness.accept-condition`. */
  rule: string;
  severity: Severity;
  /** Dotted path of the element concerned, relative to the item: `content.materials.2.name`, `taskCode`. */
  path: string;
  /** Chinese, for the clerk: what is wrong and how to fix it. */
  message: string;
  /** Present when a warning was kept with a recorded justification (errors cannot be overridden). */
  overridden?: { justification: string; by?: string; at?: string };
}

/** What is checked: an item as the API receives it (identity fields plus content). */
export interface CheckSubject {
  granularity: Granularity;
  /** 实施编码; absent for a draft that has not been given one yet. */
  taskCode?: string;
  handlingCode?: string;
  /** 实施编码 of the parent item (主项/子项), when the item has one. */
  parentTaskCode?: string;
  /** The parent's 基本编码 (a 业务办理项编码 of 基本编码 + 2 digits is checked against it). */
  parentCatalogCode?: string;
  content: ItemContent;
  /** The implementing unit, when known (its USCC must prefix the 实施编码). */
  unit?: { uscc: string; name?: string; nature?: string; regionCode?: string };
  /** Number of child items (a 主项 with 子项, or a 子项 with 业务办理项, may omit handling details). */
  childCount?: number;
}

/** Status of a document in the legal-basis register: 现行有效 / 已修订 / 已废止 / 失效. */
export type LegalDocumentStatus = 'in_force' | 'amended' | 'repealed' | 'expired';

/** Facts from outside the item that some rules need. Everything optional: rules skip what they cannot know. */
export interface RuleContext {
  /** Telephone area code of the deployment, e.g. '0349'. */
  areaCode: string;
  /** 事项类型 codes the deployment accepts (ITEM_TYPES); unset: every known type. */
  itemTypes?: readonly string[];
  /** 行使层级 code of the deploying jurisdiction, e.g. '4'. */
  jurisdictionLevel?: string;
  /** 基本编码 lengths the deployment accepts (CATALOG_CODE_LENGTHS); unset: the national 12 only. */
  catalogCodeLengths?: readonly number[];
  /** Legal-basis register entries cited by `docId`, with their status (现行有效 / 已修订 / 已废止 / 失效). */
  legalDocuments?: ReadonlyMap<string, { title: string; status: LegalDocumentStatus }>;
  /** The claimed base-catalogue entry, when the item has one. */
  catalogueEntry?: { catalogCode: string; name: string; type: string; setBasis: Citation[] };
  /**
   * What the loaded base catalogue governs: the 行使层级 its entries are exercised at (empty or absent when no
   * catalogue is loaded), and whether a divergence request on record lets this item keep a code it does not hold.
   */
  catalogue?: { governedLevels: readonly string[]; divergenceRecorded: boolean };
  /** Other units' items (same jurisdiction, not cancelled) that use this item's 基本编码. */
  sameCodeElsewhere?: ReadonlyArray<{ unitName: string; itemName: string }>;
}

export interface Rule {
  id: string;
  severity: Severity;
  category: RuleCategory;
  /** Short Chinese title for the rules reference. */
  title: string;
  /** One or two sentences for docs/rules.md: what it checks and why (cite the article or source). */
  description: string;
  check(subject: CheckSubject, context: RuleContext): Array<Omit<Finding, 'rule' | 'severity' | 'overridden'>>;
}
