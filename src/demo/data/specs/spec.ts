import type {
  COERCION_KINDS,
  INSPECTION_METHODS,
  ItemType,
  MATERIAL_FORMS,
  MATERIAL_KINDS,
  MATERIAL_NECESSITIES,
  MATERIAL_SOURCES,
  PAPER_COPY_KINDS,
  PENALTY_KINDS,
  PowerSource,
  RESULT_TYPES,
  ServiceObject,
  TimeUnit,
  UNIVERSAL_SCOPES,
  UseLevel,
} from '../../../domain/enums.js';
import type { ArticleRef } from '../laws/index.js';

/**
 * What a person writes down about one catalogue entry and the district's implementation of it: the facts
 * that differ from item to item. Everything that follows from the type, the unit or the law (flows,
 * contacts, online channel, extension flags, discretion text…) is derived by the content builders, so the
 * specs stay short and the derived elements stay consistent with each other (domain.md §3.5).
 */

/** [value, unit]; unit defaults to 工作日. */
export type Limit = readonly [value: number, unit?: TimeUnit];

type CodeOf<E> = Extract<keyof E, string>;

export interface MaterialSpec {
  name: string;
  necessity?: CodeOf<typeof MATERIAL_NECESSITIES>;
  kind?: CodeOf<typeof MATERIAL_KINDS>;
  form?: CodeOf<typeof MATERIAL_FORMS>;
  copyKind?: CodeOf<typeof PAPER_COPY_KINDS>;
  copies?: number;
  source?: CodeOf<typeof MATERIAL_SOURCES>;
  sourceNote?: string;
  remark?: string;
}

export interface FeeSpec {
  name: string;
  standard: string;
  basis: string;
  reducible?: { basis: string };
}

/** Level of government that issued the catalogue entry. */
export type CatalogueOrigin = 'national' | 'province' | 'city';

export interface ThemeSpec {
  person?: readonly string[];
  corp?: readonly string[];
}

/** Elements a 子项 or 业务办理项 may set differently from its parent. */
export interface ElementSpec {
  condition?: string;
  legal?: Limit;
  promise?: Limit;
  /** 承诺时限说明, when the clock needs explaining (e.g. a waiting period that is not counted). */
  limitNote?: string;
  materials?: readonly (string | MaterialSpec)[];
  fee?: FeeSpec;
  result?: readonly [CodeOf<typeof RESULT_TYPES>, string];
  faqs?: readonly (readonly [question: string, answer: string])[];
  /** 到办事现场次数 with the reason; 0 when omitted. */
  visits?: readonly [count: number, reason: string];
  special?: string;
  /** Extra 实施依据 beyond the 设定依据 (e.g. the article on 变更 for a 变更 业务办理项). */
  impl?: readonly ArticleRef[];
}

export interface ChildSpec extends ElementSpec {
  /** Appended to the parent key. */
  key: string;
  granularity: 'sub' | 'handling';
  /** Full name for a 子项 (its own catalogue entry); the 办理情形 label (新办, 变更…) for a 业务办理项. */
  name: string;
  /** A 子项's own 设定依据; defaults to the parent's. */
  basis?: readonly ArticleRef[];
  children?: readonly ChildSpec[];
}

export interface ItemSpec extends ElementSpec {
  key: string;
  unit: string;
  type: ItemType;
  name: string;
  basis: readonly ArticleRef[];
  objects: readonly ServiceObject[];
  origin?: CatalogueOrigin;
  /** 行使层级 of the catalogue entry; the district always exercises at 县级. */
  levels?: readonly UseLevel[];
  /** Unit key of the 主管部门, when it is not the implementing unit (相对集中行政许可). */
  competent?: string;
  powerSource?: PowerSource;
  /** 通办范围; 全县（区） when omitted. */
  scope?: CodeOf<typeof UNIVERSAL_SCOPES>;
  /** Unit keys of the 联办机构 of a joint (一件事) service. */
  joint?: readonly string[];
  /** Art. 11 exemption from online handling. */
  exempt?: { kind: 'law' | 'secret'; reason: string };
  themes?: ThemeSpec;
  penalty?: { violation: string; kinds: readonly CodeOf<typeof PENALTY_KINDS>[]; range: string };
  coercion?: { kinds: readonly CodeOf<typeof COERCION_KINDS>[]; conditions: string };
  levy?: { kinds: string; relief: boolean };
  benefit?: { standard: string; recipients: string };
  inspection?: { objects: string; methods: readonly CodeOf<typeof INSPECTION_METHODS>[]; frequency: string };
  reward?: { standard: string; forms: string };
  adjudication?: { disputes: string };
  children?: readonly ChildSpec[];
  /** Further units that claim the same catalogue entry (e.g. every department handles 政府信息公开). */
  alsoClaimedBy?: readonly string[];
}
