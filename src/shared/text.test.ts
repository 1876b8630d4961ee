import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { textProblem, visibleLength } from './text.js';

describe('hostile text', () => {
  it('IN-02: names the problem of each kind of hostile character', () => {
    const cases: Array<[string, boolean, ReturnType<typeof textProblem>]> = [
      ['食品经营许可', false, null],
      ['第一条\n第二条\t（一）', true, null],
      ['第一条\r\n第二条', true, null],
      ['第一条\n第二条', false, 'line_break'],
      ['a\tb', false, 'line_break'],
      ['a\u2028b', false, 'line_break'],
      ['响铃\u0007', true, 'control'],
      ['\u001b[31m红色', true, 'control'],
      ['a\u0000b', true, 'control'],
      ['a\u007fb', true, 'control'],
      ['a\u0085b', true, 'control'],
      ['许可\u202Egnp.exe', true, 'bidi'],
      ['\u2066隐藏\u2069', true, 'bidi'],
      ['x\ud800y', true, 'encoding'],
      ['x\udc00', true, 'encoding'],
      ['\ufffd', true, 'encoding'],
      ['𠮷野家', false, null],
      ['👨‍👩‍👧 家庭', false, null],
    ];
    for (const [text, multiLine, expected] of cases)
      assert.equal(textProblem(text, multiLine), expected, JSON.stringify(text));
  });

  it('IN-02: counts only the characters a reader sees', () => {
    const cases: Array<[string, number]> = [
      ['食品经营许可', 6],
      ['\u200b\u200c\u200d\u2060\ufeff', 0],
      [' \u3000\u00a0\t\n', 0],
      ['\u00ad\u3164\ufe0f', 0],
      ['𠮷', 1],
      ['a\u200bb', 2],
    ];
    for (const [text, n] of cases) assert.equal(visibleLength(text), n, JSON.stringify(text));
  });
});
