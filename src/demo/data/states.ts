import type { ItemContent } from '../../domain/item-content.js';
import { isApplicationBased } from './content/build.js';
import type { BuiltItem } from './items.js';
import { prngFor } from './prng.js';
import type { ElementSpec } from './specs/spec.js';
import type { DemoState } from './types.js';

/**
 * Where each item stands in the workflow when the demo starts. Featured items have a fixed state and a note
 * explaining what they show; the rest are drawn (seeded) so that about 60% are published and every list of
 * the console has something in it.
 */

interface Featured {
  state?: DemoState;
  note: string;
}

const FEATURED: Readonly<Record<string, Featured>> = {
  'xk-spjy': {
    state: 'published',
    note: '主项—业务办理项：食品经营许可拆分为新办、变更、延续、注销、补办五个业务办理项（各有业务办理项编码）',
  },
  'xk-jzgcsg': {
    state: 'published',
    note: '主项—子项—业务办理项三级颗粒度：按工程类别拆分子项，房屋建筑工程子项再拆分业务办理项',
  },
  'xk-dlys': {
    state: 'published',
    note: '设定依据《中华人民共和国道路运输条例》2023年修订（登记簿状态为“已修订”），演示依据复核提示；另含子项和业务办理项',
  },
  'gg-zfxxgk': { state: 'published', note: '同一基本目录事项由11个单位分别认领，实施编码各不相同' },
  'xk-jpxk': {
    state: 'cancelled',
    note: '已取消：2016年《道路运输条例》修订后改为备案管理（见“机动车驾驶员培训备案”），编码保留不再复用',
  },
  'qt-swdjz': { state: 'cancelled', note: '已取消：“多证合一”改革后不再单独核发税务登记证，编码保留不再复用' },
  'xk-xcjsgh': {
    state: 'suspended',
    note: '已暂停：乡镇综合行政执法改革职能调整期间暂停受理（第十八条第（三）项变更事由）',
  },
  'xk-jzlj': { state: 'suspended', note: '已暂停：区建筑垃圾消纳场改造期间暂停受理' },
  'qr-jhdj': { state: 'published', note: '依法不适宜网上办理（第十一条）：男女双方须亲自到场，网上仅提供预约' },
  'qr-lhdj': { state: 'published', note: '依法不适宜网上办理（第十一条）：离婚冷静期前后双方两次到场' },
  'gg-wkfda': { state: 'published', note: '涉及国家秘密，不予网上办理（第十一条）' },
  'cf-wzny': {
    state: 'published',
    note: '受委托组织实施：区农业综合行政执法队受区农业农村局委托（权力来源：同级委托）',
  },
  'qr-bdczy': {
    state: 'published',
    note: '收费事项：不动产登记费，含收费标准、依据和减免依据；本单位自有网办系统（第十条）',
  },
  'xk-hpbgb': { state: 'verified', note: '已核验待发布：上级下放事项（权力来源：上级下放）' },
  'gg-qykb': { state: 'published', note: '联办事项：“一件事一次办”，联办机构五家' },
  'xk-ycls': { state: 'published', note: '区烟草专卖局自行实施的许可：主项下设新办、延续、变更、停业四个业务办理项' },
};

const DRAW: ReadonlyArray<readonly [DemoState, number]> = [
  ['published', 0.57],
  ['published_with_draft', 0.13],
  ['draft', 0.1],
  ['submitted', 0.11],
  ['verified', 0.09],
];

function draw(key: string): DemoState {
  let x = prngFor(`demo-state:${key}`).next();
  for (const [state, weight] of DRAW) {
    if ((x -= weight) < 0) return state;
  }
  return 'published';
}

export interface PendingChange {
  note: string;
  draftContent: ItemContent;
}

/** A plausible pending change (压缩时限、减材料、补充问答) for a published item, or null when none applies. */
function pendingChange(item: BuiltItem): PendingChange | null {
  if (!isApplicationBased(item.spec.type)) return null;
  const el = item.elements;
  const options: Array<() => [string, ElementSpec]> = [];
  const [promise, unit = '1'] = el.promise ?? [0, '4'];
  if (unit === '1' && promise >= 4) {
    const compressed = Math.ceil(promise / 2);
    options.push(() => [`承诺时限由${promise}个工作日压缩为${compressed}个工作日`, { ...el, promise: [compressed] }]);
  }
  // 减材料: a required supporting document (not the application form) replaced by a written commitment.
  const materials = el.materials ?? [];
  const nameOf = (m: (typeof materials)[number]) => (typeof m === 'string' ? m : m.name);
  const reducible = materials.filter(
    (m) => (typeof m === 'string' || m.necessity !== '2') && !/表$|书$|执照$|身份证$|户口簿$/.test(nameOf(m)),
  );
  const dropped = reducible[reducible.length - 1];
  if (dropped && materials.length >= 4) {
    options.push(() => [
      `精简申请材料「${nameOf(dropped)}」，改为申请人书面承诺`,
      { ...el, materials: materials.filter((m) => m !== dropped) },
    ]);
  }
  options.push(() => [
    '新增常见问题「如何查询办理进度？」',
    {
      ...el,
      faqs: [
        ...(el.faqs ?? []),
        [
          '如何查询办理进度？',
          '可以登录山西政务服务平台朔州平鲁频道或者“三晋通”App，在“我的办件”中查询办理进度，也可以拨打咨询电话查询。',
        ],
      ],
    },
  ]);
  const [note, elements] = prngFor(`pending-change:${item.key}`).pick(options)();
  return { note: `已发布，另有待核验的变更：${note}`, draftContent: item.rebuild(elements) };
}

export interface StateDecision {
  state: DemoState;
  note?: string;
  pending?: PendingChange;
}

export function decideState(item: BuiltItem, hasChildren: boolean): StateDecision {
  const featured = FEATURED[item.key];
  let state = featured?.state ?? draw(item.key);
  // A chain is shown from its 主项 down: the parent of published children is itself published.
  if (hasChildren && !featured?.state) state = 'published';
  if (state === 'published_with_draft') {
    const pending = pendingChange(item);
    if (pending) return { state, note: featured?.note ?? pending.note, pending };
    state = 'published';
  }
  return featured ? { state, note: featured.note } : { state };
}

export const FEATURED_KEYS: readonly string[] = Object.keys(FEATURED);
