import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { itemProblems } from '../../src/exchange/assemble.js';
import { itemsFromNational, nationalDocument } from '../../src/exchange/national.js';
import { demoExportRows } from './support.js';

describe('national exchange layout (up_task_*)', () => {
  const rows = demoExportRows();
  const doc = nationalDocument(rows, '20261207', '2026-12-07 08:00:00');

  it('uses the national table and field names and codes (multi-valued joined with ^)', () => {
    assert.equal(doc.up_task_general_basic.length, rows.length);
    const first = doc.up_task_general_basic[0]!;
    for (const field of [
      'task_name',
      'catalog_code',
      'task_code',
      'task_type',
      'by_law',
      'use_level',
      'dept_code',
      'accept_condition',
      'promise_day',
      'server_type',
      'limit_scene_num',
      'is_fee',
      'cd_batch',
    ]) {
      assert.ok(field in first, field);
    }
    const multi = doc.up_task_general_basic.find((r) => String(r.server_type).includes('^'));
    assert.ok(multi, 'some item serves several kinds of applicant');
    assert.ok(doc.up_task_general_material.length > rows.length, 'materials, one record each');
    assert.ok(doc.up_task_general_material.every((m) => m.task_code && m.order_num));
  });

  it('reading it back gives valid items, and writing those again gives the same records (idempotent)', () => {
    const { items, problems } = itemsFromNational(JSON.parse(JSON.stringify(doc)));
    assert.deepEqual(problems, []);
    assert.equal(items.length, rows.length);
    for (const item of items) assert.deepEqual(itemProblems(item), [], item.taskCode);
    const again = nationalDocument(
      items.map((item, i) => ({ ...rows[i]!, ...item })),
      '20261207',
      '2026-12-07 08:00:00',
    );
    assert.deepEqual(again, doc);
  });

  it('a child record pointing at no basic record is reported', () => {
    const broken = { ...doc, up_task_general_material: [{ ...doc.up_task_general_material[0]!, task_code: 'X' }] };
    assert.match(itemsFromNational(broken).problems[0]!.message, /task_code X 不在 up_task_general_basic 中/);
  });
});
