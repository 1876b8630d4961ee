import type { ItemType, UseLevel } from '../../domain/enums.js';
import { cite, type ArticleRef } from './laws/index.js';
import { prngFor, type Prng } from './prng.js';
import type { CatalogueOrigin, ItemSpec } from './specs/spec.js';
import type { DemoCatalogueEntry } from './types.js';

/**
 * The upper-level 基本目录 the district claims from. Codes follow the pattern observed in live data
 * (domain.md §2.1.3): 2-char catalogue region (00 national, 14 Shanxi) + 2-char type + 5-digit 主项 + 3-digit
 * 子项. The system treats them as opaque; only the demo needs to mint them.
 */

const REGION: Readonly<Record<CatalogueOrigin, string>> = { national: '00', province: '14', city: '14' };
const SOURCE_LEVEL: Readonly<Record<CatalogueOrigin, DemoCatalogueEntry['sourceLevel']>> = {
  national: '1',
  province: '2',
  city: '3',
};
const DEFAULT_LEVELS: readonly UseLevel[] = ['2', '3', '4'];

/** Entries the upper levels keep for themselves: in the catalogue, never claimed at 县级. */
const UPSTREAM_ONLY: ReadonlyArray<{
  name: string;
  type: ItemType;
  basis: readonly ArticleRef[];
  levels: readonly UseLevel[];
}> = [
  { name: '药品经营许可（批发）', type: '01', basis: [['law-ypglf', '第五十一条', '第一款']], levels: ['2'] },
  { name: '危险化学品经营许可（带有储存设施）', type: '01', basis: [['law-whxpaqgltl', '第三十五条']], levels: ['3'] },
  { name: '外商投资娱乐场所从事娱乐场所经营活动审批', type: '01', basis: [['law-ylcsgltl', '第九条']], levels: ['2'] },
  { name: '道路旅客运输经营许可（省际班车客运）', type: '01', basis: [['law-dlystl', '第十条']], levels: ['2'] },
  { name: '排污单位排污许可证核发', type: '01', basis: [['law-pwxkgltl', '第三十三条']], levels: ['3'] },
];

/** Mints 主项 numbers per series with irregular gaps, as a real catalogue has after years of changes. */
class CodeMinter {
  private readonly series = new Map<string, { rnd: Prng; next: number }>();

  mint(region: string, type: ItemType, origin: CatalogueOrigin): string {
    // City-level local entries live in their own number range of the provincial catalogue.
    const id = `${region}${type}${origin === 'city' ? '-city' : ''}`;
    let series = this.series.get(id);
    if (!series) {
      const rnd = prngFor(`catalogue-code:${id}`);
      series = { rnd, next: origin === 'city' ? 90000 + rnd.int(1, 90) : rnd.int(100, 3000) };
      this.series.set(id, series);
    }
    const current = series.next;
    series.next += series.rnd.int(3, 97);
    return `${region}${type}${String(current).padStart(5, '0')}000`;
  }
}

export interface Catalogue {
  entries: DemoCatalogueEntry[];
  /** Code by catalogue path: the spec key of a 主项, `${specKey}-${childKey}` of a 子项. */
  codeByPath: ReadonlyMap<string, string>;
}

export function buildCatalogue(specs: readonly ItemSpec[]): Catalogue {
  const minter = new CodeMinter();
  const entries: DemoCatalogueEntry[] = [];
  const codeByPath = new Map<string, string>();

  for (const spec of specs) {
    const origin = spec.origin ?? 'national';
    const code = minter.mint(REGION[origin], spec.type, origin);
    const levels = [...(spec.levels ?? DEFAULT_LEVELS)];
    const setBasis = spec.basis.map(cite);
    entries.push({
      catalogCode: code,
      name: spec.name,
      type: spec.type,
      setBasis,
      useLevels: levels,
      sourceLevel: SOURCE_LEVEL[origin],
    });
    codeByPath.set(spec.key, code);
    let subIndex = 0;
    for (const child of spec.children ?? []) {
      if (child.granularity !== 'sub') continue;
      subIndex++;
      const subCode = `${code.slice(0, 9)}${String(subIndex).padStart(3, '0')}`;
      entries.push({
        catalogCode: subCode,
        parentCode: code,
        name: child.name,
        type: spec.type,
        setBasis: (child.basis ?? spec.basis).map(cite),
        useLevels: levels,
        sourceLevel: SOURCE_LEVEL[origin],
      });
      codeByPath.set(`${spec.key}-${child.key}`, subCode);
    }
  }
  for (const upstream of UPSTREAM_ONLY) {
    entries.push({
      catalogCode: minter.mint('00', upstream.type, 'national'),
      name: upstream.name,
      type: upstream.type,
      setBasis: upstream.basis.map(cite),
      useLevels: [...upstream.levels],
      sourceLevel: '1',
    });
  }
  return { entries, codeByPath };
}
