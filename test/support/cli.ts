import { runCli } from '../../src/cli/main.js';

/** Streams for running a CLI command in-process, with what it wrote kept for assertions. */
export function capture(env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s), env }, out, err };
}

/** Runs one command in-process; what it wrote comes back joined by lines. */
export async function runCommand(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  const c = capture(env);
  const code = await runCli(args, c.io);
  return { code, out: c.out.join('\n'), err: c.err.join('\n') };
}
