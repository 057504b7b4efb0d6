import { readFileSync } from 'node:fs';
import { parseSharingPolicies } from '../policy/policy.parser';
import { SharingPolicies, SharingPolicyError, SharingReference } from '../policy/policy.schema';

/**
 * Reads and checks `sharing.yaml` against the reference data and the recipients. Throws a SharingPolicyError
 * naming every problem at its file and line; a service that shares figures refuses to start on one.
 */
export function loadSharingPolicies(path: string, reference: SharingReference): SharingPolicies {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SharingPolicyError([`${path}: cannot be read (${(e as Error).message})`], path);
  }
  return parseSharingPolicies(text, path, reference);
}
