import { parseSharingPolicies } from '../policy/policy.parser';
import { SharingReference } from '../policy/policy.schema';
import { Viewer } from '../entitlement/viewer';

export const fixtureReference: SharingReference = {
  reporters: [{ iso3: 'PAN' }, { iso3: 'COL' }, { iso3: 'MEX' }, { iso3: 'ARG' }],
  indicators: [
    { name: 'irregular_crossings' },
    { name: 'arrivals_transit' },
    { name: 'asylum_applications' },
  ],
  places: [
    { id: 'darien', country: 'PAN', across: 'COL', corridors: ['darien_north'] },
    { id: 'san_vicente', country: 'PAN', corridors: [] },
    { id: 'lajas_blancas', country: 'PAN', corridors: [] },
    { id: 'paso_canoas', country: 'PAN', across: 'CRI', corridors: ['darien_north'] },
    { id: 'tapachula', country: 'MEX', corridors: ['darien_north'] },
    { id: 'southwest_border', country: 'USA', across: 'MEX', corridors: ['darien_north'] },
  ],
  recipients: [{ id: 'ops_col' }, { id: 'ops_mex' }, { id: 'ops_arg' }, { id: 'iom' }, { id: 'unhcr' }],
};

export const admin1Of: Record<string, string | undefined> = {
  darien: 'PA-5',
  san_vicente: 'PA-5',
  lajas_blancas: 'PA-EM',
  paso_canoas: 'PA-4',
  tapachula: 'MX-CHP',
  southwest_border: undefined,
};

/**
 * Panama's policy of the tests: version 1 from 2025-01-01, version 2 from 2026-01-01 (adds UNHCR by name and
 * withholds asylum applications from the public, shows other states national figures). Colombia has none.
 */
export const fixturePolicies = parseSharingPolicies(
  `policies:
  - reporter: PAN
    version: 1
    effective: { from: 2025-01-01 }
    rules:
      - indicators: all
        viewers: [{ group: neighbours }]
        granularity: place
        purposes: [early_warning, response_planning]
        disaggregations: { nationality: { allowed: true, minCell: 10 } }
        retention: P1Y
      - indicators: all
        viewers: [{ group: partners }]
        granularity: admin1
        purposes: [early_warning]
        retention: P6M
      - indicators: all
        viewers: [{ group: public }]
        granularity: national
        purposes: [public_reporting]
        embargo: P1M
  - reporter: PAN
    version: 2
    effective: { from: 2026-01-01 }
    rules:
      - indicators: all
        viewers: [{ group: neighbours }]
        granularity: place
        purposes: [early_warning, response_planning]
        disaggregations:
          nationality: { allowed: true, minCell: 10 }
          sex: { allowed: true, minCell: 5 }
        retention: P1Y
      - indicators: all
        viewers: [{ kind: partner }]
        granularity: admin1
        purposes: [early_warning]
        disaggregations: { nationality: { allowed: true, minCell: 10 } }
      - indicators: [arrivals_transit]
        viewers: [{ recipient: unhcr }]
        granularity: place
        purposes: [response_planning]
      - indicators: all
        viewers: [{ group: public }]
        granularity: national
        purposes: [public_reporting]
        embargo: P1M
      - indicators: [asylum_applications]
        viewers: [{ group: public }]
        granularity: none
      - indicators: all
        viewers: [{ kind: state_operations_centre }]
        granularity: national
        purposes: [early_warning]
  - reporter: MEX
    version: 1
    effective: { from: 2025-01-01 }
    neighbours: []
    rules:
      - indicators: all
        viewers: [{ kind: state_operations_centre }]
        granularity: national
        purposes: [early_warning]
`,
  'sharing.yaml',
  fixtureReference,
);

export const viewers = {
  colombia: { type: 'recipient', id: 'ops_col', kind: 'state_operations_centre', state: 'COL' },
  mexico: { type: 'recipient', id: 'ops_mex', kind: 'state_operations_centre', state: 'MEX' },
  argentina: { type: 'recipient', id: 'ops_arg', kind: 'state_operations_centre', state: 'ARG' },
  panama: { type: 'recipient', id: 'ops_pan', kind: 'state_operations_centre', state: 'PAN' },
  iom: { type: 'recipient', id: 'iom', kind: 'partner' },
  unhcr: { type: 'recipient', id: 'unhcr', kind: 'partner' },
  public: { type: 'public' },
} satisfies Record<string, Viewer>;
