import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AUDIT_ACTIONS } from '../audit/actions.js';
import { POLICY } from './policy.js';
import { ALL_ROLES, ROLES } from './roles.js';
import { codesOf } from '../domain/enums.js';

/**
 * docs/security.md is written by hand except for two generated sections: the role × action table (from
 * POLICY) and the list of audited events (from AUDIT_ACTIONS). `npm run docs` rewrites them between their
 * markers; a test fails when the committed file differs, so the documentation cannot drift from the policy.
 */
export const SECURITY_DOC_URL = new URL('../../docs/security.md', import.meta.url);

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** Which role may perform which action: one row per action, ● where the policy allows it. */
export function renderPolicyTable(): string {
  const header = `| Action | What | ${ALL_ROLES.map((r) => `${ROLES[r]}<br>\`${r}\``).join(' | ')} |`;
  const rows = codesOf(POLICY).map((action) => {
    const allowed: readonly string[] = POLICY[action].roles;
    return `| \`${action}\` | ${cell(POLICY[action].summary)} | ${ALL_ROLES.map((r) => (allowed.includes(r) ? '●' : '')).join(' | ')} |`;
  });
  return [header, `|---|---|${ALL_ROLES.map(() => ':-:').join('|')}|`, ...rows].join('\n');
}

/** Every audited event, in the order of the closed list. */
export function renderAuditActions(): string {
  return [
    '| Event | 名称 |',
    '|---|---|',
    ...Object.entries(AUDIT_ACTIONS).map(([code, name]) => `| \`${code}\` | ${name} |`),
  ].join('\n');
}

const SECTIONS: Record<string, () => string> = {
  'policy-table': renderPolicyTable,
  'audit-actions': renderAuditActions,
};

const begin = (name: string) => `<!-- BEGIN GENERATED ${name} (npm run docs; do not edit by hand) -->`;
const end = (name: string) => `<!-- END GENERATED ${name} -->`;

/** The document with every generated section replaced by its current rendering. Throws when a marker is missing. */
export function withGeneratedSections(doc: string): string {
  let out = doc;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const from = out.indexOf(begin(name));
    const to = out.indexOf(end(name));
    if (from < 0 || to < from)
      throw new Error(`docs/security.md: markers for the generated section "${name}" are missing`);
    out = `${out.slice(0, from + begin(name).length)}\n${render()}\n${out.slice(to)}`;
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = fileURLToPath(SECURITY_DOC_URL);
  writeFileSync(file, withGeneratedSections(readFileSync(file, 'utf8')));
  console.log(`wrote ${file}`);
}
