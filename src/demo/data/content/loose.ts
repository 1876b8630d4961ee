import type { ItemContent } from '../../../domain/item-content.js';

/**
 * ItemContent with its coded elements typed as strings.
 *
 * WARNING: works around a typing defect of `Code()` in src/domain/schema-helpers.ts. It passes an array, not
 * a tuple, to Type.Union, so TypeBox's Static collapses every coded element (type, projectType, unit, form…)
 * to `never` and no code value can be assigned to ItemContent. The demo builds content as LooseContent and
 * converts it once; data.test.ts checks every item against the ItemContent schema at runtime. Remove this
 * module when Code() returns a union whose Static is the code union.
 */
type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];
type RequiredKeys<T> = Exclude<keyof T, OptionalKeys<T>>;

type Loose<T> = [T] extends [never]
  ? string
  : T extends string | number | boolean
    ? T
    : T extends readonly (infer U)[]
      ? Loose<U>[]
      : T extends object
        ? { [K in RequiredKeys<T>]: Loose<T[K]> } & { [K in OptionalKeys<T>]?: Loose<Exclude<T[K], undefined>> }
        : T;

export type LooseContent = Loose<ItemContent>;
export type LooseMaterial = NonNullable<LooseContent['materials']>[number];
export type LooseTimeLimit = NonNullable<LooseContent['promiseLimit']>;

export const asItemContent = (content: LooseContent): ItemContent => content;
export const loosen = (content: ItemContent): LooseContent => content;
