import { AlertEvent } from '@atalaya/contracts';
import { parseResponsesFile, parseRoutingFile } from '../catalogue/routing.parser';
import { silenceSchema } from '../silences/silence';
import { at, CORRIDOR, DARIEN, eventOf, LAJAS, levels, lookups } from '../testing/routing.fixtures';
import fc from 'fast-check';
import {
  dispatchEvent,
  dispatchEvents,
  dispatchTick,
  DispatchStep,
  emptyRoutingState,
  RoutingState,
} from './dispatch';
import { routingConfigOf } from './routing.config';

const routing = parseRoutingFile(`
recipients:
  - { id: ops_pan, name: Panamá, kind: state_operations_centre, state: PAN, languages: [es], channels: [{ type: kafka }] }
  - { id: secretariat, name: Secretariat, kind: partner, languages: [en], channels: [{ type: kafka }] }
route:
  receivers: [secretariat]
  groupBy: [trigger, state]
  groupWait: PT1M
  groupInterval: PT10M
  repeatInterval: P1D
  routes:
    - { id: pan, match: { state: PAN }, receivers: [ops_pan], continue: true }
    - { id: corridor, match: { kind: corridor } }
    - { id: severe, match: { minLevel: warning } }
inhibitRules:
  - { source: { kind: corridor }, target: { kind: series }, equal: [corridor], recipients: [secretariat] }
`);
const responses = parseResponsesFile(`
responses:
  darien-crossings-surge:
    warning:
      - { id: pan-open, organisation: ops_pan, deadline: PT72H, description: { es: abrir, en: open } }
`);
const catalogue = {
  triggers: Object.entries(levels).map(([id, names]) => ({ id, levels: names.map((name) => ({ name })) })),
};
const config = routingConfigOf(routing, responses, lookups, catalogue);
/** The event that opened the Darién group in these tests, as notification ids name it. */
const OPENED = `@alert-darien-crossings-surge-${DARIEN}/firing/warning`;

function play(
  steps: readonly (AlertEvent | number)[],
  silences = [] as ReturnType<typeof silenceSchema.parse>[],
) {
  let state: RoutingState = emptyRoutingState;
  let wake: string | null = null;
  let now = 0;
  const sent: string[] = [];
  const take = (step: DispatchStep) => {
    state = step.state;
    wake = step.nextWakeAt;
    sent.push(
      ...step.notifications.map(
        (n) =>
          `${n.at === at(now) ? now : '?'}s ${n.recipientId} ${n.reason}: ${n.alerts.map((a) => `${a.context.kind === 'corridor' ? 'corridor' : a.context.places[0]} ${a.event.level ?? a.status}`).join(', ')}${n.actions.length ? ` [${n.actions.flatMap((a) => a.actions.map((x) => x.action.id)).join(', ')}]` : ''}`,
      ),
    );
  };
  for (const s of steps) {
    if (typeof s === 'number') {
      // Wake at every time asked for up to `s` seconds.
      while (wake !== null && Date.parse(wake) <= Date.parse(at(s))) {
        now = (Date.parse(wake) - Date.parse(at(0))) / 1000;
        take(dispatchTick(config, state, at(now), silences));
      }
      now = s;
    } else take(dispatchEvent(config, state, s, at(now), silences));
  }
  return { sent, state };
}

describe('dispatchEvent and dispatchTick', () => {
  it('groups, routes with continue and minLevel, and carries each recipient its own actions', () => {
    const { sent } = play([
      eventOf(DARIEN, { level: 'warning' }),
      30,
      eventOf(LAJAS, { level: 'watch' }),
      120,
    ]);
    expect(sent).toEqual([
      '60s ops_pan first: lajas_blancas watch, darien warning [pan-open]',
      '60s secretariat first: darien warning',
    ]);
  });

  it('routes no shadow event and keeps no state for it', () => {
    const { sent, state } = play([eventOf(DARIEN, { shadow: true, level: 'emergency' }), 3600]);
    expect(sent).toEqual([]);
    expect(state).toEqual(emptyRoutingState);
  });

  it('holds back the places of a corridor in force from the recipients of the corridor view only', () => {
    const { sent } = play([
      eventOf(CORRIDOR, { level: 'watch' }),
      10,
      eventOf(DARIEN, { level: 'warning' }),
      120,
    ]);
    expect(sent).toEqual([
      '60s ops_pan first: corridor watch',
      '60s secretariat first: corridor watch',
      '70s ops_pan first: darien warning [pan-open]',
    ]);
  });

  it('tells the end of an alert to a route it no longer matches, because that route heard it', () => {
    const { sent } = play([
      eventOf(DARIEN, { level: 'warning' }),
      120,
      eventOf(DARIEN, { type: 'de-escalated', level: 'watch', previousLevel: 'warning' }),
      1000,
      eventOf(DARIEN, { type: 'resolved', previousLevel: 'watch' }),
      2000,
    ]);
    expect(sent.filter((s) => s.includes('secretariat'))).toEqual([
      '60s secretariat first: darien warning',
      '660s secretariat update: darien watch',
      '1260s secretariat update: darien resolved', // groupInterval after the last, at 660 s
    ]);
  });

  it('keeps a silenced alert from the recipient the silence names', () => {
    const silence = silenceSchema.parse({
      id: 's',
      matchers: { state: 'PAN' },
      recipients: ['ops_pan'],
      startsAt: at(0),
      endsAt: at(3600),
      createdBy: 'ops',
      comment: 'drill',
    });
    const { sent } = play([eventOf(DARIEN, { level: 'warning' }), 120], [silence]);
    expect(sent).toEqual(['60s secretariat first: darien warning']);
  });

  it('gives each notification an id of its route, group, the event that opened the group, recipient and sequence', () => {
    let state = dispatchEvent(config, emptyRoutingState, eventOf(DARIEN, { level: 'warning' }), at(0)).state;
    const first = dispatchTick(config, state, at(60));
    state = dispatchEvent(
      config,
      first.state,
      eventOf(DARIEN, { type: 'escalated', level: 'emergency' }),
      at(61),
    ).state;
    const second = dispatchTick(config, state, at(660));
    expect([...first.notifications, ...second.notifications].map((n) => n.id)).toEqual([
      `notify/pan/trigger=darien-crossings-surge/state=PAN${OPENED}/ops_pan/1`,
      `notify/severe/trigger=darien-crossings-surge/state=PAN${OPENED}/secretariat/1`,
      `notify/pan/trigger=darien-crossings-surge/state=PAN${OPENED}/ops_pan/2`,
      `notify/severe/trigger=darien-crossings-surge/state=PAN${OPENED}/secretariat/2`,
    ]);
  });

  it('never gives a notification of a group opened again the id of one of its earlier lifetime', () => {
    // The alert ends and its group is forgotten; a revision restates it, and the same key opens again.
    const { sent, ids } = (() => {
      const notes: { id: string; reason: string }[] = [];
      let state: RoutingState = emptyRoutingState;
      const take = (step: DispatchStep) => {
        state = step.state;
        notes.push(...step.notifications.map((n) => ({ id: n.id, reason: `${n.recipientId} ${n.reason}` })));
      };
      take(dispatchEvent(config, state, eventOf(DARIEN, { level: 'warning' }), at(0)));
      take(dispatchTick(config, state, at(60)));
      take(
        dispatchEvent(
          config,
          state,
          eventOf(DARIEN, { type: 'resolved', previousLevel: 'warning' }),
          at(100),
        ),
      );
      take(dispatchTick(config, state, at(700)));
      take(
        dispatchEvent(
          config,
          state,
          eventOf(DARIEN, {
            type: 'updated',
            level: 'warning',
            eventId: 'alert-darien/updated/revised-by/x',
          }),
          at(800),
        ),
      );
      take(dispatchTick(config, state, at(900)));
      return { sent: notes.map((n) => n.reason), ids: notes.map((n) => n.id) };
    })();
    expect(sent.filter((s) => s.startsWith('ops_pan'))).toEqual([
      'ops_pan first',
      'ops_pan update',
      'ops_pan first',
    ]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('drops the groups of a route taken out of the configuration', () => {
    const state = dispatchEvent(
      config,
      emptyRoutingState,
      eventOf(DARIEN, { level: 'warning' }),
      at(0),
    ).state;
    const without = routingConfigOf(
      { ...routing, route: { ...routing.route, routes: routing.route.routes.slice(0, 1) } },
      responses,
      lookups,
      catalogue,
    );
    const step = dispatchTick(without, state, at(60));
    expect(Object.keys(step.state.groups)).toEqual(['pan|trigger=darien-crossings-surge/state=PAN']);
  });
});

describe('dispatchEvents', () => {
  const pool = [
    eventOf(DARIEN, { level: 'watch' }),
    eventOf(DARIEN, { type: 'escalated', level: 'warning' }),
    eventOf(DARIEN, { type: 'resolved' }),
    eventOf(LAJAS, { level: 'warning' }),
    eventOf(LAJAS, { type: 'resolved' }),
    eventOf(CORRIDOR, { level: 'watch' }),
    eventOf(CORRIDOR, { type: 'cancelled' }),
    eventOf(DARIEN, { level: 'watch', shadow: true, alertId: 'alert-shadow' }),
  ];
  const silences = [
    silenceSchema.parse({
      id: 'quiet-lajas',
      matchers: { place: 'lajas_blancas' },
      startsAt: at(0),
      endsAt: at(3600),
      createdBy: 'ops',
      comment: 'maintenance',
    }),
  ];

  it('gives for a batch what dispatchEvent gives taking its events one by one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...pool), { maxLength: 6 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        (batches, silenced) => {
          const quiet = silenced ? silences : [];
          let batched: DispatchStep = { state: emptyRoutingState, notifications: [], nextWakeAt: null };
          let oneByOne: DispatchStep = batched;
          const sentBatched: string[] = [];
          const sentOne: string[] = [];
          batches.forEach((batch, i) => {
            batched = dispatchEvents(config, batched.state, batch, at(i * 90), quiet);
            sentBatched.push(...batched.notifications.map((n) => n.id));
            for (const event of batch) {
              oneByOne = dispatchEvent(config, oneByOne.state, event, at(i * 90), quiet);
              sentOne.push(...oneByOne.notifications.map((n) => n.id));
            }
            if (batch.length === 0) oneByOne = dispatchEvents(config, oneByOne.state, [], at(i * 90), quiet);
          });
          expect(batched.state).toEqual(oneByOne.state);
          expect(sentBatched).toEqual(sentOne);
          expect(batched.nextWakeAt).toEqual(oneByOne.nextWakeAt);
        },
      ),
      { numRuns: 300 },
    );
  });
});
