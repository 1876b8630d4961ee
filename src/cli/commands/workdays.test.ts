import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sample2027Notice } from '../../../test/support/calendar.js';
import type { CommandIo } from '../command.js';
import { runCli } from '../main.js';

describe('shixiang workdays', () => {
  let dataDir: string;
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CommandIo = {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      env: { NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', USER: 'tester' },
    };
    const code = await runCli(['workdays', ...argv], io);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const writeJson = (name: string, value: unknown) => {
    const file = path.join(dataDir, name);
    fs.writeFileSync(file, JSON.stringify(value));
    return file;
  };

  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixiang-workdays-'));
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('add: the N-th working day after DATE', async () => {
    assert.deepEqual(await run('add', '2024-02-08', '3'), { code: 0, out: '2024-02-19', err: '' });
    assert.deepEqual(await run('add', '2024-02-08', '3', '--count-start-day'), { code: 0, out: '2024-02-18', err: '' });
  });

  it('add: exits 2 past the last published year instead of guessing', async () => {
    const r = await run('add', '2026-12-31', '1');
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /2027 年的节假日安排尚未发布（或尚未导入）/);
    assert.match(r.err, /the 2027 holiday schedule is not published/);
  });

  it('between: signed count of working days', async () => {
    assert.deepEqual(await run('between', '2024-02-08', '2024-02-19'), { code: 0, out: '3', err: '' });
    assert.deepEqual(await run('between', '2024-02-19', '2024-02-08'), { code: 0, out: '-3', err: '' });
  });

  it('is: 工作日 / 休息日 with the holiday', async () => {
    assert.equal((await run('is', '2024-02-04')).out, '2024-02-04 星期日 工作日（春节调休上班）');
    assert.equal((await run('is', '2024-02-12')).out, '2024-02-12 星期一 休息日（春节）');
    assert.equal((await run('is', '2024-03-02')).out, '2024-03-02 星期六 休息日');
  });

  it('exits 2 on an invalid date, N or subcommand', async () => {
    const badDate = await run('add', '2024-02-30', '3');
    assert.equal(badDate.code, 2);
    assert.match(badDate.err, /DATE: 不是有效日期.*2024-02-30/);
    assert.match(badDate.err, /invalid input/);
    for (const n of ['0', 'x', '1.5', '1001']) assert.equal((await run('add', '2024-02-08', n)).code, 2, `N=${n}`);
    assert.equal((await run('between', '2024-02-08')).code, 2);
    assert.equal((await run('add', '2024-02-08', '3', '--replace')).code, 2);
    assert.equal((await run('nope')).code, 2);
  });

  it('import: loads a new year, refuses to reload it without --replace', async () => {
    const file = writeJson('2027.json', sample2027Notice());
    assert.deepEqual(await run('import', file), { code: 0, out: '已导入 2027 年节假日安排：12 个日期', err: '' });
    assert.deepEqual(await run('add', '2026-12-31', '1'), { code: 0, out: '2027-01-04', err: '' });
    const again = await run('import', file);
    assert.equal(again.code, 2);
    assert.match(again.err, /已经导入/);
    assert.match(again.err, /--replace/);
    assert.equal((await run('import', file, '--replace')).code, 0);
    assert.match((await run('notices')).out, /^2027 {2}管理员导入（cli:tester，/m);
  });

  it('import: exits 2 with the field path of a bad file, and on unreadable files', async () => {
    const notice = sample2027Notice();
    notice.year = 2028;
    notice.holidays = [{ name: '春节', firstDay: '2028-01-26', lastDay: '2028-02-01', makeUpWorkdays: ['2028-02-02'] }];
    const bad = await run('import', writeJson('bad.json', notice));
    assert.equal(bad.code, 2);
    assert.match(bad.err, /holidays\.0\.makeUpWorkdays\.0: 调休上班日应为周六或周日/);
    assert.match((await run('add', '2027-12-31', '1')).err, /2028 年/, 'nothing was imported');
    assert.match((await run('import', path.join(dataDir, 'missing.json'))).err, /FILE: 无法读取文件/);
    fs.writeFileSync(path.join(dataDir, 'broken.json'), '{');
    assert.match((await run('import', path.join(dataDir, 'broken.json'))).err, /FILE: 不是有效的 JSON/);
  });
});
