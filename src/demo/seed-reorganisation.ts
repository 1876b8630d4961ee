import type { UseCaseContext } from '../app/use-case.js';
import type { ItemContent } from '../domain/item-content.js';
import * as items from '../items/item.repository.js';
import { parseStored } from '../shared/json.js';
import { reorganiseUnits } from '../units/reorganisation.service.js';
import { createChangeRequest } from '../workflow/change-request.service.js';

export interface SeededReorganisation {
  /** Items moved by the demo unit merger (0 when no unit qualified). */
  merged: number;
  /** Whether a 子项 was split into 业务办理项. */
  split: boolean;
}

/**
 * Two adjustments in progress for the demo, made through the real use cases: a 子项 split into 业务办理项 under
 * it (新设 / 变更, codes derived from the 子项), and a unit merger (Art. 18(三)) into the demo clerk's unit, whose
 * 划转 requests wait in that clerk's worklist with their deadline. The merged unit is the smallest one not used by
 * the demo accounts whose published items have no pending change.
 */
export async function seedReorganisation(
  uc: UseCaseContext,
  o: { unitIds: readonly string[]; clerkUnitId: string; reviewUnitId: string; today: string },
): Promise<SeededReorganisation> {
  const db = uc.app.db.kysely;
  let split = false;
  for (const unitId of o.unitIds) {
    const all = await items.activeItemsOfUnit(db, unitId);
    const sub = all.find(
      (i) =>
        i.granularity === 'sub' &&
        i.published_version_id &&
        !i.draft_version_id &&
        !all.some((c) => c.parent_id === i.id),
    );
    if (!sub) continue;
    const content = parseStored<ItemContent>((await items.findVersion(db, sub.published_version_id!))!.content);
    const { overrides: _o, online: _online, ...rest } = content;
    await createChangeRequest(uc, {
      kind: 'split',
      sourceItemIds: [sub.id],
      ground: 'art18.2',
      groundArisenOn: o.today,
      summary: '按新设、变更细分为业务办理项（要素最小颗粒化）',
      newItems: ['新设', '变更'].map((s) => ({
        granularity: 'handling' as const,
        parentId: sub.id,
        content: { ...rest, name: `${content.name}（${s}）` },
      })),
    });
    split = true;
    break;
  }
  const candidates = [];
  for (const unitId of o.unitIds) {
    if (unitId === o.clerkUnitId || unitId === o.reviewUnitId) continue;
    const all = await items.activeItemsOfUnit(db, unitId);
    if (all.length && all.every((i) => !(i.published_version_id && i.draft_version_id)))
      candidates.push({ unitId, n: all.length });
  }
  const source = candidates.sort((a, b) => a.n - b.n)[0];
  if (!source) return { merged: 0, split };
  const result = await reorganiseUnits(uc, {
    kind: 'merge',
    sourceUnitIds: [source.unitId],
    targetUnitId: o.clerkUnitId,
    eventDate: o.today,
    explanation: '机构改革：职能整体并入',
    groundDocument: { docNo: '平编发〔2026〕5号', title: '关于调整区直部门机构职能的通知' },
  });
  return { merged: result.moves.length, split };
}
