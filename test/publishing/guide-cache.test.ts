import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cachedGuide, guidePage } from '../../src/portal/guide-cache.js';
import { createTestContext } from '../support/context.js';

describe('the guide cache', () => {
  it('counts the rendered page of a guide against its 32 MB bound, not only the body', async () => {
    const t = await createTestContext('sqlite');
    try {
      // Ten guides of a small body and a 4 MB page (2 M characters of Chinese text, two bytes each): 40 MB held.
      const body = '办'.repeat(1000);
      for (let i = 0; i < 10; i++) {
        const entry = cachedGuide(t.ctx.db, `code-${i}`, 'k', () => body + i);
        guidePage(t.ctx.db, `code-${i}`, entry, 1, () => '页'.repeat(2_000_000) + i);
      }
      let renders = 0;
      const render = () => {
        renders++;
        return body;
      };
      cachedGuide(t.ctx.db, 'code-9', 'k', render);
      assert.equal(renders, 0, 'the newest guide is still cached');
      cachedGuide(t.ctx.db, 'code-0', 'k', render);
      assert.equal(renders, 1, 'the oldest guide was evicted to keep the pages within the bound');
    } finally {
      await t.cleanup();
    }
  });
});
