import type { TestContext } from '../support/context.js';

export { district, freshCode, passWorkflow, publishedItem } from '../support/workflow.js';

/** Row counts of the tables a use case might write (to prove a preview writes nothing). */
export async function tableCounts(t: TestContext): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of [
    'obligations',
    'legal_events',
    'directives',
    'audit_log',
    'notifications',
    'change_requests',
    'legal_documents',
    'catalogue_versions',
    'items',
  ] as const) {
    const row = await t.ctx.db.kysely
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

export const lawBody = (id: string, title: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: 'law',
  title,
  issuer: '全国人民代表大会常务委员会',
  docNo: '主席令第一号',
  publishedOn: '2015-04-24',
  effectiveOn: '2015-10-01',
  articles: [
    { number: '第十条', text: '……' },
    { number: '第十二条', text: '……' },
    { number: '第三十五条', text: '国家对食品生产经营实行许可制度。' },
  ],
  ...extra,
});
