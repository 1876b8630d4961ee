import { inTransaction, type UseCaseContext } from '../app/use-case.js';
import { authorize } from '../auth/policy.js';
import { errors } from '../shared/errors.js';
import { schemaIssues } from '../shared/schema-issues.js';
import { readSecuritySettings, writeSecuritySettings, type SecuritySettings } from './security-settings.js';
import { SecuritySettingsBody } from './security-settings.schema.js';

/**
 * The 安全管理员 changes the password, lockout, session and TOTP policy (8.1.5.3 b). One function for the
 * JSON API and the console, so both validate the same way and write the same audit record (before and
 * after values in the details, AC-08). Takes effect at the next sign-in or request; nothing is cached.
 */
export async function updateSecuritySettings(uc: UseCaseContext, input: unknown): Promise<SecuritySettings> {
  authorize(uc.actor, 'security.policy');
  const issues = schemaIssues(SecuritySettingsBody, input);
  if (issues.length) throw errors.validation(issues);
  const after = input as SecuritySettings;
  return inTransaction(uc, async (trx, audit) => {
    const before = await readSecuritySettings(trx);
    await writeSecuritySettings(trx, after, uc.app.clock.now().toISOString(), uc.actor.id);
    await audit({
      action: 'security.policy_changed',
      target: { type: 'settings', id: 'security' },
      before,
      after,
      details: { before, after },
    });
    return after;
  });
}

/** The current settings, for the 安全管理员's page and API. */
export async function getSecuritySettings(uc: UseCaseContext): Promise<SecuritySettings> {
  authorize(uc.actor, 'security.policy');
  return readSecuritySettings(uc.app.db.kysely);
}
