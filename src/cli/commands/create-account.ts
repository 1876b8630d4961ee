import { parseArgs } from 'node:util';
import { issueAccount } from '../../accounts/account.service.js';
import { SYSTEM_ACTOR } from '../../auth/actor.js';
import { isRole } from '../../auth/roles.js';
import { migrateToLatest } from '../../db/migrate.js';
import { isAppError } from '../../shared/errors.js';
import { withContext } from '../boot.js';
import { EXIT, UsageError, type Command } from '../command.js';

/**
 * Bootstrap: the first security administrator has to come from somewhere that is not the web UI. Run on
 * the server; the one-time password is printed once and must be changed at first sign-in.
 */
export const createAccountCommand: Command = {
  name: 'create-account',
  summary: 'issue an account from the server console (bootstrap the first administrators)',
  usage: [
    'usage: shixiang create-account --username NAME --name DISPLAY --role ROLE [--role ROLE] [--unit UNIT_ID]',
    '',
    'Roles: unit_clerk unit_reviewer verifier publisher supervisor sysadmin secadmin auditadmin.',
    'Prints a one-time initial password (valid 72 h, must be changed at first sign-in).',
  ].join('\n'),
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        username: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string', multiple: true },
        unit: { type: 'string' },
      },
      strict: true,
    });
    if (!values.username || !values.name || !values.role?.length)
      throw new UsageError('--username, --name and at least one --role are required');
    const roles = values.role.filter(isRole);
    const bad = values.role.filter((r) => !isRole(r));
    if (bad.length) throw new UsageError(`unknown role ${bad.join(', ')}`);
    return withContext(io, async (ctx) => {
      await migrateToLatest(ctx.db);
      try {
        const issued = await issueAccount(
          { app: ctx, actor: SYSTEM_ACTOR, meta: { userAgent: 'shixiang-cli' } },
          {
            username: values.username!,
            displayName: values.name!,
            unitId: values.unit ?? null,
            roles,
          },
        );
        io.out(`account ${issued.account.username} created; one-time password (shown once): ${issued.initialPassword}`);
        return EXIT.OK;
      } catch (e) {
        if (isAppError(e)) {
          io.err(`create-account: ${e.message}`);
          return EXIT.USAGE;
        }
        throw e;
      }
    });
  },
};
