import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { SERVER_NODE_FLAGS } from '../../src/cli/server-flags.js';

describe('the server heap limits', () => {
  it('npm start runs the server with SERVER_NODE_FLAGS (the limits the benchmark and the load test measured)', () => {
    const pkg: { scripts: Record<string, string> } = JSON.parse(fs.readFileSync('package.json', 'utf8'));
    const start = pkg.scripts.start!;
    assert.match(start, new RegExp(`node ${SERVER_NODE_FLAGS.join(' ')} dist/src/cli/main\\.js start$`));
  });
});
