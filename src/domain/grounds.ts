/**
 * Kinds of adjustment (Art. 12) and the grounds Art. 16–18 list for each. 合并 and 拆分 are composites
 * (cancel + add with lineage) and take the grounds of 变更. "其他" grounds require a written explanation.
 *
 * WARNING: ground codes are persisted and published. Add codes; never rename one.
 */
export const CHANGE_KINDS = {
  add: '新增',
  change: '变更',
  cancel: '取消',
  merge: '合并',
  split: '拆分',
  transfer: '划转',
} as const;
/**
 * 划转 is made only by a unit reorganisation (Art. 18(三), units/reorganisation.service.ts): the item moves to a unit
 * with another USCC, so its 实施编码 changes — the old item is cancelled and its successor added, with lineage.
 */
export const CLERK_CHANGE_KINDS = ['add', 'change', 'cancel', 'merge', 'split'] as const;
export type ChangeKind = keyof typeof CHANGE_KINDS;

/** A change request's life: open until its versions are first submitted, completed when the last is published. */
export const CHANGE_REQUEST_STATUSES = ['open', 'submitted', 'completed', 'withdrawn'] as const;
export type ChangeRequestStatus = (typeof CHANGE_REQUEST_STATUSES)[number];
export const isChangeRequestStatus = (s: string): s is ChangeRequestStatus =>
  (CHANGE_REQUEST_STATUSES as readonly string[]).includes(s);

export const GROUNDS = {
  'art16.1': { kind: 'cancel', label: '设定依据已经被废止或失效', article: '第十六条第（一）项' },
  'art16.2': { kind: 'cancel', label: '国务院和省、市人民政府决定取消', article: '第十六条第（二）项' },
  'art16.3': { kind: 'cancel', label: '其他应予取消的情形', article: '第十六条第（三）项', other: true },
  'art17.1': { kind: 'add', label: '设定依据新立、修订', article: '第十七条第（一）项' },
  'art17.2': { kind: 'add', label: '上级政府决定下放管理层级，按要求需承接', article: '第十七条第（二）项' },
  'art17.3': { kind: 'add', label: '其他应予增加的情形', article: '第十七条第（三）项', other: true },
  'art18.1': { kind: 'change', label: '设定依据调整', article: '第十八条第（一）项' },
  'art18.2': { kind: 'change', label: '名称、类型、层级等基本要素需进行调整', article: '第十八条第（二）项' },
  'art18.3': { kind: 'change', label: '实施机构职能调整', article: '第十八条第（三）项' },
  'art18.4': { kind: 'change', label: '其他应予变更的情形', article: '第十八条第（四）项', other: true },
} as const satisfies Record<
  string,
  { kind: 'add' | 'change' | 'cancel'; label: string; article: string; other?: boolean }
>;
export type Ground = keyof typeof GROUNDS;

export const isGround = (g: string): g is Ground => g in GROUNDS;

/** The article kind whose grounds a change kind uses (merge and split change the catalogue's structure). */
export const groundKindOf = (kind: ChangeKind): 'add' | 'change' | 'cancel' =>
  kind === 'merge' || kind === 'split' || kind === 'transfer' ? 'change' : kind;

/** Why a ground does not fit a kind, or null. */
export function groundProblem(kind: ChangeKind, ground: string, explanation: string | undefined): string | null {
  if (!isGround(ground)) return '未知的调整事由';
  const g = GROUNDS[ground];
  if (g.kind !== groundKindOf(kind))
    return `“${CHANGE_KINDS[kind]}”的事由应选自${kind === 'cancel' ? '第十六条' : kind === 'add' ? '第十七条' : '第十八条'}`;
  if ('other' in g && g.other && (!explanation || explanation.trim().length < 10))
    return '选择“其他”情形时须书面说明理由（不少于10个字）';
  return null;
}

export const groundLabel = (ground: string) =>
  isGround(ground) ? `${GROUNDS[ground].label}（${GROUNDS[ground].article}）` : ground;
