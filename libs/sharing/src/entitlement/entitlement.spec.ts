import { fixturePolicies as policies, viewers } from '../testing/sharing.fixtures';
import { embargoEndsAt, underEmbargo } from './embargo';
import { entitlementOf, policyInForce } from './entitlement';

const v1 = '2025-06-15T12:00:00Z';
const v2 = '2026-03-01T00:00:00Z';

describe('entitlementOf', () => {
  it("gives a neighbour's operations centre place-level figures by nationality, under version 1", () => {
    expect(
      entitlementOf(policies, viewers.colombia, 'PAN', 'irregular_crossings', 'early_warning', v1),
    ).toEqual({
      granted: true,
      granularity: 'place',
      disaggregations: { nationality: { minCell: 10 } },
      retention: 'P1Y',
      policy: { basis: 'policy', reporter: 'PAN', version: 1, rule: 0 },
    });
  });

  it('applies the version in force at the instant asked about', () => {
    expect(policyInForce(policies, 'PAN', '2025-12-31T23:59:59Z')?.version).toBe(1);
    expect(policyInForce(policies, 'PAN', '2026-01-01T00:00:00Z')?.version).toBe(2);
    expect(
      entitlementOf(policies, viewers.colombia, 'PAN', 'irregular_crossings', 'early_warning', v2),
    ).toMatchObject({
      disaggregations: { nationality: { minCell: 10 }, sex: { minCell: 5 } },
      policy: { version: 2 },
    });
  });

  it('refuses a purpose the rules do not grant, saying which they grant', () => {
    expect(
      entitlementOf(policies, viewers.iom, 'PAN', 'irregular_crossings', 'response_planning', v1),
    ).toEqual({
      granted: false,
      reason: 'purpose-not-granted',
      message:
        "PAN's policy (version 1) does not grant iom irregular_crossings for response_planning; it grants early_warning, public_reporting",
    });
  });

  it('lets a viewer named by id override its kind for that purpose, and keeps its kind for the others', () => {
    expect(
      entitlementOf(policies, viewers.unhcr, 'PAN', 'arrivals_transit', 'response_planning', v2),
    ).toMatchObject({
      granted: true,
      granularity: 'place',
      policy: { rule: 2 },
    });
    expect(
      entitlementOf(policies, viewers.unhcr, 'PAN', 'arrivals_transit', 'early_warning', v2),
    ).toMatchObject({
      granted: true,
      granularity: 'admin1',
      policy: { rule: 1 },
    });
  });

  it('ranks the neighbours group above a kind, and a named indicator above all at equal rank', () => {
    // Version 2: other states see national figures, neighbours place-level ones; the public sees everything
    // national but asylum applications.
    expect(
      entitlementOf(policies, viewers.argentina, 'PAN', 'asylum_applications', 'early_warning', v2),
    ).toMatchObject({
      granted: true,
      granularity: 'national',
      policy: { rule: 5 },
    });
    expect(
      entitlementOf(policies, viewers.colombia, 'PAN', 'asylum_applications', 'early_warning', v2),
    ).toMatchObject({
      granted: true,
      granularity: 'place',
    });
    expect(
      entitlementOf(policies, viewers.public, 'PAN', 'asylum_applications', 'public_reporting', v2),
    ).toMatchObject({
      granted: false,
      reason: 'not-shared',
      policy: { version: 2, rule: 4 },
    });
    expect(
      entitlementOf(policies, viewers.public, 'PAN', 'arrivals_transit', 'public_reporting', v2),
    ).toMatchObject({
      granted: true,
      granularity: 'national',
      embargo: 'P1M',
    });
  });

  it('counts every recipient in the public: a neighbour asking for public reporting gets what the public gets', () => {
    expect(
      entitlementOf(policies, viewers.colombia, 'PAN', 'irregular_crossings', 'public_reporting', v1),
    ).toMatchObject({
      granted: true,
      granularity: 'national',
      policy: { rule: 2 },
    });
  });

  it('denies by default a viewer no rule names', () => {
    expect(
      entitlementOf(policies, viewers.argentina, 'MEX', 'asylum_applications', 'response_planning', v1),
    ).toMatchObject({
      granted: false,
      reason: 'purpose-not-granted',
    });
    expect(entitlementOf(policies, viewers.iom, 'MEX', 'asylum_applications', 'early_warning', v1)).toEqual({
      granted: false,
      reason: 'no-rule',
      message: "MEX's policy (version 1) shares nothing of asylum_applications with iom",
    });
  });

  it('shares nothing of a reporter with no policy in force, before its first version or ever', () => {
    expect(
      entitlementOf(policies, viewers.mexico, 'COL', 'irregular_crossings', 'early_warning', v1),
    ).toMatchObject({
      granted: false,
      reason: 'no-policy',
    });
    expect(
      entitlementOf(
        policies,
        viewers.colombia,
        'PAN',
        'irregular_crossings',
        'early_warning',
        '2024-12-31T00:00:00Z',
      ),
    ).toMatchObject({
      granted: false,
      reason: 'no-policy',
    });
  });

  it("shows a state's own operations centre its own figures whole, policy or none", () => {
    expect(
      entitlementOf(
        policies,
        viewers.panama,
        'PAN',
        'irregular_crossings',
        'response_planning',
        '2020-01-01T00:00:00Z',
      ),
    ).toEqual({
      granted: true,
      granularity: 'place',
      disaggregations: { nationality: { minCell: 1 }, sex: { minCell: 1 }, ageBand: { minCell: 1 } },
      policy: { basis: 'own-data', reporter: 'PAN' },
    });
  });
});

describe('the embargo', () => {
  const march = { start: '2025-03-01', end: '2025-03-31' };

  it('counts from the end of the period and lifts on the day it ends', () => {
    expect(embargoEndsAt({ embargo: 'P1M' }, march)).toBe('2025-05-01T00:00:00Z');
    expect(underEmbargo({ embargo: 'P1M' }, march, '2025-04-30T23:59:59Z')).toBe(true);
    expect(underEmbargo({ embargo: 'P1M' }, march, '2025-05-01T00:00:00Z')).toBe(false);
  });

  it('holds nothing back without an embargo', () => {
    expect(underEmbargo({}, march, '2025-03-31T00:00:00Z')).toBe(false);
  });
});
