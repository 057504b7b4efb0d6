import { parseResponsesFile, parseRoutingFile } from './routing.parser';
import { RoutingCatalogueError, RoutingReference } from './routing.schema';

const reference: RoutingReference = {
  reporters: [{ iso3: 'PAN' }, { iso3: 'MEX' }],
  corridors: [{ id: 'darien_north' }],
  place: (id) => (['darien', 'tapachula'].includes(id) ? {} : undefined),
  indicator: (name) => (name === 'irregular_crossings' ? {} : undefined),
  triggers: [
    { id: 'darien-crossings-surge', levels: [{ name: 'watch' }, { name: 'warning' }, { name: 'emergency' }] },
    { id: 'reporter-silent', levels: [{ name: 'watch' }, { name: 'warning' }] },
  ],
};

const recipients = (extra = '') => `recipients:
  - id: ops_pan
    name: Panamá
    kind: state_operations_centre
    state: PAN
    languages: [es]
    channels:
      - { type: kafka }
      - { type: webhook, url: https://pan.example.org/hook, secrets: [ATALAYA_WEBHOOK_SECRET_PAN] }
    contacts:
      duty_officer: { name: Duty officer }
    escalation:
      - { after: PT1H, contact: duty_officer }
      - { after: PT4H, recipient: secretariat }
  - id: secretariat
    name: Technical Secretariat
    kind: partner
    languages: [en, es]
    channels: [{ type: atom }]
${extra}route:
  receivers: [secretariat]
  routes:
    - { id: pan, match: { state: PAN, minLevel: warning }, receivers: [ops_pan] }
`;

/** The problems a text is refused with, or [] when it is taken. */
function problems(parse: () => unknown): string[] {
  try {
    parse();
    return [];
  } catch (e) {
    if (e instanceof RoutingCatalogueError) return [...e.problems];
    throw e;
  }
}
const routing = (text: string) => problems(() => parseRoutingFile(text, 'recipients.yaml', reference));

describe('parseRoutingFile', () => {
  it('takes a valid file, with matchers read as lists and defaults filled in', () => {
    const file = parseRoutingFile(recipients(), 'recipients.yaml', reference);
    expect(file.route.routes[0].match).toEqual({ state: ['PAN'], minLevel: 'warning' });
    expect(file.route.routes[0].continue).toBe(false);
    expect(file.inhibitRules).toEqual([]);
  });

  it('refuses an unknown recipient in a route, at its line', () => {
    const text = recipients().replace('receivers: [ops_pan]', 'receivers: [ops_pna]');
    expect(routing(text)).toEqual([
      'recipients.yaml:23:72: route.routes.0.receivers.0: unknown recipient "ops_pna": add it under recipients or correct the id',
    ]);
  });

  it('refuses an unknown recipient or contact in an escalation step, and a step out of order', () => {
    const text = recipients()
      .replace('recipient: secretariat', 'recipient: secretaria')
      .replace('contact: duty_officer }', 'contact: officer }')
      .replace('after: PT4H', 'after: PT30M');
    expect(routing(text)).toEqual([
      'recipients.yaml:13:33: recipients.0.escalation.0.contact: unknown contact "officer": ops_pan has duty_officer',
      'recipients.yaml:14:36: recipients.0.escalation.1.recipient: unknown recipient "secretaria": add it under recipients or correct the id',
      'recipients.yaml:14:18: recipients.0.escalation.1.after: steps are ordered: each comes no sooner after the notification than the one before',
    ]);
  });

  it('refuses a malformed matcher: an unknown key, a state, place, corridor, trigger or level nobody knows', () => {
    const text = recipients().replace(
      'match: { state: PAN, minLevel: warning }',
      'match: { state: ARG, minLevel: severe, country: PAN }',
    );
    expect(routing(text)).toEqual([
      expect.stringMatching(/^recipients.yaml:23:25: route.routes.0.match: Unrecognized key: "country"/),
    ]);
    const names = recipients().replace(
      'match: { state: PAN, minLevel: warning }',
      'match: { state: ARG, place: atlantis, corridor: nowhere, trigger: [reporter-silent], minLevel: emergency }',
    );
    expect(routing(names)).toEqual([
      'recipients.yaml:23:34: route.routes.0.match.state.0: ARG is not an endorsing state of reporters.yaml',
      'recipients.yaml:23:66: route.routes.0.match.corridor.0: unknown corridor "nowhere" (corridors.yaml)',
      'recipients.yaml:23:46: route.routes.0.match.place.0: unknown place "atlantis" (places.yaml)',
      'recipients.yaml:23:113: route.routes.0.match.minLevel: level "emergency" is not a level of reporter-silent',
    ]);
  });

  it('refuses a webhook URL that is not http(s) and a secret written in the file', () => {
    const text = recipients()
      .replace('https://pan.example.org/hook', 'ftp://pan.example.org/hook')
      .replace('ATALAYA_WEBHOOK_SECRET_PAN', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(routing(text)).toEqual([
      'recipients.yaml:9:31: recipients.0.channels.1.url: must be an http:// or https:// URL',
      expect.stringMatching(
        /^recipients.yaml:9:69: recipients.0.channels.1.secrets.0: must be the NAME of an environment variable/,
      ),
    ]);
  });

  it('refuses duplicate recipient ids, two centres for one state and duplicate route ids', () => {
    const twin = `  - { id: secretariat, name: Twin, kind: partner, languages: [en], channels: [{ type: kafka }] }
  - { id: ops_pan_2, name: Twin, kind: state_operations_centre, state: PAN, languages: [es], channels: [{ type: kafka }] }
`;
    const text = recipients(twin) + '    - { id: pan, receivers: [ops_pan] }\n';
    expect(routing(text)).toEqual([
      'recipients.yaml:20:11: recipients.2.id: recipient id "secretariat" is used twice (first at recipients.1.id)',
      'recipients.yaml:21:72: recipients.3.state: PAN already has an operations centre (recipients.0)',
      'recipients.yaml:26:13: route.routes.1.id: route id "pan" is taken (route.routes.0): route ids name group state, so they are unique',
    ]);
  });

  it('refuses a root route without a default receiver', () => {
    expect(routing(recipients().replace('  receivers: [secretariat]\n', ''))).toEqual([
      expect.stringMatching(/^recipients.yaml:21:3: route.receivers: /),
    ]);
  });

  it('points at the line of a YAML syntax error', () => {
    expect(routing('recipients: [\n')[0]).toMatch(/^recipients.yaml:2:1: /);
  });
});

describe('parseResponsesFile', () => {
  const known = new Set(['ops_pan', 'secretariat']);
  const responses = (body: string) =>
    problems(() => parseResponsesFile(`responses:\n${body}`, 'responses.yaml', reference, known));
  const action = (id: string, organisation: string) =>
    `      - { id: ${id}, organisation: ${organisation}, deadline: PT72H, description: { es: abrir, en: open } }\n`;

  it('takes a protocol naming known triggers, levels and organisations', () => {
    expect(responses(`  darien-crossings-surge:\n    warning:\n${action('pan-open', 'ops_pan')}`)).toEqual(
      [],
    );
  });

  it('refuses an unknown organisation, trigger or level, and an action id used twice, at their lines', () => {
    const text =
      `  darien-crossings-surge:\n    warning:\n${action('pan-open', 'oim')}${action('pan-open', 'ops_pan')}` +
      `    severe:\n${action('x', 'ops_pan')}  retired-trigger:\n    watch:\n${action('y', 'ops_pan')}`;
    expect(responses(text)).toEqual([
      'responses.yaml:4:39: responses.darien-crossings-surge.warning.0.organisation: unknown organisation "oim": add it to recipients.yaml or correct the id',
      'responses.yaml:6:5: responses.darien-crossings-surge.severe: "severe" is not a level of darien-crossings-surge (watch, warning, emergency)',
      'responses.yaml:8:3: responses.retired-trigger: unknown trigger "retired-trigger": the catalogue has darien-crossings-surge, reporter-silent',
      'responses.yaml:5:15: responses.darien-crossings-surge.warning.1.id: action id "pan-open" is used twice (first at responses.darien-crossings-surge.warning.0.id)',
    ]);
  });

  it('refuses a description without Spanish or English, and a deadline that is not an ISO 8601 duration', () => {
    const text = `  darien-crossings-surge:\n    warning:\n      - { id: a, organisation: ops_pan, deadline: 72h, description: { es: abrir } }\n`;
    expect(responses(text)).toEqual([
      expect.stringMatching(
        /^responses.yaml:4:51: responses.darien-crossings-surge.warning.0.deadline: must be an ISO 8601 duration/,
      ),
      expect.stringMatching(
        /^responses.yaml:4:69: responses.darien-crossings-surge.warning.0.description: write it at least in es and en/,
      ),
    ]);
  });
});
