#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run automatically by `npm install`).
import('../dist/src/cli/main.js').then(
  (cli) => cli.main(process.argv.slice(2)),
  (err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
      console.error('shixiang: dist/ is missing; run `npm run build` first.');
      process.exit(2);
    }
    throw err;
  },
);
