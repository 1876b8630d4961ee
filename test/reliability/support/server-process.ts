import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { SERVER_NODE_FLAGS } from '../../../src/cli/server-flags.js';

/**
 * The application as a real process (what the reliability suite kills, starves and stops). It runs a
 * one-file esbuild bundle of the CLI instead of tsx: a restart then costs the start-up of the server
 * itself, not the transpiling of every module again, which matters with dozens of kills per run. The
 * bundle sits two levels below the repository (dist/reliability-<pid>/) so `public/` resolves as in a build.
 */
let bundled: Promise<string> | undefined;

export function serverBundle(): Promise<string> {
  return (bundled ??= (async () => {
    const dir = path.resolve('dist', `reliability-${process.pid}`);
    const outfile = path.join(dir, 'main.mjs');
    await build({
      entryPoints: ['src/cli/main.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outfile,
      logLevel: 'warning',
    });
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    return outfile;
  })());
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One `shixiang serve` (or another command) child; restartable after it dies. Collects its output lines. */
export class ServerProcess {
  url = '';
  /** Everything the process wrote (pino JSON lines on stdout, plus the start-up banner). */
  lines: string[] = [];
  private child?: ChildProcessWithoutNullStreams;
  private exit?: Promise<Exit>;

  constructor(
    readonly env: Record<string, string>,
    readonly command: string[] = ['serve'],
    /** Options for node itself (the load test preloads its event-loop probe). */
    readonly nodeOptions: string[] = [],
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Whether the process has ended (by itself or killed). */
  get ended(): boolean {
    return !!this.child && (this.child.exitCode !== null || this.child.signalCode !== null);
  }

  /** Starts the process and resolves with its URL once it says it is running (and answers /readyz). */
  async start(timeoutMs = 90_000): Promise<string> {
    const main = await serverBundle();
    // The server runs with the heap limits `npm start` gives it, so its memory is measured as deployed.
    const flags = ['serve', 'start'].includes(this.command[0] ?? '') ? SERVER_NODE_FLAGS : [];
    const child = spawn(process.execPath, [...flags, ...this.nodeOptions, main, ...this.command], {
      env: { PATH: process.env.PATH ?? '', TZ: 'UTC', NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'warn', ...this.env },
    });
    this.child = child;
    this.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    // One partial line per stream: a chunk of stderr must not land in the middle of a line of stdout.
    const collect = () => {
      let buffered = '';
      return (chunk: Buffer) => {
        buffered += chunk.toString();
        const parts = buffered.split('\n');
        buffered = parts.pop() ?? '';
        this.lines.push(...parts);
      };
    };
    child.stdout.on('data', collect());
    child.stderr.on('data', collect());
    const started = Date.now();
    for (;;) {
      const banner = this.lines.find((l) => / is running at (http:\/\/\S+)/.test(l));
      if (banner) {
        this.url = / is running at (http:\/\/\S+)/.exec(banner)![1]!.replace('localhost', '127.0.0.1');
        this.lines = this.lines.filter((l) => l !== banner);
        return this.url;
      }
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`server exited during start-up:\n${this.lines.slice(-30).join('\n')}`);
      if (Date.now() - started > timeoutMs) {
        child.kill('SIGKILL');
        throw new Error(`server did not start within ${timeoutMs} ms:\n${this.lines.slice(-30).join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Sends the signal and waits for the process to be gone. */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<Exit> {
    if (!this.child || !this.exit) return { code: null, signal: null };
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    const exit = await this.exit;
    this.child = undefined;
    return exit;
  }

  /** Resolves when the process exits by itself. */
  exited(): Promise<Exit> {
    return this.exit ?? Promise.resolve({ code: null, signal: null });
  }
}
