import { parseLocatedWith } from '@atalaya/reference';
import { derivedNeighbours } from './neighbours';
import { policyProblems } from './policy.references';
import {
  ResolvedPolicy,
  sharingFileSchema,
  SharingPolicies,
  SharingPolicyError,
  SharingReference,
} from './policy.schema';

/**
 * Reads `sharing.yaml` and checks it against the reference data and the recipients. Every problem is
 * reported as `file:line:column: path: message`. The result has each policy's neighbours resolved, so the
 * engine needs nothing else.
 */
export function parseSharingPolicies(
  text: string,
  source: string,
  reference: SharingReference,
): SharingPolicies {
  const checked = parseLocatedWith(text, source, sharingFileSchema);
  if ('problems' in checked) throw new SharingPolicyError(checked.problems, source);
  const problems = policyProblems(checked.value, reference);
  if (problems.length > 0)
    throw new SharingPolicyError(
      problems.map((p) => `${checked.where(p.path)}: ${p.path.join('.')}: ${p.message}`),
      source,
    );
  const byReporter = new Map<string, ResolvedPolicy[]>();
  for (const policy of checked.value.policies) {
    const resolved = {
      ...policy,
      neighbours: policy.neighbours ?? derivedNeighbours(policy.reporter, reference),
    };
    byReporter.set(policy.reporter, [...(byReporter.get(policy.reporter) ?? []), resolved]);
  }
  for (const list of byReporter.values()) list.sort((a, b) => a.version - b.version);
  return { byReporter };
}
