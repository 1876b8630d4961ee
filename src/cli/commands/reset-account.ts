import os from 'node:os';
import { parseArgs } from 'node:util';
import { recoverAccount } from '../../accounts/account.service.js';
import type { Actor } from '../../auth/actor.js';
import { migrateToLatest } from '../../db/migrate.js';
import { isAppError } from '../../shared/errors.js';
import { withContext } from '../boot.js';
import { EXIT, UsageError, type Command } from '../command.js';

/** Who acts when an operator runs a command on the server: recorded in the audit trail as such. */
export function cliActor(): Actor {
  let login = 'unknown';
  try {
    login = os.userInfo().username;
  } catch {
    // no passwd entry (some containers): keep "unknown"
  }
  return { kind: 'system', id: null, name: `命令行（${login}@${os.hostname()}）`, roles: [], unitId: null };
}

/**
 * Recovery of an account on the server. The 三员 accounts cannot be reset in the console (one administrator
 * must not be able to take over another's interface, AC-06), so a forgotten password, a lost authenticator
 * or a lockout of an administrator is handled here, by someone with shell access to the server.
 */
export const resetAccountCommand: Command = {
  name: 'reset-account',
  summary: 'recover an account from the server console: new one-time password, optionally unlock and reset TOTP',
  usage: [
    'usage: shixiang reset-account --username NAME [--unlock] [--reset-mfa]',
    '',
    'Issues a new one-time password (printed once; valid 72 h by default, must be changed at next sign-in) and',
    "ends the account's sessions. --unlock also lifts a lockout; --reset-mfa also clears the TOTP binding (the",
    'account enrols again at next sign-in). The only way to recover a 三员 (sysadmin, secadmin, auditadmin) account.',
    'Every step is audited with the command-line actor.',
  ].join('\n'),
  async run(args, io) {
    let values: { username?: string; unlock?: boolean; 'reset-mfa'?: boolean };
    try {
      ({ values } = parseArgs({
        args,
        options: { username: { type: 'string' }, unlock: { type: 'boolean' }, 'reset-mfa': { type: 'boolean' } },
        strict: true,
      }));
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    if (!values.username) throw new UsageError('--username is required');
    return withContext(io, async (ctx) => {
      await migrateToLatest(ctx.db);
      try {
        const { account, initialPassword } = await recoverAccount(
          { app: ctx, actor: cliActor(), meta: { userAgent: 'shixiang-cli' } },
          values.username!,
          {
            unlock: values.unlock ?? false,
            resetMfa: values['reset-mfa'] ?? false,
          },
        );
        const done = [
          'password reset',
          ...(values.unlock ? ['unlocked'] : []),
          ...(values['reset-mfa'] ? ['TOTP cleared'] : []),
        ].join(', ');
        io.out(
          `account ${account.username}: ${done}; sessions ended; one-time password (shown once): ${initialPassword}`,
        );
        if (account.status !== 'active')
          io.err(`note: account ${account.username} is disabled; it cannot sign in until it is enabled again`);
        return EXIT.OK;
      } catch (e) {
        if (isAppError(e) && e.code === 'NOT_FOUND') {
          io.err(`reset-account: no account named ${values.username}`);
          return EXIT.USAGE;
        }
        throw e;
      }
    });
  },
};
