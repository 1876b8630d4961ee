import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A PostgreSQL server of the test's own (initdb into a temporary directory, pg_ctl on a free port), so the
 * test can stop and start it without touching the shared server other tests use. Run as the `postgres`
 * system user when the test runs as root (initdb refuses root).
 */
export class PrivatePostgres {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixiang-pg-'));
  readonly data = path.join(this.dir, 'data');
  port = 0;
  private readonly bin = PrivatePostgres.binDir();
  private readonly asUser = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];

  /** The newest installed server's bin directory, or undefined when PostgreSQL is not installed. */
  static binDir(): string | undefined {
    const root = '/usr/lib/postgresql';
    if (!fs.existsSync(root)) return undefined;
    const versions = fs
      .readdirSync(root)
      .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private run(tool: string, args: string[]): void {
    if (!this.bin) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql');
    const [cmd, ...rest] = [...this.asUser, path.join(this.bin, tool), ...args];
    const res = spawnSync(cmd!, rest, { encoding: 'utf8', timeout: 120_000 });
    if (res.status !== 0)
      throw new Error(`${tool} ${args.join(' ')} failed (${res.status}): ${res.stderr || res.stdout}`);
  }

  async init(): Promise<void> {
    if (this.asUser.length) execFileSync('chown', ['-R', 'postgres', this.dir]);
    this.port = await freePort();
    // fsync stays on: the app refuses a server without its durability settings (REL-01).
    this.run('initdb', [
      '-D',
      this.data,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-instructions',
    ]);
    await this.start();
  }

  async start(): Promise<void> {
    this.run('pg_ctl', [
      '-D',
      this.data,
      '-l',
      path.join(this.dir, 'log'),
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=50`,
      'start',
    ]);
  }

  /** `fast`: the server ends every session (clients see them cut); `immediate`: as a crash. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    this.run('pg_ctl', ['-D', this.data, '-w', '-t', '60', '-m', mode, 'stop']);
  }

  async destroy(): Promise<void> {
    try {
      await this.stop('immediate');
    } catch {
      // already stopped
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}
