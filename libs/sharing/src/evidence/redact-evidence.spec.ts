import { Evidence } from '@atalaya/contracts';
import { fixturePolicies as policies, viewers } from '../testing/sharing.fixtures';
import { redactEvidence } from './redact-evidence';

const at = '2025-08-15T00:00:00Z';
const june = { start: '2025-06-01', end: '2025-06-30' };
const countryOf = (place: string) => ({ darien: 'PAN', tapachula: 'MEX' })[place];

const anomaly: Evidence = {
  value: 31000,
  period: june,
  threshold: 3,
  comparison: 'above',
  signalId: 'pan-snm-2025-06-darien',
  measure: 4.2,
  baseline: 21000,
};
const darienSeries = 'PAN/irregular_crossings/PAN/-/darien';

describe('redactEvidence', () => {
  it('leaves the evidence whole for a viewer who may see the place figure', () => {
    const redacted = redactEvidence(
      policies,
      { viewer: viewers.colombia, purpose: 'early_warning', at },
      { seriesKey: darienSeries, evidence: anomaly },
      { type: 'seasonal_anomaly' },
      countryOf,
    );
    expect(redacted.evidence).toEqual(anomaly);
    expect(redacted.omissions).toEqual([]);
    expect(redacted.policies).toEqual([{ basis: 'policy', reporter: 'PAN', version: 1, rule: 0 }]);
  });

  it('keeps the reasoning and drops the place figures for an admin-1 viewer', () => {
    const redacted = redactEvidence(
      policies,
      { viewer: viewers.iom, purpose: 'early_warning', at },
      { seriesKey: darienSeries, evidence: anomaly },
      { type: 'seasonal_anomaly' },
      countryOf,
    );
    const { value: _value, baseline: _baseline, ...reasoning } = anomaly;
    expect(redacted.evidence).toEqual(reasoning);
    expect(redacted.omissions.map((o) => [o.field, o.reason])).toEqual([
      ['value', 'finer-than-allowed'],
      ['baseline', 'finer-than-allowed'],
    ]);
  });

  it("drops a measure that is itself a count: an absolute change, a sustained condition's level", () => {
    const change = { ...anomaly, measure: 10000 };
    const redacted = redactEvidence(
      policies,
      { viewer: viewers.iom, purpose: 'early_warning', at },
      { seriesKey: darienSeries, evidence: change },
      { type: 'rate_of_change', mode: 'absolute' },
      countryOf,
    );
    expect(redacted.evidence.measure).toBeUndefined();
    expect(redacted.evidence.threshold).toBe(3);
  });

  it('keeps every field of a national figure for a national viewer once the embargo has passed', () => {
    const national = 'PAN/irregular_crossings/PAN/-/-';
    const request = { viewer: viewers.public, purpose: 'public_reporting', at } as const;
    const evidence = { ...anomaly, measure: undefined, baseline: undefined };
    const shown = redactEvidence(
      policies,
      request,
      { seriesKey: national, evidence },
      { type: 'threshold' },
      countryOf,
    );
    expect(shown.evidence.value).toBe(31000);
    const early = { ...request, at: '2025-07-15T00:00:00Z' };
    const held = redactEvidence(
      policies,
      early,
      { seriesKey: national, evidence },
      { type: 'threshold' },
      countryOf,
    );
    expect(held.evidence.value).toBeUndefined();
    expect(held.omissions).toEqual([expect.objectContaining({ field: 'value', reason: 'embargoed' })]);
  });

  it("shows a corridor composite's members' values only where their own reporter lets the viewer see them", () => {
    const composite: Evidence = {
      value: 2,
      period: june,
      threshold: 2,
      comparison: 'above',
      signalId: 'mex-2025-06-tapachula',
      measure: 2,
      members: [
        { place: 'darien', indicator: 'irregular_crossings', value: 31000, period: june, lagDays: 38 },
        { place: 'tapachula', indicator: 'irregular_crossings', value: 9000, period: june, lagDays: 22 },
      ],
    };
    const redacted = redactEvidence(
      policies,
      { viewer: viewers.colombia, purpose: 'early_warning', at },
      { seriesKey: 'corridor/darien_north', evidence: composite },
      { type: 'corridor_composite' },
      countryOf,
    );
    expect(redacted.evidence.value).toBe(2);
    expect(redacted.evidence.members).toEqual([
      composite.members![0],
      { place: 'tapachula', indicator: 'irregular_crossings', period: june, lagDays: 22 },
    ]);
    expect(redacted.omissions).toEqual([
      expect.objectContaining({ field: 'members.1.value', reason: 'finer-than-allowed' }),
    ]);
  });
});
