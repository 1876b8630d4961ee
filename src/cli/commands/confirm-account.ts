import { parseArgs } from 'node:util';
import { confirmAccountOnServer } from '../../accounts/account.service.js';
import { isAppError } from '../../shared/errors.js';
import { withContext } from '../boot.js';
import { EXIT, UsageError, type Command } from '../command.js';
import { cliActor } from './reset-account.js';

/**
 * A 三员 account issued in the console stays inactive until a second administrator confirms it. Where there
 * is no second security administrator, someone with shell access to the server confirms it here.
 */
export const confirmAccountCommand: Command = {
  name: 'confirm-account',
  summary: 'confirm an administrator (三员) account issued in the console, so that it can sign in',
  usage: [
    'usage: shixiang confirm-account --username NAME',
    '',
    'Activates a 三员 account that a security administrator issued in the console and that awaits a second',
    "administrator's confirmation. Audited as account.confirmed with the command-line actor.",
  ].join('\n'),
  async run(args, io) {
    const { values } = parseArgs({ args, options: { username: { type: 'string' } }, strict: true });
    if (!values.username) throw new UsageError('--username is required');
    return withContext(io, async (ctx) => {
      try {
        const account = await confirmAccountOnServer(
          { app: ctx, actor: cliActor(), meta: { userAgent: 'shixiang-cli' } },
          values.username!,
        );
        io.out(`account ${account.username} confirmed: it can sign in now`);
        return EXIT.OK;
      } catch (e) {
        if (isAppError(e)) {
          io.err(`confirm-account: ${e.message}`);
          return EXIT.USAGE;
        }
        throw e;
      }
    });
  },
};
