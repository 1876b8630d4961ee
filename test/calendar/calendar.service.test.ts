import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ensureBundledCalendar,
  importNotice,
  listCalendarNotices,
  loadCalendar,
  type ImportNoticeOptions,
} from '../../src/calendar/calendar.service.js';
import { BUNDLED_NOTICES } from '../../src/calendar/notices/index.js';
import { addWorkingDays, buildCalendar, lastPublishedDate } from '../../src/calendar/working-days.js';
import { openDatabase, type Db } from '../../src/db/database.js';
import { AppError } from '../../src/shared/errors.js';
import { sample2027Notice } from '../support/calendar.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';

for (const dialect of testDialects()) {
  describe(`[${dialect}] working-day calendar storage`, () => {
    let t: TestContext;
    let db: Db;
    const admin: ImportNoticeOptions = { actorId: 'admin-1' };
    const importAs = (input: unknown, options: ImportNoticeOptions = admin) =>
      db.kysely.transaction().execute((trx) => importNotice(trx, input, { clock: t.clock, ...options }));
    const rowCounts = async () => ({
      notices: (
        await db.kysely
          .selectFrom('calendar_notices')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
      days: (
        await db.kysely
          .selectFrom('calendar_days')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    });
    const rejects = async (input: unknown, options: ImportNoticeOptions, code: string, path: string) => {
      await assert.rejects(
        importAs(input, options),
        (e: unknown) => e instanceof AppError && e.code === code && e.issues.some((i) => i.path === path),
      );
    };

    before(async () => {
      t = await createTestContext(dialect);
      db = t.ctx.db;
    });
    after(() => t.cleanup());

    it('loads the bundled notices once (migration loads them), however often it is called', async () => {
      await db.kysely.deleteFrom('calendar_days').execute();
      await db.kysely.deleteFrom('calendar_notices').execute();
      assert.deepEqual(await ensureBundledCalendar(db, t.clock), [2021, 2022, 2023, 2024, 2025, 2026]);
      const counts = await rowCounts();
      assert.deepEqual(await ensureBundledCalendar(db, t.clock), []);
      assert.deepEqual(await rowCounts(), counts);
      assert.equal(counts.notices, 6);
      const notices = await listCalendarNotices(db);
      assert.deepEqual(
        notices.map((n) => [n.year, n.source, n.loaded_by]),
        BUNDLED_NOTICES.map((n) => [n.year, 'bundled', null]),
      );
      assert.equal(notices.find((n) => n.year === 2025)?.doc_no, '国办发明电〔2024〕12号');
    });

    // SQLite deployments run a single instance; two connections of one process would only wait on each other.
    it('survives two instances booting at the same time', { skip: dialect === 'sqlite' }, async () => {
      const other = await openDatabase(t.ctx.config.db);
      try {
        await db.kysely.deleteFrom('calendar_days').execute();
        await db.kysely.deleteFrom('calendar_notices').execute();
        const [a, b] = await Promise.all([ensureBundledCalendar(db, t.clock), ensureBundledCalendar(other, t.clock)]);
        assert.deepEqual([...a, ...b].sort(), [2021, 2022, 2023, 2024, 2025, 2026]);
        assert.equal((await rowCounts()).notices, 6);
      } finally {
        await other.close();
      }
    });

    it('reads back the same calendar as the bundled data', async () => {
      const stored = await loadCalendar(db);
      const bundled = buildCalendar(BUNDLED_NOTICES);
      assert.deepEqual([...stored.years].sort(), [...bundled.years].sort());
      assert.deepEqual(new Map([...stored.days].map(([d, e]) => [d, { ...e }])), bundled.days);
      assert.equal(addWorkingDays(stored, '2024-02-08', 3), '2024-02-19');
      assert.equal(await loadCalendar(db), stored, 'unchanged notices: the cached calendar is reused');
    });

    it('extends the covered range when an administrator imports 2027', async () => {
      const before = await loadCalendar(db);
      assert.throws(() => addWorkingDays(before, '2026-12-31', 1), /2027 年的节假日安排尚未发布/);
      const imported = await importAs(sample2027Notice());
      assert.equal(imported.year, 2027);
      assert.equal(imported.replaced, null);
      assert.equal(imported.dayCount, 12);
      const after = await loadCalendar(db);
      assert.notEqual(after, before, 'a new notice invalidates the cache');
      assert.equal(lastPublishedDate(after), '2027-12-31');
      assert.equal(addWorkingDays(after, '2026-12-31', 1), '2027-01-04');
      const row = (await listCalendarNotices(db)).find((n) => n.year === 2027);
      assert.deepEqual(
        [row?.source, row?.loaded_by, row?.loaded_at],
        ['admin', 'admin-1', t.clock.now().toISOString()],
      );
    });

    it('refuses to reload a loaded year unless asked to replace it', async () => {
      const counts = await rowCounts();
      await rejects(sample2027Notice(), admin, 'DUPLICATE', 'year');
      assert.deepEqual(await rowCounts(), counts);

      const corrected = sample2027Notice();
      corrected.holidays[1].lastDay = '2027-02-11';
      const replaced = await importAs(corrected, { ...admin, replace: true });
      assert.equal(replaced.replaced?.year, 2027);
      const cal = await loadCalendar(db);
      assert.equal(cal.days.get('2027-02-12'), undefined, 'days of the replaced notice are gone');
      assert.equal(addWorkingDays(cal, '2027-02-04', 1), '2027-02-12');
    });

    it('rejects a malformed notice with its field path and writes nothing', async () => {
      const counts = await rowCounts();
      const bad = sample2027Notice();
      bad.year = 2028;
      bad.holidays[1].makeUpWorkdays = ['2028-02-16'];
      await rejects(bad, admin, 'VALIDATION_FAILED', 'holidays.0.firstDay');
      await rejects(
        { ...sample2027Notice(), year: 2028, holidays: [{ name: '春节' }] },
        admin,
        'VALIDATION_FAILED',
        'holidays.0.firstDay',
      );
      assert.deepEqual(await rowCounts(), counts);
    });

    it('rejects a notice that redefines a date set by another year, and a failed replacement keeps the old notice', async () => {
      const counts = await rowCounts();
      const notices = await listCalendarNotices(db);
      const clash = JSON.parse(JSON.stringify(BUNDLED_NOTICES.find((n) => n.year === 2022)));
      clash.holidays.push({ name: '元旦', firstDay: '2022-12-30', lastDay: '2022-12-31', makeUpWorkdays: [] });
      await rejects(clash, { ...admin, replace: true }, 'VALIDATION_FAILED', 'holidays.7');
      assert.deepEqual(await rowCounts(), counts);
      assert.deepEqual(await listCalendarNotices(db), notices);
    });
  });
}
