import { alertEventExample, notificationExample, signalExample } from '@atalaya/contracts';

/*
 * An example of each JSON request and success answer of the gateway, by `method /path` and `request` or the
 * status: the Darién alert of the contract examples (July 2023, emergency) as Panama's operations centre,
 * its agency and the Technical Secretariat see it. Redocly's lint checks each one against its schema
 * (`no-invalid-media-type-examples`), so none can drift.
 */

const alertId = alertEventExample.alertId;
const [notified] = notificationExample.alerts;
const action = notified.actions[notified.actions.length - 1];
const at = '2023-08-07T14:05:12.418Z';

const watchEvent = {
  ...alertEventExample,
  eventId: `${alertId}/firing/2023-01-01/watch`,
  type: 'firing',
  level: 'watch',
  previousLevel: null,
  severity: 'Moderate',
  urgency: 'Expected',
  evidence: {
    value: 24634,
    period: { start: '2023-01-01', end: '2023-01-31' },
    threshold: 18000,
    comparison: 'above',
    signalId: 'PAN:irregular_crossings:darien:2023-01',
  },
};

const summary = {
  alertId,
  status: 'active',
  openedAt: '2023-02-06T15:12:39.771Z',
  updatedAt: at,
  latest: alertEventExample,
  withheld: [],
};

const timeline = {
  alertId,
  entries: [
    {
      at,
      kind: 'event',
      who: 'engine',
      what: 'escalated to emergency: 55387 crossings in July 2023 reached 50000',
      detail: { eventId: alertEventExample.eventId },
    },
    {
      at: '2023-08-07T14:05:13Z',
      kind: 'action-assigned',
      who: 'ops_pan',
      what: `${action.id}: due ${action.deadline}`,
      detail: { actionId: action.id },
    },
    {
      at: '2023-08-07T15:12:00Z',
      kind: 'acknowledged',
      who: 'ops_pan',
      what: 'acknowledged',
      detail: {},
    },
  ],
  actions: [
    {
      actionId: action.id,
      organisation: 'ops_pan',
      level: 'emergency',
      dueAt: action.deadline,
      status: 'in_progress',
      overdue: false,
    },
  ],
};

const silence = {
  id: 'sil_4c1f0a9e2b7d',
  matchers: { trigger: 'honduras-entries-surge', state: 'HND' },
  recipients: ['ops_pan'],
  startsAt: '2024-03-04T13:00:00Z',
  endsAt: '2024-03-11T13:00:00Z',
  createdBy: 'api:key_9f2c',
  comment: 'Panama follows the Honduras alert through the action-package committee this week',
};

const declaredBreak = {
  id: 'brk_PAN_irregular_crossings_2024_01',
  seriesKey: 'PAN/irregular_crossings/PAN/-/darien',
  reporter: 'PAN',
  indicator: 'irregular_crossings',
  location: { country: 'PAN', place: 'darien' },
  period: { start: '2024-01-01', end: '2024-01-31' },
  kind: 'coverage',
  note: 'San Vicente station counted from January 2024',
  declaredBy: 'api:key_3a71',
  declaredAt: '2024-02-02T16:40:11.204Z',
};

const session = {
  role: 'recipient',
  label: 'SNM operations centre, duty desk',
  scopes: ['alerts:read', 'acks:write', 'actions:write', 'figures:read', 'silences:write'],
  recipientId: 'ops_pan',
  csrfToken: 'Hn2kP0v8qL4sW7xZ1cB5dF9g',
  expiresAt: '2023-08-07T22:05:00Z',
};

const triggerInForce = {
  id: 'darien-crossings-surge',
  version: 3,
  title: 'Irregular crossings through the Darién gap',
  scope: { indicators: ['irregular_crossings'], reporters: ['PAN'], places: ['darien'] },
  condition: { type: 'threshold' },
  levels: [
    { name: 'watch', above: 18000, clearBelow: 14000, severity: 'Moderate', urgency: 'Expected' },
    { name: 'warning', above: 25000, clearBelow: 20000, severity: 'Severe', urgency: 'Expected' },
    { name: 'emergency', above: 50000, clearBelow: 40000, severity: 'Extreme', urgency: 'Immediate' },
  ],
};

export const openApiExamples: Readonly<Record<string, unknown>> = {
  'post /v1/series/breaks request': {
    reporter: 'PAN',
    indicator: 'irregular_crossings',
    location: { country: 'PAN', place: 'darien' },
    start: '2024-01-01',
    kind: 'coverage',
    note: 'San Vicente station counted from January 2024',
  },
  'post /v1/series/breaks 201': { ...declaredBreak, storedFigure: null },
  'get /v1/series/breaks 200': [declaredBreak],
  'post /v1/acks request': { alertId, note: 'Received by the SNM duty officer' },
  'post /v1/acks 200': {
    recipientId: 'ops_pan',
    alertId,
    acknowledgedAt: '2023-08-07T15:12:00Z',
    already: false,
  },
  'post /v1/actions request': {
    alertId,
    actionId: action.id,
    status: 'in_progress',
    note: 'Call with Colombia, Costa Rica and Honduras set for 9 August',
  },
  'post /v1/actions 200': {
    alertId,
    actionId: action.id,
    status: 'in_progress',
    reportedAt: '2023-08-07T18:30:00Z',
  },
  'get /v1/triggers 200': [
    {
      trigger: triggerInForce,
      versions: [{ version: 3, status: 'in-force', effectiveFrom: '2025-01-01', endorsements: [] }],
    },
  ],
  'get /v1/triggers/{id}/backtest 200': {
    trigger: triggerInForce,
    observations: 72,
    events: [watchEvent, alertEventExample],
  },
  'post /v1/session request': { key: 'atk_ops_pan_9f2c41d7e8b3a6c0' },
  'post /v1/session 200': session,
  'get /v1/session 200': session,
  'get /v1/alerts 200': { items: [summary], next: null },
  'get /v1/alerts/{alertId} 200': { alert: summary, events: [watchEvent, alertEventExample], timeline },
  'get /v1/alerts/{alertId}/timeline 200': timeline,
  'get /v1/reporting/status 200': {
    at: '2023-09-12T12:00:00Z',
    reporters: [
      {
        reporter: 'PAN',
        cadence: 'monthly',
        status: 'reporting',
        lastReportAt: '2023-09-06T13:20:44.102Z',
        missedReports: 0,
        indicators: [
          {
            indicator: 'irregular_crossings',
            lastReportAt: '2023-09-06T13:20:44.102Z',
            latestPeriodEnd: '2023-08-31',
          },
        ],
      },
      {
        reporter: 'HND',
        cadence: 'monthly',
        status: 'late',
        lastReportAt: '2023-07-10T09:02:00Z',
        missedReports: 1,
        indicators: [
          {
            indicator: 'irregular_entries',
            lastReportAt: '2023-07-10T09:02:00Z',
            latestPeriodEnd: '2023-06-30',
          },
        ],
      },
    ],
  },
  'get /v1/reference 200': {
    states: [{ iso3: 'PAN', cadence: 'monthly' }],
    places: [
      {
        id: 'darien',
        name: 'Darién gap',
        type: 'border_region',
        country: 'PAN',
        admin1: 'PA-5',
        across: 'COL',
        corridors: ['darien_north'],
        lat: 8.0,
        lon: -77.6,
      },
    ],
    corridors: [
      {
        id: 'darien_north',
        name: 'Darién gap to the United States southwest border',
        steps: [
          { place: 'necocli', lagDays: 0 },
          { place: 'darien', lagDays: 5 },
        ],
      },
    ],
    indicators: [
      {
        name: 'irregular_crossings',
        title: 'Irregular border crossings',
        unit: 'events',
        kind: 'flow',
        cadence: 'monthly',
        description:
          'Irregular crossings into the country at a border point or across a border region, as its migration ' +
          "authority records them; e.g. Panama's count of transits through the Darién from Colombia.",
      },
    ],
  },
  'get /v1/audit/access 200': [
    {
      at,
      viewer: { kind: 'recipient', id: 'iom' },
      reporter: 'PAN',
      channel: 'notification',
      resource: `alert:${alertId}`,
      indicator: 'irregular_crossings',
      purpose: 'early_warning',
      granularity: 'place',
      disaggregations: [],
      policyVersion: 2,
    },
  ],
  'get /v1/figures 200': {
    purpose: 'early_warning',
    at: '2023-09-12T12:00:00Z',
    figures: [
      {
        reporter: 'PAN',
        indicator: 'irregular_crossings',
        granularity: 'place',
        location: signalExample.location,
        period: signalExample.period,
        value: signalExample.value,
        aggregatedFrom: 1,
        breakdowns: [],
        policy: { basis: 'policy', reporter: 'PAN', version: 2, rule: 1 },
      },
    ],
    omissions: [],
    next: null,
  },
  'post /v1/silences request': {
    matchers: { trigger: 'honduras-entries-surge', state: 'HND' },
    duration: 'P7D',
    comment: 'Panama follows the Honduras alert through the action-package committee this week',
  },
  'post /v1/silences 201': silence,
  'get /v1/silences 200': [silence],
  'delete /v1/silences/{id} 200': { ...silence, endsAt: '2024-03-06T09:00:00Z' },
  'post /v1/triggers/{id}/versions/{version}/endorsements request': {
    state: 'PAN',
    stance: 'endorse',
    note: 'Endorsed by the SNM directorate, note 14-2024',
  },
  'put /v1/admin/recipients/{id} request': {
    definition: {
      id: 'ops_cri',
      name: 'Dirección General de Migración y Extranjería — Centro de operaciones',
      kind: 'state_operations_centre',
      state: 'CRI',
      languages: ['es'],
      channels: [{ type: 'kafka' }, { type: 'email', to: ['operaciones@cri.example.org'] }],
      contacts: { duty_officer: { name: 'Duty officer', email: 'duty@cri.example.org' } },
      escalation: [{ after: 'PT2H', contact: 'duty_officer' }],
    },
    reason: 'Costa Rica adds its e-mail channel (ticket 311)',
  },
  'post /v1/admin/notifications/redrive request': {
    ids: ['ntf_xAOJ8MAnQXmtVO18caJGxU4r'],
    reason: 'the UNHCR webhook endpoint was down from 14:00 to 15:30 UTC',
  },
  'get /health 200': { status: 'ok', info: { kafka: { status: 'up' }, database: { status: 'up' } } },
  'get /health/live 200': { status: 'ok', info: {} },
  'get /health/ready 200': { status: 'ok', info: { kafka: { status: 'up' }, database: { status: 'up' } } },
};
