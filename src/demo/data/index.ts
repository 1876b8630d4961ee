import { buildCatalogue } from './catalogue.js';
import { loosen } from './content/loose.js';
import { FLAWS } from './flaws.js';
import { buildItems, type BuiltItem } from './items.js';
import { LAWS } from './laws/index.js';
import { ITEM_SPECS } from './specs/index.js';
import { decideState } from './states.js';
import type { DemoData, DemoItem } from './types.js';
import { buildUnits } from './units.js';

export type {
  DemoArticle,
  DemoCatalogueEntry,
  DemoData,
  DemoGranularity,
  DemoItem,
  DemoLaw,
  DemoState,
  DemoUnit,
} from './types.js';

/**
 * The demo data set of 朔州市平鲁区: units, legal-basis register, upper-level catalogue and implementation
 * items in every workflow state. Pure and deterministic: every call returns a new, deep-equal object.
 */
export function generateDemoData(): DemoData {
  const units = buildUnits();
  const catalogue = buildCatalogue(ITEM_SPECS);
  const built = buildItems(ITEM_SPECS, catalogue, units);
  const parentKeys = new Set(built.flatMap((b) => (b.parentKey ? [b.parentKey] : [])));
  const flaws = new Map(FLAWS.map((f) => [f.key, f]));
  const unknown = [...flaws.keys()].filter((key) => !built.some((b) => b.key === key));
  if (unknown.length) throw new Error(`demo data: flaws for unknown items ${unknown.join(', ')}`);
  return {
    units,
    laws: structuredClone([...LAWS]),
    catalogue: catalogue.entries,
    items: built.map((b) => toDemoItem(b, parentKeys.has(b.key), flaws.get(b.key))),
  };
}

function toDemoItem(built: BuiltItem, hasChildren: boolean, flaw: (typeof FLAWS)[number] | undefined): DemoItem {
  if (flaw) flaw.apply?.(loosen(built.content));
  const decision = flaw ? { state: flaw.state, note: flaw.note } : decideState(built, hasChildren);
  return {
    key: built.key,
    unitKey: built.unitKey,
    granularity: built.granularity,
    ...(built.parentKey ? { parentKey: built.parentKey } : {}),
    ...(built.handlingCode ? { handlingCode: built.handlingCode } : {}),
    catalogCode: built.catalogCode,
    content: built.content,
    ...(decision.pending ? { draftContent: decision.pending.draftContent } : {}),
    ...(flaw?.reviewComment ? { reviewComment: flaw.reviewComment } : {}),
    demoState: decision.state,
    ...(decision.note ? { note: decision.note } : {}),
  };
}
