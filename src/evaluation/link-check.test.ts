import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostAllowed, mapBounded, nextLinkState, type CheckOutcome, type LinkState } from './link-check.js';

describe('link checker rules', () => {
  const hosts = ['*.gov.cn', 'www.example.org', '127.0.0.1'];
  const cases: Array<[string, boolean]> = [
    ['https://www.sxzwfw.gov.cn/x', true],
    ['https://gov.cn/', true],
    ['https://evilgov.cn/', false],
    ['https://gov.cn.evil.com/', false],
    ['http://www.example.org/a', true],
    ['http://example.org/a', false],
    ['http://127.0.0.1:8080/f', true],
    ['ftp://x.gov.cn/', false],
    ['not a url', false],
  ];
  for (const [url, ok] of cases) it(`host allow-list: ${url} → ${ok}`, () => assert.equal(hostAllowed(url, hosts), ok));

  const start: LinkState = { consecutive_failures: 0, failing_since: null, task_opened_at: null };
  const fail: CheckOutcome = { kind: 'failed', status: 404, error: null };
  it('opens a task on the N-th failure in a row, once, and closes it on recovery', () => {
    let s = start;
    const opened: boolean[] = [];
    for (let i = 1; i <= 4; i++) {
      const t = nextLinkState(s, fail, `t${i}`, 3);
      opened.push(t.openTask);
      s = t.patch;
    }
    assert.deepEqual(opened, [false, false, true, false]);
    assert.deepEqual([s.consecutive_failures, s.failing_since, s.task_opened_at], [4, 't1', 't3']);
    const refused = nextLinkState(s, { kind: 'refused', error: 'x' }, 't5', 3);
    assert.deepEqual(
      [refused.closeTask, refused.patch.task_opened_at, refused.patch.consecutive_failures],
      [false, 't3', 4],
    );
    const ok = nextLinkState(s, { kind: 'ok', status: 200 }, 't6', 3);
    assert.deepEqual([ok.closeTask, ok.patch.consecutive_failures, ok.patch.task_opened_at], [true, 0, null]);
    assert.equal(nextLinkState(start, { kind: 'ok', status: 301 }, 't', 3).closeTask, false);
  });

  it('never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return n * 2;
    });
    assert.deepEqual(out, [2, 4, 6, 8, 10, 12, 14]);
    assert.equal(peak, 3);
  });

  it('starts nothing more once its signal is aborted; the items under way finish', async () => {
    const stop = new AbortController();
    const done: number[] = [];
    await mapBounded(
      [1, 2, 3, 4, 5, 6, 7],
      2,
      async (n) => {
        if (n === 3) stop.abort();
        await new Promise((r) => setTimeout(r, 5));
        done.push(n);
      },
      stop.signal,
    );
    assert.deepEqual(done.sort(), [1, 2, 3], '2 was under way when 3 aborted; 4 never started');
  });
});
