import { inTransaction, type UseCaseContext } from '../app/use-case.js';
import { authorize } from '../auth/policy.js';
import { importNotice, type ImportedNotice } from './calendar.service.js';

/**
 * Loading a year's holiday notice as an audited use case: the notice, its days and the `calendar.imported`
 * record commit together or not at all (AUD-04). The console (系统管理员) and `shixiang workdays import`
 * both come here.
 */
export async function importCalendarNotice(
  uc: UseCaseContext,
  input: unknown,
  opts: { replace?: boolean } = {},
): Promise<ImportedNotice> {
  authorize(uc.actor, 'system.config');
  return recordCalendarImport(uc, input, opts);
}

/**
 * The same without the permission check, for the server console (`shixiang workdays import`), which runs
 * as a system actor named after the operating-system user: whoever can run it already holds the keys.
 */
export async function recordCalendarImport(
  uc: UseCaseContext,
  input: unknown,
  opts: { replace?: boolean } = {},
): Promise<ImportedNotice> {
  return inTransaction(uc, async (trx, audit) => {
    const result = await importNotice(trx, input, {
      actorId: uc.actor.id ?? uc.actor.name,
      replace: opts.replace,
      clock: uc.app.clock,
    });
    await audit({
      action: 'calendar.imported',
      target: { type: 'calendar_notice', id: result.id },
      after: input,
      details: {
        year: result.year,
        dayCount: result.dayCount,
        ...(result.replaced
          ? { replaced: { id: result.replaced.id, source: result.replaced.source, title: result.replaced.title } }
          : {}),
      },
    });
    return result;
  });
}
