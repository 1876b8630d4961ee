import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const MAIN = path.resolve('src/cli/main.ts');
const run = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { ...process.env, ...env, DATABASE_URL: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('shixiang as a process', () => {
  it('a bad configuration value stops with exit code 78 and names the variable', () => {
    const res = run(['migrate'], { PORT: 'eighty', LOG_LEVEL: 'silent' });
    assert.equal(res.status, 78);
    assert.match(res.stderr, /PORT: must be an integer, got "eighty"/);
  });

  it('serve answers /readyz, and SIGTERM drains and exits 0', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixiang-proc-'));
    let child: ChildProcess | undefined;
    let startTimer: NodeJS.Timeout | undefined;
    try {
      assert.equal(run(['migrate'], { DATA_DIR: dir, LOG_LEVEL: 'silent', NODE_ENV: 'test' }).status, 0);
      const server = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve'], {
        env: {
          ...process.env,
          DATA_DIR: dir,
          PORT: '0',
          LOG_LEVEL: 'silent',
          NODE_ENV: 'test',
          JOBS: 'false',
          DATABASE_URL: '',
        },
      });
      child = server;
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /running at (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        server.on('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
        startTimer = setTimeout(() => reject(new Error('no start within 30 s')), 30_000);
      });
      clearTimeout(startTimer);
      assert.equal((await fetch(`${url}/readyz`)).status, 200);
      const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
      server.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      clearTimeout(startTimer);
      // A failed start or assertion must not leave the server running (it would outlive the test runner).
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
