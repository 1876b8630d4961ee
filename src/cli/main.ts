#!/usr/bin/env node
import { pathToFileURL } from 'node:url';
import { EXIT, processIo, UsageError, type Command, type CommandIo } from './command.js';
import { COMMANDS } from './commands/index.js';

/** `shixiang <command> [args]`: dispatches to one of COMMANDS. Returns the exit code. */
export async function runCli(argv: string[], io: CommandIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(helpText());
    return name ? EXIT.OK : EXIT.USAGE;
  }
  const command = COMMANDS.find((c: Command) => c.name === name);
  if (!command) {
    io.err(`shixiang: unknown command "${name}"\n\n${helpText()}`);
    return EXIT.USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return EXIT.OK;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`shixiang ${name}: ${e.message}\n\n${command.usage}`);
      return EXIT.USAGE;
    }
    throw e;
  }
}

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: shixiang <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `shixiang <command> --help` for the options of one command.',
  ].join('\n');
}

/** Runs the CLI for this process: sets the exit code, or reports a crash. Used by bin/shixiang.js and `node main.js`. */
export function main(argv: string[] = process.argv.slice(2)): void {
  runCli(argv).then(
    (code) => {
      // Long-running commands (serve, start) keep the event loop alive themselves and never resolve here.
      process.exitCode = code;
    },
    (err) => {
      processIo.err(`shixiang: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exitCode = 1;
    },
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
