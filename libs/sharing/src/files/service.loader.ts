import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { SharingPolicies, SharingReference } from '../policy/policy.schema';
import { loadSharingPolicies } from './sharing.loader';

/**
 * The sharing policies as a service loads them: checked against the reference data and the recipients it
 * serves. A rule naming a recipient it does not know (a registry that differs from the catalogue's file) is
 * kept and matches nobody here; `unknown` hears of each such name, for the service's log. `atalaya sharing
 * validate` holds the file to the catalogue's recipients.
 */
export function loadSharingPoliciesFor(
  path: string,
  reference: Omit<SharingReference, 'recipients'>,
  recipients: readonly { readonly id: string }[],
  unknown: (ids: readonly string[]) => void,
): SharingPolicies {
  const known = new Set(recipients.map((r) => r.id));
  const named = namedRecipients(path).filter((id) => !known.has(id));
  if (named.length > 0) unknown(named);
  return loadSharingPolicies(path, {
    ...reference,
    recipients: [...recipients, ...named.map((id) => ({ id }))],
  });
}

/** The recipient ids a policy file names in its rules, read before it is checked. */
function namedRecipients(path: string): string[] {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
  const ids = new Set<string>();
  const policies = (doc as { policies?: unknown } | null)?.policies;
  for (const p of Array.isArray(policies) ? policies : []) {
    const rules = (p as { rules?: unknown } | null)?.rules;
    for (const r of Array.isArray(rules) ? rules : []) {
      const viewers = (r as { viewers?: unknown } | null)?.viewers;
      for (const v of Array.isArray(viewers) ? viewers : []) {
        const id = (v as { recipient?: unknown } | null)?.recipient;
        if (typeof id === 'string') ids.add(id);
      }
    }
  }
  return [...ids];
}
