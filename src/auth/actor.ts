import type { Role } from './roles.js';

/** Who is acting. Built by the authentication hook from a session or an API token; `public` for visitors. */
export interface Actor {
  kind: 'user' | 'token' | 'system' | 'public';
  /** User id (for tokens: the owning user's id); null for public/system. */
  id: string | null;
  name: string;
  roles: readonly Role[];
  unitId: string | null;
  /** Token scopes (API tokens only): actions the token may perform, a subset of its owner's. */
  scopes?: readonly string[];
  /** SM3 of the session id, for audit records (AUD-02: never the raw id). */
  sessionRef?: string;
}

/** Request facts recorded with every audit entry. */
export interface RequestMeta {
  ip?: string;
  userAgent?: string;
  requestId?: string;
}

export const PUBLIC_ACTOR: Actor = { kind: 'public', id: null, name: '公众', roles: [], unitId: null };

/** The actor for scheduled jobs and boot-time tasks. */
export const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, name: '系统', roles: [], unitId: null };

export const hasRole = (actor: Actor, ...roles: Role[]) => actor.roles.some((r) => roles.includes(r));

/** The role recorded in audit entries: the first held role, or the actor kind. */
export const primaryRole = (actor: Actor): string => actor.roles[0] ?? actor.kind;
