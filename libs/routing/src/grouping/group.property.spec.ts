import fc from 'fast-check';
import { AlertEventType } from '@atalaya/contracts';
import { groupEvent, groupTick } from './group';
import { GroupNotification, GroupSettings, GroupState, Muted } from './group.types';
import { alertContextOf } from '../context/alert.context';
import { eventOf, lookups, T0 } from '../testing/routing.fixtures';
import { millis } from '../time';

const settings: GroupSettings = {
  receivers: ['a', 'b'],
  groupWait: 'PT30S',
  groupInterval: 'PT5M',
  repeatInterval: 'PT1H',
};
const WAIT = 30_000;
const INTERVAL = 300_000;
const REPEAT = 3_600_000;
const SERIES = ['PAN/x/PAN/-/darien', 'PAN/x/PAN/-/lajas_blancas', 'MEX/x/MEX/-/tapachula'];

interface Step {
  readonly alert: number;
  readonly type: AlertEventType;
  readonly afterMs: number;
}

const steps = fc.array(
  fc.record({
    alert: fc.integer({ min: 0, max: 2 }),
    type: fc.constantFrom<AlertEventType>(
      'pending',
      'firing',
      'escalated',
      'updated',
      'resolved',
      'cancelled',
    ),
    afterMs: fc.oneof(fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: 0, max: 2 * REPEAT })),
  }),
  { minLength: 1, maxLength: 25 },
);
// Whether a recipient is kept from an alert, fixed for the run.
const mutes = fc.array(fc.boolean(), { minLength: 6, maxLength: 6 });

interface Sent extends GroupNotification {
  readonly at: number;
  readonly incarnation: number;
}

/** Feeds the events, ticking the group at every wake-up time it asks for, and drains it afterwards. */
function run(script: readonly Step[], muteBits: readonly boolean[]) {
  const muted: Muted = (r, c) =>
    muteBits[(r === 'a' ? 0 : 3) + SERIES.findIndex((s) => s.endsWith(c.places[0]))];
  let group: GroupState | undefined;
  let wake: number | null = null;
  let now = millis(T0);
  let incarnation = 0;
  let serial = 0;
  const sent: Sent[] = [];
  const opened: number[] = [];
  const latest = new Map<number, { eventId: string; type: AlertEventType }>();
  const take = (
    step: {
      group: GroupState | null;
      notifications: readonly GroupNotification[];
      nextWakeAt: string | null;
    },
    at: number,
  ) => {
    sent.push(...step.notifications.map((n) => ({ ...n, at, incarnation })));
    group = step.group ?? undefined;
    const next = step.nextWakeAt === null ? null : millis(step.nextWakeAt);
    if (next !== null && wake !== null && at >= wake) expect(next).toBeGreaterThan(at); // a tick always moves time on
    wake = next;
    if (!group) incarnation++;
  };
  const tickUntil = (until: number) => {
    for (let guard = 0; wake !== null && wake <= until; guard++) {
      expect(guard).toBeLessThan(1000);
      take(groupTick(group!, new Date(wake).toISOString(), settings, muted), wake);
    }
  };
  for (const s of script) {
    now += s.afterMs;
    tickUntil(now);
    const event = eventOf(SERIES[s.alert], {
      type: s.type,
      level: s.type === 'resolved' || s.type === 'cancelled' ? null : 'watch',
      eventId: `e${serial++}`,
    });
    if (!group) opened[incarnation] = now;
    latest.set(s.alert, { eventId: event.eventId, type: s.type });
    take(
      groupEvent(
        group,
        'route',
        'k',
        { event, context: alertContextOf(event, lookups) },
        new Date(now).toISOString(),
        settings,
        muted,
      ),
      now,
    );
  }
  tickUntil(now + 3 * REPEAT);
  return { sent, opened, latest, muted, end: now };
}

describe('a group, for any events at any times', () => {
  it('never notifies before groupWait, nor a recipient twice within groupInterval', () => {
    fc.assert(
      fc.property(steps, mutes, (script, muteBits) => {
        const { sent, opened } = run(script, muteBits);
        for (const n of sent) expect(n.at).toBeGreaterThanOrEqual(opened[n.incarnation] + WAIT);
        for (const r of settings.receivers) {
          const mine = sent.filter((n) => n.recipientId === r);
          mine.slice(1).forEach((n, i) => {
            if (n.incarnation === mine[i].incarnation)
              expect(n.at - mine[i].at).toBeGreaterThanOrEqual(INTERVAL);
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('shows no recipient an alert it is kept from, and each the last word on every alert it may see', () => {
    fc.assert(
      fc.property(steps, mutes, (script, muteBits) => {
        const { sent, latest, muted } = run(script, muteBits);
        for (const n of sent) for (const a of n.alerts) expect(muted(n.recipientId, a.context)).toBe(false);
        for (const r of settings.receivers) {
          for (const [alert, last] of latest) {
            const told = sent
              .filter((n) => n.recipientId === r)
              .flatMap((n) => n.alerts.filter((a) => a.context.places[0] === SERIES[alert].split('/')[4]));
            const ended = last.type === 'resolved' || last.type === 'cancelled';
            const visible = !muted(r, alertContextOf(eventOf(SERIES[alert]), lookups));
            if (!visible) expect(told).toEqual([]);
            else if (!ended) expect(told.at(-1)?.event.eventId).toBe(last.eventId);
            // An alert that ended: whoever last heard it open hears it end.
            else expect(['resolved', 'cancelled', undefined]).toContain(told.at(-1)?.status);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('repeats an alert in force once repeatInterval has passed, never sooner, and not much later', () => {
    fc.assert(
      fc.property(steps, mutes, (script, muteBits) => {
        const { sent, end } = run(script, muteBits);
        for (const r of settings.receivers) {
          const mine = sent.filter((n) => n.recipientId === r);
          mine.slice(1).forEach((n, i) => {
            if (n.reason === 'repeat') expect(n.at - mine[i].at).toBeGreaterThanOrEqual(REPEAT);
            // After telling a recipient of an alert in force, the group tells it again within one repeat
            // (late by at most one groupInterval, the spacing of its wake-ups), or sooner with news.
            const open = mine[i].alerts.some((a) => a.status === 'firing' || a.status === 'pending');
            if (open) expect(n.at - mine[i].at).toBeLessThanOrEqual(REPEAT + INTERVAL);
          });
          const last = mine.at(-1);
          if (
            last &&
            last.alerts.some((a) => a.status === 'firing' || a.status === 'pending') &&
            last.at < end
          ) {
            // Still in force when the events stopped: the drain of three repeat intervals repeats it.
            expect(mine.filter((n) => n.at > end).length).toBeGreaterThanOrEqual(2);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reaches first, update and repeat notifications, ends, mutes and regrouping in the generated runs', () => {
    const seen = { first: 0, update: 0, repeat: 0, ended: 0, muted: 0, reopened: 0 };
    fc.assert(
      fc.property(steps, mutes, (script, muteBits) => {
        const { sent } = run(script, muteBits);
        for (const n of sent) seen[n.reason]++;
        if (sent.some((n) => n.alerts.some((a) => a.status === 'resolved' || a.status === 'cancelled')))
          seen.ended++;
        if (muteBits.some(Boolean) && sent.length > 0) seen.muted++;
        if (sent.some((n) => n.incarnation > 0)) seen.reopened++;
      }),
      { numRuns: 200 },
    );
    for (const [what, count] of Object.entries(seen))
      expect({ what, reached: count > 10 }).toEqual({ what, reached: true });
  });
});
