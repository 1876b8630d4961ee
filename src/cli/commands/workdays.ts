import fs from 'node:fs';
import type { AppContext } from '../../app/context.js';
import { SYSTEM_ACTOR, type Actor } from '../../auth/actor.js';
import { recordCalendarImport } from '../../calendar/calendar-import.js';
import { ensureBundledCalendar, listCalendarNotices, loadCalendar } from '../../calendar/calendar.service.js';
import { parseIsoDate, weekdayName } from '../../calendar/dates.js';
import {
  addWorkingDays,
  describeDay,
  MAX_WORKING_DAYS,
  workingDaysBetween,
  type Calendar,
} from '../../calendar/working-days.js';
import { migrateToLatest } from '../../db/migrate.js';
import { errors, isAppError, type AppError } from '../../shared/errors.js';
import { withContext } from '../boot.js';
import { EXIT, UsageError, type Command, type CommandIo } from '../command.js';

const USAGE = `usage: shixiang workdays <subcommand>

  add DATE N [--count-start-day]   the N-th working day after DATE (DATE itself counts only with the flag)
  between A B                      working days after A up to and including B (negative when B < A)
  is DATE                          工作日 or 休息日, with the holiday name
  notices                          the loaded holiday notices (year, source, 文号, title)
  import FILE.json [--replace]     load a State Council holiday notice (administrators; see docs/calendar.md)

Uses the calendar of the configured database (migrated and given the bundled 2021–2026 notices first).
Exit codes: 0 ok; 2 bad arguments, bad import file, or a date past the last published year.`;

/** `shixiang workdays …`: working-day arithmetic on the official holiday calendar (docs/calendar.md). */
export const workdaysCommand: Command = {
  name: 'workdays',
  summary: "working-day arithmetic on the holiday calendar; import a new year's notice",
  usage: USAGE,
  async run(args, io) {
    try {
      const action = parseAction(args, io);
      return await withContext(io, async (ctx) => {
        await migrateToLatest(ctx.db);
        await ensureBundledCalendar(ctx.db, ctx.clock);
        return action(ctx);
      });
    } catch (e) {
      if (isAppError(e)) return reportAppError(e, io);
      throw e;
    }
  },
};

type Action = (ctx: AppContext) => Promise<number>;

/** Checks every argument before the database is opened, so a typo costs nothing. */
function parseAction(args: string[], io: CommandIo): Action {
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const [sub, ...positional] = args.filter((a) => !a.startsWith('--'));
  const allowFlags = (...allowed: string[]) => {
    const unknown = [...flags].find((f) => !allowed.includes(f));
    if (unknown) throw new UsageError(`unknown option "${unknown}"`);
  };
  const arity = (n: number) => {
    if (positional.length !== n) throw new UsageError(`workdays ${sub} takes ${n} argument(s)`);
  };
  const print = (text: string): number => {
    io.out(text);
    return EXIT.OK;
  };
  const withCalendar =
    (fn: (cal: Calendar) => string): Action =>
    async (ctx) =>
      print(fn(await loadCalendar(ctx.db)));

  switch (sub) {
    case 'add': {
      allowFlags('--count-start-day');
      arity(2);
      const date = parseIsoDate(positional[0], 'DATE');
      const n = parseCount(positional[1] ?? '');
      return withCalendar((cal) => addWorkingDays(cal, date, n, { countStartDay: flags.has('--count-start-day') }));
    }
    case 'between': {
      allowFlags();
      arity(2);
      const [a, b] = [parseIsoDate(positional[0], 'A'), parseIsoDate(positional[1], 'B')];
      return withCalendar((cal) => String(workingDaysBetween(cal, a, b)));
    }
    case 'is': {
      allowFlags();
      arity(1);
      const date = parseIsoDate(positional[0], 'DATE');
      return withCalendar((cal) => formatDay(cal, date));
    }
    case 'notices':
      allowFlags();
      arity(0);
      return async (ctx) =>
        print(
          (await listCalendarNotices(ctx.db))
            .map(
              (n) =>
                `${n.year}  ${n.source === 'bundled' ? '随系统提供' : `管理员导入（${n.loaded_by ?? ''}，${n.loaded_at}）`}  ${n.doc_no ?? '文号未确认'}  ${n.title}`,
            )
            .join('\n'),
        );
    case 'import': {
      allowFlags('--replace');
      arity(1);
      const input = readJson(positional[0] ?? '');
      // Audited as the server console's operating-system user (a system actor: no account signs in here).
      const actor: Actor = { ...SYSTEM_ACTOR, name: `cli:${io.env.USER ?? 'unknown'}` };
      return async (ctx) => {
        const result = await recordCalendarImport({ app: ctx, actor, meta: { userAgent: 'shixiang-cli' } }, input, {
          replace: flags.has('--replace'),
        });
        return print(
          `已导入 ${result.year} 年节假日安排：${result.dayCount} 个日期${result.replaced ? '（已替换原有通知）' : ''}`,
        );
      };
    }
    default:
      throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'missing subcommand');
  }
}

function parseCount(raw: string): number {
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= 1 && n <= MAX_WORKING_DAYS))
    throw errors.field('N', `工作日数应为 1 到 ${MAX_WORKING_DAYS} 之间的整数：${raw}`);
  return n;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw errors.field(
      'FILE',
      `无法读取文件 ${file}（${(e instanceof Error && 'code' in e ? e.code : undefined) ?? String(e)}）`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw errors.field('FILE', `不是有效的 JSON：${e instanceof Error ? e.message : String(e)}`);
  }
}

/** e.g. `2024-02-04 星期日 工作日（春节调休上班）`. */
function formatDay(cal: Calendar, date: string): string {
  const day = describeDay(cal, date);
  const kind = day.isWorkingDay ? '工作日' : '休息日';
  const holiday = day.holiday ? `（${day.holiday}${day.kind === 'WORK' ? '调休上班' : ''}）` : '';
  return `${date} ${weekdayName(date)} ${kind}${holiday}`;
}

const ENGLISH: Partial<Record<AppError['code'], (e: AppError) => string>> = {
  CALENDAR_NOT_PUBLISHED: (e) =>
    `the ${String(e.details.year)} holiday schedule is not published or not imported yet; ` +
    'an administrator loads it with `shixiang workdays import`',
  VALIDATION_FAILED: () => 'invalid input: see the field named above',
  DUPLICATE: () => 'that year is already loaded; add --replace to replace its notice',
};

/** Expected failures (bad input, calendar not published, year already loaded) exit 2 with a bilingual message. */
function reportAppError(e: AppError, io: CommandIo): number {
  const english = ENGLISH[e.code];
  if (!english) throw e;
  const issues = e.issues.length > 1 ? e.issues.map((i) => `\n  ${i.path}: ${i.message}`).join('') : '';
  io.err(`shixiang workdays: ${e.issues.length > 1 ? '输入有误：' : e.message}${issues}\n(${english(e)})`);
  return EXIT.USAGE;
}
