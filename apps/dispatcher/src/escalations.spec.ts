import {
  actionsFor,
  dispatchEvent,
  emptyRoutingState,
  parseResponsesFile,
  parseRoutingFile,
  routingConfigOf,
  type ActionStatusReport,
} from '@atalaya/routing';
import { at, DARIEN, eventOf, levels, lookups } from '../../../libs/routing/src/testing/routing.fixtures';
import type { TrackedAction } from '@atalaya/persistence';
import { escalationsDue, overdueActionsDue } from './escalations';

const config = routingConfigOf(
  parseRoutingFile(`
recipients:
  - id: ops_pan
    name: Panamá
    kind: state_operations_centre
    state: PAN
    languages: [es]
    channels: [{ type: kafka }]
    contacts: { duty: { name: Duty officer, phone: '+507 000' } }
    escalation: [{ after: PT1H, contact: duty }, { after: PT4H, recipient: secretariat }]
  - { id: secretariat, name: Secretariat, kind: partner, languages: [en], channels: [{ type: kafka }] }
route:
  receivers: [secretariat]
  groupBy: [trigger, state]
  groupWait: PT1S
  groupInterval: PT10M
  repeatInterval: P1D
  routes:
    - { id: pan, match: { state: PAN }, receivers: [ops_pan], continue: true }
`),
  parseResponsesFile(`
responses:
  darien-crossings-surge:
    warning:
      - { id: pan-open, organisation: ops_pan, deadline: PT72H, description: { es: abrir, en: open } }
`),
  lookups,
  {
    triggers: Object.entries(levels).map(([id, names]) => ({ id, levels: names.map((name) => ({ name })) })),
  },
);
const event = eventOf(DARIEN, { level: 'warning' });
const state = dispatchEvent(config, emptyRoutingState, event, at(0)).state;
const [assigned] = actionsFor(config.protocols, event, 'ops_pan');
const hours = (h: number) => at(h * 3600);
const pastDeadline = (fields: Partial<TrackedAction> = {}): TrackedAction => ({
  ...assigned,
  alertId: event.alertId,
  activatedAt: at(0),
  dueAt: hours(72),
  reports: [],
  taken: new Set(),
  ...fields,
});
const report = (status: ActionStatusReport['status'], h: number): ActionStatusReport => ({
  alertId: event.alertId,
  actionId: 'pan-open',
  organisation: 'ops_pan',
  status,
  at: hours(h),
  ...(status === 'declined' ? { note: 'no capacity' } : {}),
});

describe('overdueActionsDue', () => {
  it("escalates an action left open past its deadline along its organisation's policy, counted from the deadline", () => {
    expect(overdueActionsDue(config, state, [pastDeadline()], hours(72.5))).toEqual([]);
    const steps = overdueActionsDue(config, state, [pastDeadline()], hours(76));
    expect(steps.map((s) => [s.step, s.target, s.notification.recipientId])).toEqual([
      [0, 'ops_pan', 'ops_pan'],
      [1, 'secretariat', 'secretariat'],
    ]);
    expect(steps[0].notification).toMatchObject({
      id: `overdue/ops_pan/${event.alertId}/pan-open/0`,
      reason: 'escalation',
      escalation: { of: 'ops_pan', step: 1, after: 'PT1H', contact: { name: 'Duty officer' } },
    });
    expect(steps[0].notification.escalation?.action).toEqual({ id: 'pan-open', deadline: hours(72) });
    expect(steps[0].notification.actions).toEqual([{ alertId: event.alertId, actions: [pastDeadline()] }]);
    expect(steps[1].notification.actions).toEqual([]);
  });

  it('takes no step twice, and none for an action done or declined', () => {
    expect(
      overdueActionsDue(config, state, [pastDeadline({ taken: new Set([0]) })], hours(76)).map((s) => s.step),
    ).toEqual([1]);
    expect(
      overdueActionsDue(config, state, [pastDeadline({ reports: [report('done', 73)] })], hours(76)),
    ).toEqual([]);
    expect(
      overdueActionsDue(config, state, [pastDeadline({ reports: [report('declined', 10)] })], hours(76)),
    ).toEqual([]);
    expect(
      overdueActionsDue(config, state, [pastDeadline({ reports: [report('in_progress', 73)] })], hours(76)),
    ).toHaveLength(2);
  });

  it('leaves alone the actions of an alert no longer in force', () => {
    expect(overdueActionsDue(config, emptyRoutingState, [pastDeadline()], hours(76))).toEqual([]);
  });
});

describe('escalationsDue', () => {
  it('escalates an unanswered alert from its first notification, and stops at the acknowledgement', () => {
    const unanswered = {
      recipientId: 'ops_pan',
      alertId: event.alertId,
      notifiedAt: at(0),
      acknowledgedAt: null,
      taken: new Set<number>(),
    };
    expect(escalationsDue(config, state, [unanswered], hours(5)).map((s) => s.target)).toEqual([
      'ops_pan',
      'secretariat',
    ]);
    expect(
      escalationsDue(config, state, [{ ...unanswered, acknowledgedAt: hours(2) }], hours(5)).map(
        (s) => s.step,
      ),
    ).toEqual([0]);
  });
});
