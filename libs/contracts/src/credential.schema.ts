import { Reporter } from './primitives.schema';

/**
 * Who holds an API key, and what it may do (docs/api.md, "Access"): an `agency` sends its state's signals
 * and reads its own data; a `recipient` (an operations centre, a partner) reads the alerts routed to it,
 * acknowledges them and reports its actions; an `analyst` (the Technical Secretariat, a partner's analysts)
 * reads every alert and manages silences; an `admin` manages keys and recipients.
 */
export const roles = ['agency', 'recipient', 'analyst', 'admin'] as const;
export type Role = (typeof roles)[number];

/** What a key may do, route by route. A key holds every scope of its role unless issued with fewer. */
export const scopes = [
  'signals:write',
  'audit:read',
  'alerts:read',
  'acks:write',
  'actions:write',
  'figures:read',
  'catalogue:read',
  'endorsements:write',
  'silences:write',
  'status:read',
  'recipients:admin',
  'notifications:admin',
] as const;
export type Scope = (typeof scopes)[number];

/** The scopes each role may hold. */
export const roleScopes: Readonly<Record<Role, readonly Scope[]>> = {
  agency: ['signals:write', 'audit:read', 'alerts:read', 'catalogue:read', 'status:read'],
  recipient: [
    'alerts:read',
    'acks:write',
    'actions:write',
    'figures:read',
    'catalogue:read',
    'endorsements:write',
    'silences:write',
    'status:read',
  ],
  analyst: ['alerts:read', 'figures:read', 'catalogue:read', 'silences:write', 'status:read'],
  admin: ['alerts:read', 'catalogue:read', 'status:read', 'recipients:admin', 'notifications:admin'],
};

interface KeyHolder {
  /** The key's id, for the audit of what a request records. */
  readonly keyId: string;
  /** Who holds it, as issued (`--label`). */
  readonly label: string;
  readonly scopes: readonly Scope[];
}

/** The holder of a presented key, as every route sees it. */
export type Principal =
  | (KeyHolder & { readonly role: 'agency'; readonly reporter: Reporter })
  | (KeyHolder & { readonly role: 'recipient'; readonly recipientId: string })
  /** An analyst reads figures as the organisation it works for (a recipient), under the sharing policies. */
  | (KeyHolder & { readonly role: 'analyst'; readonly recipientId: string })
  | (KeyHolder & { readonly role: 'admin' });

/** Scopes a role may not hold, from a list asked for at issue: empty when the list is fine. */
export function scopesBeyond(role: Role, asked: readonly string[]): string[] {
  return asked.filter((s) => !(roleScopes[role] as readonly string[]).includes(s));
}
