import { loadReference } from '@atalaya/reference/files';
import { parseRoutingFile } from '@atalaya/routing';
import { readFileSync } from 'node:fs';
import { entitlementOf } from '../entitlement/entitlement';
import { loadSharingPolicies } from './sharing.loader';

const reference = loadReference('deploy/catalogue');
const recipients = parseRoutingFile(readFileSync('deploy/catalogue/recipients.yaml', 'utf8')).recipients;
const policies = loadSharingPolicies('deploy/catalogue/sharing.yaml', { ...reference, recipients });

describe('deploy/catalogue/sharing.yaml', () => {
  it('gives every reporter of reporters.yaml a policy, and names no other', () => {
    expect([...policies.byReporter.keys()].sort()).toEqual(reference.reporters.map((r) => r.iso3).sort());
  });

  it("derives Panama's neighbours from its border points and the Darién corridor", () => {
    expect(policies.byReporter.get('PAN')![0].neighbours).toEqual(['COL', 'CRI', 'GTM', 'HND', 'MEX', 'USA']);
  });

  it('makes every pair of neighbours one both ways', () => {
    const pairs = [...policies.byReporter].flatMap(([reporter, [first]]) =>
      first.neighbours.map((n) => `${reporter}-${n}`),
    );
    const oneWay = pairs.filter((p) => !pairs.includes(p.split('-').reverse().join('-')));
    expect(oneWay).toEqual([]);
  });

  it('shares nothing with the public for early warning, and the monthly totals for public reporting', () => {
    const at = '2025-06-01T00:00:00Z';
    const early = entitlementOf(
      policies,
      { type: 'public' },
      'MEX',
      'asylum_applications',
      'early_warning',
      at,
    );
    expect(early).toMatchObject({ granted: false, reason: 'purpose-not-granted' });
    const published = entitlementOf(
      policies,
      { type: 'public' },
      'MEX',
      'asylum_applications',
      'public_reporting',
      at,
    );
    expect(published).toMatchObject({
      granted: true,
      granularity: 'national',
      embargo: 'P1M',
      disaggregations: {},
    });
  });
});
