import { codesOf } from '../../domain/enums.js';
import type { ItemContent } from '../../domain/item-content.js';
import { composeTaskCode } from '../../domain/task-code.js';
import type { Catalogue } from './catalogue.js';
import { buildContent } from './content/build.js';
import type { ChildSpec, ElementSpec, ItemSpec } from './specs/spec.js';
import type { DemoCatalogueEntry, DemoGranularity, DemoUnit } from './types.js';

/** The district's 行使层级 (县级), the 19th character of every 实施编码. */
export const DISTRICT_LEVEL = '4';

/** An item before the demo workflow state is decided: identity, content and how to rebuild it. */
export interface BuiltItem {
  key: string;
  /** Key of the chain's 主项 (or of the item itself when single-level). */
  rootKey: string;
  unitKey: string;
  granularity: DemoGranularity;
  parentKey?: string;
  handlingCode?: string;
  catalogCode: string;
  content: ItemContent;
  spec: ItemSpec;
  elements: ElementSpec;
  /** Builds the content again from changed elements: used for pending changes (published_with_draft). */
  rebuild(elements: ElementSpec): ItemContent;
}

function elementsOf(source: ElementSpec): ElementSpec {
  const { condition, legal, promise, limitNote, materials, fee, result, faqs, visits, special, impl } = source;
  const picked: ElementSpec = {
    condition,
    legal,
    promise,
    limitNote,
    materials,
    fee,
    result,
    faqs,
    visits,
    special,
    impl,
  };
  for (const k of codesOf(picked)) if (picked[k] === undefined) delete picked[k];
  return picked;
}

interface Context {
  catalogue: Catalogue;
  entries: ReadonlyMap<string, DemoCatalogueEntry>;
  units: ReadonlyMap<string, DemoUnit>;
  out: BuiltItem[];
}

interface Node {
  key: string;
  rootKey: string;
  unit: DemoUnit;
  granularity: DemoGranularity;
  parentKey?: string;
  handlingCode?: string;
  name: string;
  catalogCode: string;
  spec: ItemSpec;
  elements: ElementSpec;
}

function emit(ctx: Context, node: Node): void {
  const entry = ctx.entries.get(node.catalogCode);
  if (!entry) throw new Error(`demo data: no catalogue entry ${node.catalogCode}`);
  const taskCode = composeTaskCode({ uscc: node.unit.uscc, level: DISTRICT_LEVEL, catalogCode: node.catalogCode });
  const build = (elements: ElementSpec) =>
    buildContent({
      key: node.key,
      rootKey: node.rootKey,
      spec: node.spec,
      elements,
      name: node.name,
      entry,
      unit: node.unit,
      units: ctx.units,
      linkCode: node.handlingCode ?? taskCode,
    });
  const item: BuiltItem = {
    key: node.key,
    rootKey: node.rootKey,
    unitKey: node.unit.key,
    granularity: node.granularity,
    catalogCode: node.catalogCode,
    content: build(node.elements),
    spec: node.spec,
    elements: node.elements,
    rebuild: build,
  };
  if (node.parentKey) item.parentKey = node.parentKey;
  if (node.handlingCode) item.handlingCode = node.handlingCode;
  ctx.out.push(item);
}

function emitChildren(ctx: Context, parent: Node, children: readonly ChildSpec[], pathPrefix: string): void {
  const parentTaskCode = composeTaskCode({
    uscc: parent.unit.uscc,
    level: DISTRICT_LEVEL,
    catalogCode: parent.catalogCode,
  });
  let handlingSeq = 0;
  for (const child of children) {
    const elements = { ...parent.elements, ...elementsOf(child) };
    const key = `${parent.key}-${child.key}`;
    if (child.granularity === 'sub') {
      const code = ctx.catalogue.codeByPath.get(`${pathPrefix}-${child.key}`);
      if (!code) throw new Error(`demo data: no catalogue code for ${key}`);
      const node: Node = {
        ...parent,
        key,
        granularity: 'sub',
        parentKey: parent.key,
        name: child.name,
        catalogCode: code,
        elements,
      };
      delete node.handlingCode;
      emit(ctx, node);
      emitChildren(ctx, node, child.children ?? [], `${pathPrefix}-${child.key}`);
    } else {
      handlingSeq++;
      // 业务办理项编码 = the parent's 实施编码 + a 2-digit sequence (domain.md §2.1.4: opaque, unique per parent).
      const node: Node = {
        ...parent,
        key,
        granularity: 'handling',
        parentKey: parent.key,
        name: `${parent.name}（${child.name}）`,
        handlingCode: `${parentTaskCode}${String(handlingSeq).padStart(2, '0')}`,
        elements,
      };
      emit(ctx, node);
    }
  }
}

export function buildItems(specs: readonly ItemSpec[], catalogue: Catalogue, units: readonly DemoUnit[]): BuiltItem[] {
  const ctx: Context = {
    catalogue,
    entries: new Map(catalogue.entries.map((e) => [e.catalogCode, e])),
    units: new Map(units.map((u) => [u.key, u])),
    out: [],
  };
  const unitOf = (key: string) => {
    const unit = ctx.units.get(key);
    if (!unit) throw new Error(`demo data: unknown unit ${key}`);
    return unit;
  };
  for (const spec of specs) {
    const code = catalogue.codeByPath.get(spec.key);
    if (!code) throw new Error(`demo data: no catalogue code for ${spec.key}`);
    const main: Node = {
      key: spec.key,
      rootKey: spec.key,
      unit: unitOf(spec.unit),
      granularity: 'main',
      name: spec.name,
      catalogCode: code,
      spec,
      elements: elementsOf(spec),
    };
    emit(ctx, main);
    emitChildren(ctx, main, spec.children ?? [], spec.key);
    // Other departments claiming the same entry each get their own item (and 实施编码).
    for (const unitKey of spec.alsoClaimedBy ?? []) {
      emit(ctx, { ...main, key: `${spec.key}-${unitKey}`, rootKey: `${spec.key}-${unitKey}`, unit: unitOf(unitKey) });
    }
  }
  return ctx.out;
}
