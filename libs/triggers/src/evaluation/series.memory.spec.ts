import fc from 'fast-check';
import type { AlertEvent } from '@atalaya/contracts';
import { emptyMemory, fold, observe, type RevisedObservation, type SeriesMemory } from './series.memory';
import { triggerSchema, type Trigger, type TriggerInput } from '../catalogue/trigger.schema';
import { darienObservation } from '../testing/darien.observation';

const base: TriggerInput = {
  id: 'darien-crossings-surge',
  version: 1,
  title: 'Darién crossings surge',
  scope: { indicators: ['irregular_crossings'] },
  condition: { type: 'threshold' },
  levels: [
    { name: 'watch', above: 20000, clearBelow: 15000, severity: 'Moderate' },
    { name: 'warning', above: 40000, clearBelow: 35000, severity: 'Severe' },
  ],
};
const threshold = triggerSchema.parse(base);

const obs = (m: number, value: number, revision = 1): RevisedObservation => ({
  ...darienObservation(m, value, `sig-${m}-r${revision}`),
  revision,
});

function feed(
  trigger: Trigger,
  observations: readonly RevisedObservation[],
  from: SeriesMemory = emptyMemory,
) {
  let memory = from;
  const events: AlertEvent[] = [];
  for (const o of observations) {
    const step = observe(trigger, memory, o);
    memory = step.memory;
    events.push(...step.events);
  }
  return { memory, events };
}

/** Where each alert stands after a list of published events: its level, null once resolved or cancelled. */
function standing(events: readonly AlertEvent[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  events.forEach((e) => out.set(e.alertId, e.level));
  return out;
}

describe('observe', () => {
  it('takes observations in period order as plain evaluator steps', () => {
    const values = [1000, 25000, 42000, 30000, 9000];
    const { memory, events } = feed(
      threshold,
      values.map((v, m) => obs(m, v)),
    );
    const reference = fold(
      threshold,
      values.map((v, m) => obs(m, v)),
    );
    expect(events).toEqual(reference.events);
    expect(memory.state).toEqual(reference.state);
    expect(events.map((e) => e.type)).toEqual(['firing', 'escalated', 'de-escalated', 'resolved']);
  });

  it('updates an alert when a revision changes its figure, then cancels it when a revision takes it away', () => {
    const first = feed(threshold, [obs(0, 1000), obs(1, 30000)]);
    expect(first.events.map((e) => e.type)).toEqual(['firing']);
    const alertId = first.events[0].alertId;

    const updated = feed(threshold, [obs(1, 26000, 2)], first.memory);
    expect(updated.events).toHaveLength(1);
    expect(updated.events[0]).toMatchObject({
      type: 'updated',
      alertId,
      level: 'watch',
      previousLevel: 'watch',
      evidence: { value: 26000, revisedBy: 'sig-1-r2' },
    });

    const cancelled = feed(threshold, [obs(1, 500, 3)], updated.memory);
    expect(cancelled.events.map((e) => [e.type, e.alertId, e.level])).toEqual([['cancelled', alertId, null]]);
    expect(cancelled.memory.state.level).toBeNull();
    expect(cancelled.memory.state.alertId).toBeNull();
  });

  it('escalates through an update when a revision raises the level of an active alert', () => {
    const first = feed(threshold, [obs(0, 25000), obs(1, 26000)]);
    const { events } = feed(threshold, [obs(1, 45000, 2)], first.memory);
    expect(events.map((e) => [e.type, e.level, e.previousLevel])).toEqual([
      ['escalated', 'warning', 'watch'],
    ]);
  });

  it('raises an alert a late period should have raised, with the evaluator’s own ids', () => {
    const late = feed(threshold, [obs(0, 1000), obs(2, 1000), obs(1, 30000)]);
    const inOrder = fold(threshold, [obs(0, 1000), obs(1, 30000), obs(2, 1000)]);
    expect(late.events).toEqual(inOrder.events);
    expect(late.memory.state).toEqual(inOrder.state);
  });

  it('ignores a revision no higher than the one it holds, and publishes a restatement only once', () => {
    const first = feed(threshold, [obs(0, 30000, 2)]);
    expect(feed(threshold, [obs(0, 100, 1)], first.memory).events).toEqual([]);
    const revised = feed(threshold, [obs(0, 100, 3)], first.memory);
    expect(revised.events.map((e) => e.type)).toEqual(['cancelled']);
    expect(feed(threshold, [obs(0, 100, 3)], revised.memory).events).toEqual([]);
  });

  it('re-raises a cancelled alert with an update when a later revision restores it', () => {
    const first = feed(threshold, [obs(0, 30000)]);
    const cancelled = feed(threshold, [obs(0, 10, 2)], first.memory);
    const restored = feed(threshold, [obs(0, 30000, 3)], cancelled.memory);
    expect(restored.events.map((e) => [e.type, e.level, e.previousLevel])).toEqual([
      ['updated', 'watch', null],
    ]);
    expect(restored.events[0].alertId).toBe(first.events[0].alertId);
  });
});

describe('observe: new peaks and breaks in late and revised figures', () => {
  const rewarning = triggerSchema.parse({ ...base, rewarnAbove: 1.25 });

  it('re-warns at a new peak a late figure sets, and counts the next margin from it', () => {
    const first = feed(rewarning, [obs(0, 45000), obs(2, 50000)]);
    expect(first.events.map((e) => e.type)).toEqual(['firing']);
    const late = feed(rewarning, [obs(1, 60000)], first.memory);
    expect(late.events).toHaveLength(1);
    expect(late.events[0]).toMatchObject({
      eventId: `${first.events[0].alertId}/updated/2022-02-01/new-peak`,
      type: 'updated',
      level: 'warning',
      evidence: { value: 60000, reason: 'new-peak', previousPeak: 45000 },
    });
    expect(late.memory.state.peak).toBe(60000);
    const next = feed(rewarning, [obs(3, 74999), obs(4, 75000)], late.memory);
    expect(next.events.map((e) => [e.type, e.evidence.value, e.evidence.previousPeak])).toEqual([
      ['updated', 75000, 60000],
    ]);
  });

  it('restates, as a revision and not as a new peak, an alert whose re-warning a revision took away', () => {
    const first = feed(rewarning, [obs(0, 45000), obs(1, 60000)]);
    expect(first.events.map((e) => e.type)).toEqual(['firing', 'updated']);
    const { events, memory } = feed(rewarning, [obs(1, 50000, 2)], first.memory);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'updated',
      level: 'warning',
      evidence: { revisedBy: 'sig-1-r2' },
    });
    expect(events[0].evidence).not.toHaveProperty('reason');
    expect(events[0].evidence).not.toHaveProperty('previousPeak');
    expect(memory.state.peak).toBe(45000);
  });

  it('keeps a break through a re-fold: a late figure before it does not make the jump a surge', () => {
    const quarterHigh = triggerSchema.parse({
      ...base,
      condition: { type: 'rolling_high', window: 1, lookback: 2 },
      levels: [{ name: 'watch', above: 1.5, clearBelow: 1, severity: 'Moderate' }],
    });
    const atBreak = { ...obs(3, 29000), seriesBreak: { kind: 'coverage' as const } };
    const first = feed(quarterHigh, [obs(0, 280), obs(2, 300), atBreak, obs(4, 30000)]);
    const late = feed(quarterHigh, [obs(1, 290)], first.memory);
    expect([...first.events, ...late.events]).toEqual([]);
    expect(late.memory.state).toEqual(
      fold(quarterHigh, [obs(0, 280), obs(1, 290), obs(2, 300), atBreak, obs(4, 30000)]).state,
    );
    expect(late.memory.state).toMatchObject({ seen: 2, history: [29000, 30000] });
  });
});

describe('observe: order independence (property)', () => {
  const triggers: Trigger[] = [
    threshold,
    triggerSchema.parse({ ...base, rewarnAbove: 1.2 }),
    triggerSchema.parse({ ...base, rewarnAbove: 1.1, rewarnBelowTop: true, pending: 2 }),
    triggerSchema.parse({ ...base, pending: 2, cooldown: 1 }),
    triggerSchema.parse({ ...base, condition: { type: 'rate_of_change', window: 1, mode: 'absolute' } }),
    triggerSchema.parse({ ...base, condition: { type: 'sustained', atLeast: 2, of: 3 }, minHistory: 2 }),
  ];

  /** Final values per month, and earlier revisions of some months, shuffled together. */
  const arrivals = fc
    .record({
      trigger: fc.constantFrom(...triggers),
      finals: fc.array(fc.integer({ min: 0, max: 60000 }), { minLength: 1, maxLength: 14 }),
      drafts: fc.array(fc.tuple(fc.nat(13), fc.integer({ min: 0, max: 60000 })), { maxLength: 8 }),
    })
    .map(({ trigger, finals, drafts }) => {
      const finalObs = finals.map((v, m) => obs(m, v, 9));
      const draftObs = drafts.filter(([m]) => m < finals.length).map(([m, v], k) => obs(m, v, 1 + (k % 8)));
      return { trigger, finalObs, all: [...finalObs, ...draftObs] };
    })
    .chain((x) =>
      fc.shuffledSubarray(x.all, { minLength: x.all.length }).map((shuffled) => ({ ...x, shuffled })),
    );

  it('ends in the state and alert standings of the final revisions in period order, whatever the order', () => {
    fc.assert(
      fc.property(arrivals, ({ trigger, finalObs, shuffled }) => {
        const { memory, events } = feed(trigger, shuffled);
        const reference = fold(trigger, finalObs);
        expect(memory.state).toEqual(reference.state);
        const said = standing(events);
        const truth = standing(reference.events);
        truth.forEach((level, alertId) => expect(said.get(alertId)).toBe(level));
        said.forEach((level, alertId) => {
          if (!truth.has(alertId)) expect(level).toBeNull();
        });
      }),
      { numRuns: 300 },
    );
  });
});
