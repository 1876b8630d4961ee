/**
 * A CLI subcommand. `main.ts` dispatches `shixiang <name> …` to the command's `run`, which returns the
 * process exit code. Conventions: 0 success, 1 the input was read and has errors (e.g. findings of error
 * severity), 2 unusable input or arguments (unreadable file, bad date), 78 bad configuration.
 */
export interface Command {
  name: string;
  /** One line for `shixiang help`. */
  summary: string;
  /** Usage text printed by `shixiang <name> --help` and on argument errors. */
  usage: string;
  run(args: string[], io: CommandIo): Promise<number>;
}

/** Output streams, injectable so tests run commands in-process. */
export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
}

export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2, CONFIG: 78 } as const;

export const processIo: CommandIo = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
  env: process.env,
};

/** Thrown for bad arguments; main prints the message and the command's usage and exits 2. */
export class UsageError extends Error {}
