import { parseResponsesFile, parseRoutingFile } from '../catalogue/routing.parser';
import { routingConfigOf } from '../dispatch/routing.config';
import { CORRIDOR, DARIEN, eventOf, levels, lookups, TAPACHULA } from '../testing/routing.fixtures';
import { alertAudience, inStreamScope, reporterOfSeries, StreamAudience } from './stream.audience';

const routing = parseRoutingFile(`
recipients:
  - { id: ops_pan, name: Panamá, kind: state_operations_centre, state: PAN, languages: [es], channels: [{ type: kafka }] }
  - { id: ops_mex, name: México, kind: state_operations_centre, state: MEX, languages: [es], channels: [{ type: kafka }] }
  - { id: iom, name: IOM, kind: partner, languages: [en], channels: [{ type: kafka }] }
  - { id: secretariat, name: Secretariat, kind: partner, languages: [en], channels: [{ type: kafka }] }
route:
  receivers: [secretariat]
  routes:
    - { id: pan, match: { state: PAN }, receivers: [ops_pan], continue: true }
    - { id: mex, match: { state: MEX }, receivers: [ops_mex], continue: true }
    - { id: corridor, match: { corridor: darien_north }, receivers: [iom], pending: true }
`);
const catalogue = {
  triggers: Object.entries(levels).map(([id, names]) => ({ id, levels: names.map((name) => ({ name })) })),
};
const config = routingConfigOf(routing, parseResponsesFile('responses: {}'), lookups, catalogue);

const recipientsOf = (audience: StreamAudience | undefined) => [...(audience?.recipients ?? [])].sort();

describe('alertAudience', () => {
  it('is the receivers of every route the tree sends the event to, and the series’ state', () => {
    const audience = alertAudience(config, eventOf(DARIEN));
    expect(audience?.reporter).toBe('PAN');
    expect(recipientsOf(audience)).toEqual(['iom', 'ops_pan']);
    expect(recipientsOf(alertAudience(config, eventOf(TAPACHULA)))).toEqual(['iom', 'ops_mex']);
  });

  it('has no reporting state for a corridor composite, and reaches every state on its route', () => {
    const audience = alertAudience(config, eventOf(CORRIDOR));
    expect(audience?.reporter).toBeNull();
    expect(recipientsOf(audience)).toEqual(['iom', 'ops_mex', 'ops_pan']);
  });

  it('sends a pending announcement only to the routes that ask for them', () => {
    expect(recipientsOf(alertAudience(config, eventOf(DARIEN, { type: 'pending' })))).toEqual(['iom']);
  });

  it('keeps routing a resolution where the alert was routed, by the level it ends from', () => {
    const resolved = eventOf(TAPACHULA, { type: 'resolved', previousLevel: 'warning' });
    expect(recipientsOf(alertAudience(config, resolved))).toEqual(['iom', 'ops_mex']);
  });

  it('never shows a shadow trigger’s event', () => {
    expect(alertAudience(config, eventOf(DARIEN, { shadow: true }))).toBeUndefined();
  });

  it('leaves out a receiver no longer among the recipients in force', () => {
    const without = { ...config, recipients: new Map([...config.recipients].filter(([id]) => id !== 'iom')) };
    expect(recipientsOf(alertAudience(without, eventOf(DARIEN)))).toEqual(['ops_pan']);
  });

  it('routes an event on a series routing cannot place to no recipient', () => {
    const audience = alertAudience(config, eventOf('somewhere/else'));
    expect(audience).toEqual({ reporter: null, recipients: new Set() });
  });
});

describe('inStreamScope', () => {
  const audience: StreamAudience = { reporter: 'PAN', recipients: new Set(['ops_pan', 'iom']) };

  it('lets analysts and operators see everything', () => {
    expect(inStreamScope({ kind: 'all' }, { reporter: null, recipients: new Set() })).toBe(true);
  });

  it('lets a recipient see what is routed to it, and nothing else', () => {
    expect(inStreamScope({ kind: 'routed', recipientId: 'iom' }, audience)).toBe(true);
    expect(inStreamScope({ kind: 'routed', recipientId: 'ops_mex' }, audience)).toBe(false);
  });

  it('lets an agency see its own state’s series only', () => {
    expect(inStreamScope({ kind: 'reporter', reporter: 'PAN' }, audience)).toBe(true);
    expect(inStreamScope({ kind: 'reporter', reporter: 'MEX' }, audience)).toBe(false);
    expect(inStreamScope({ kind: 'reporter', reporter: 'PAN' }, { ...audience, reporter: null })).toBe(false);
  });
});

describe('reporterOfSeries', () => {
  it('reads the state from a state’s series key only', () => {
    expect(reporterOfSeries('HND/irregular_entries/HND/-/-')).toBe('HND');
    expect(reporterOfSeries('corridor/darien_north')).toBeNull();
    expect(reporterOfSeries('silence/HND')).toBeNull();
  });
});
