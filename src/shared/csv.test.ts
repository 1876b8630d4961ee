import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell, csvRow } from './csv.js';

describe('CSV for spreadsheets', () => {
  it("AUD-08: cells that a spreadsheet would run as formulas are prefixed with '", () => {
    for (const v of ['=1+1', '+1', '-1+2', '@SUM(A1)', '\t=1', '=HYPERLINK("http://x")'])
      assert.equal(csvCell(v)[csvCell(v).startsWith('"') ? 1 : 0], "'", v);
    assert.equal(csvCell('1=1'), '1=1');
  });

  it('AUD-07: line breaks and control characters are escaped, so one record is one line', () => {
    assert.equal(csvCell('a\nb\r\nc'), 'a\\nb\\r\\nc');
    assert.equal(csvCell('\u001b[31mred'), '\\u001b[31mred');
  });

  it('quotes commas and doubles quotes (RFC 4180); null is empty', () => {
    assert.equal(csvRow(['平鲁区, 井坪镇', 'say "hi"', null, 7]), '"平鲁区, 井坪镇","say ""hi""",,7\r\n');
  });
});
