import { parseSharingPolicies } from './policy.parser';
import { SharingPolicyError, SharingReference } from './policy.schema';

const reference: SharingReference = {
  reporters: [{ iso3: 'PAN' }, { iso3: 'COL' }, { iso3: 'CRI' }, { iso3: 'MEX' }],
  indicators: [{ name: 'irregular_crossings' }, { name: 'arrivals_transit' }],
  places: [
    { id: 'darien', country: 'PAN', across: 'COL', corridors: ['darien_north'] },
    { id: 'paso_canoas', country: 'PAN', across: 'CRI', corridors: [] },
    { id: 'penas_blancas', country: 'CRI', across: 'NIC', corridors: [] },
    { id: 'tapachula', country: 'MEX', corridors: ['darien_north'] },
  ],
  recipients: [{ id: 'ops_col' }, { id: 'unhcr' }],
};

const policy = (
  rule: string,
  head = 'reporter: PAN\n    version: 1\n    effective: { from: 2025-01-01 }',
) => `policies:
  - ${head}
    rules:
      - indicators: all
        viewers: [{ group: neighbours }]
        granularity: place
        purposes: [early_warning]
${rule}`;

/** The problems a text is refused with, or [] when it is taken. */
function problems(text: string): readonly string[] {
  try {
    parseSharingPolicies(text, 'sharing.yaml', reference);
    return [];
  } catch (e) {
    if (!(e instanceof SharingPolicyError)) throw e;
    return e.problems;
  }
}

describe('parseSharingPolicies', () => {
  it('takes a valid policy and derives its neighbours from borders and corridors', () => {
    const parsed = parseSharingPolicies(policy(''), 'sharing.yaml', reference);
    expect(parsed.byReporter.get('PAN')![0].neighbours).toEqual(['COL', 'CRI', 'MEX']);
  });

  it('keeps a neighbours list the policy gives', () => {
    const head = 'reporter: PAN\n    version: 1\n    effective: { from: 2025-01-01 }\n    neighbours: [CRI]';
    const parsed = parseSharingPolicies(policy('', head), 'sharing.yaml', reference);
    expect(parsed.byReporter.get('PAN')![0].neighbours).toEqual(['CRI']);
  });

  it.each([
    [
      'an unknown recipient',
      '      - { indicators: all, viewers: [{ recipient: ops_xyz }], granularity: none }',
      10,
      /unknown recipient "ops_xyz"/,
    ],
    [
      'an unknown group',
      '      - { indicators: all, viewers: [{ group: friends }], granularity: none }',
      10,
      /unknown group "friends"/,
    ],
    [
      'an unknown indicator',
      '      - { indicators: [crossings], viewers: [{ group: public }], granularity: none }',
      10,
      /unknown indicator "crossings"/,
    ],
    [
      'an unknown disaggregation',
      '      - indicators: [arrivals_transit]\n        viewers: [{ group: public }]\n        granularity: national\n        purposes: [public_reporting]\n        disaggregations:\n          ethnicity: { allowed: true, minCell: 10 }',
      15,
      /unknown disaggregation "ethnicity"/,
    ],
    [
      'a minimum cell size below 1',
      '      - indicators: [arrivals_transit]\n        viewers: [{ group: public }]\n        granularity: national\n        purposes: [public_reporting]\n        disaggregations:\n          sex: { allowed: true, minCell: 0 }',
      15,
      /minCell: must be at least 1/,
    ],
    [
      'an unknown purpose',
      '      - { indicators: [arrivals_transit], viewers: [{ group: public }], granularity: national, purposes: [curiosity] }',
      10,
      /purposes\.0/,
    ],
    [
      'a rule that shares for no purpose',
      '      - { indicators: [arrivals_transit], viewers: [{ group: public }], granularity: national }',
      10,
      /grants at least one purpose/,
    ],
    [
      'two rules for the same viewers and indicators',
      '      - { indicators: all, viewers: [{ group: neighbours }], granularity: national, purposes: [early_warning] }',
      10,
      /rules 0 and 1 both set what group:neighbours sees of all indicators/,
    ],
    [
      'a viewer of no known shape',
      '      - { indicators: all, viewers: [{ kind: operations_centre }], granularity: none }',
      10,
      /a viewer is \{ recipient: <id> \}, \{ kind: state_operations_centre \| partner \}/,
    ],
  ])('refuses %s at its line', (_what, rule, line, message) => {
    const found = problems(policy(rule));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^sharing\\.yaml:${line}:\\d+: `));
    expect(found[0]).toMatch(message);
  });

  it('refuses an unknown reporter', () => {
    const found = problems(policy('', 'reporter: NIC\n    version: 1\n    effective: { from: 2025-01-01 }'));
    expect(found).toEqual([
      expect.stringMatching(/^sharing\.yaml:2:\d+: policies\.0\.reporter: NIC is not an endorsing state/),
    ]);
  });

  const versions = (first: string, second: string) => `policies:
  - reporter: PAN
    version: ${first}
  - reporter: PAN
    version: ${second}
`;

  it('refuses two policies of one reporter with the same version', () => {
    const text = versions('1\n    effective: { from: 2025-01-01 }', '1\n    effective: { from: 2025-06-01 }');
    expect(problems(text)).toEqual([
      expect.stringMatching(/^sharing\.yaml:6:\d+: .*PAN has version 1 twice/),
    ]);
  });

  it('refuses a version dated before the one in force before it', () => {
    const text = versions('1\n    effective: { from: 2025-06-01 }', '2\n    effective: { from: 2025-01-01 }');
    expect(problems(text)).toEqual([
      expect.stringMatching(
        /^sharing\.yaml:7:\d+: policies\.1\.effective\.from: version 2 of PAN takes effect on 2025-01-01, not after version 1 \(2025-06-01\)/,
      ),
    ]);
  });

  it('refuses a state named as its own neighbour, or one with no operations centre', () => {
    const head =
      'reporter: PAN\n    version: 1\n    effective: { from: 2025-01-01 }\n    neighbours: [PAN, NIC]';
    expect(problems(policy('', head))).toEqual([
      expect.stringMatching(/^sharing\.yaml:5:\d+: .*not its own neighbour/),
      expect.stringMatching(/^sharing\.yaml:5:\d+: .*NIC is not an endorsing state/),
    ]);
  });
});
