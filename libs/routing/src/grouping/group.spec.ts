import { groupEvent, groupTick } from './group';
import { GroupSettings, GroupState, GroupStep, Muted } from './group.types';
import { alertContextOf } from '../context/alert.context';
import { at, DARIEN, eventOf, LAJAS, lookups, TAPACHULA } from '../testing/routing.fixtures';

const settings: GroupSettings = {
  receivers: ['pan', 'iom'],
  groupWait: 'PT30S',
  groupInterval: 'PT5M',
  repeatInterval: 'PT4H',
};
const none: Muted = () => false;

const alert = (key: string, fields: Parameters<typeof eventOf>[1] = {}) => {
  const event = eventOf(key, fields);
  return { event, context: alertContextOf(event, lookups) };
};

function send(
  group: GroupState | null | undefined,
  key: string,
  seconds: number,
  fields = {},
  muted = none,
): GroupStep {
  return groupEvent(group ?? undefined, 'route', 'k', alert(key, fields), at(seconds), settings, muted);
}

// Alerts are listed by alert id: here `alert-<trigger>-<series key>`, so MEX before PAN, arrivals before crossings.
const summary = (step: GroupStep) =>
  step.notifications.map(
    (n) =>
      `${n.recipientId} ${n.reason} #${n.sequence}: ${n.alerts.map((a) => `${a.context.places[0]} ${a.status}`).join(', ')}`,
  );

describe('a group of one route', () => {
  it('waits groupWait from its first alert, then sends every alert that came meanwhile in one notification', () => {
    const first = send(undefined, DARIEN, 0);
    expect(first.notifications).toEqual([]);
    expect(first.nextWakeAt).toBe(at(30));
    const second = send(first.group, TAPACHULA, 20);
    expect(second.notifications).toEqual([]);
    expect(second.nextWakeAt).toBe(at(30));
    expect(groupTick(second.group!, at(29), settings, none).notifications).toEqual([]);
    const flush = groupTick(second.group!, at(30), settings, none);
    expect(summary(flush)).toEqual([
      'pan first #1: tapachula firing, darien firing',
      'iom first #1: tapachula firing, darien firing',
    ]);
    expect(flush.nextWakeAt).toBe(at(30 + 4 * 3600));
  });

  it('sends a new group’s first alert at once when groupWait is PT0S', () => {
    const immediate = { ...settings, groupWait: 'PT0S' };
    const step = groupEvent(undefined, 'route', 'k', alert(DARIEN), at(0), immediate, none);
    expect(summary(step)).toEqual(['pan first #1: darien firing', 'iom first #1: darien firing']);
  });

  it('holds a new or changed alert until groupInterval after the last notification', () => {
    const flushed = groupTick(send(undefined, DARIEN, 0).group!, at(30), settings, none);
    const changed = send(flushed.group, DARIEN, 60, { type: 'escalated', level: 'warning' });
    expect(changed.notifications).toEqual([]);
    expect(changed.nextWakeAt).toBe(at(330));
    const joined = send(changed.group, LAJAS, 200);
    expect(summary(groupTick(joined.group!, at(330), settings, none))).toEqual([
      'pan update #2: lajas_blancas firing, darien firing',
      'iom update #2: lajas_blancas firing, darien firing',
    ]);
  });

  it('sends at once an alert that comes after a quiet spell longer than groupInterval', () => {
    const flushed = groupTick(send(undefined, DARIEN, 0).group!, at(30), settings, none);
    const late = send(flushed.group, LAJAS, 3600);
    expect(summary(late)).toEqual([
      'pan update #2: lajas_blancas firing, darien firing',
      'iom update #2: lajas_blancas firing, darien firing',
    ]);
    expect(late.nextWakeAt).toBe(at(3600 + 4 * 3600));
  });

  it('repeats the alerts in force after repeatInterval when nothing changed', () => {
    const flushed = groupTick(send(undefined, DARIEN, 0).group!, at(30), settings, none);
    expect(groupTick(flushed.group!, at(30 + 4 * 3600 - 1), settings, none).notifications).toEqual([]);
    const repeat = groupTick(flushed.group!, at(30 + 4 * 3600), settings, none);
    expect(summary(repeat)).toEqual(['pan repeat #2: darien firing', 'iom repeat #2: darien firing']);
  });

  it('tells the end of an alert to whoever heard it, then forgets the alert, and the group once empty', () => {
    const flushed = groupTick(
      send(send(undefined, DARIEN, 0).group, LAJAS, 1).group!,
      at(30),
      settings,
      none,
    );
    const resolved = send(flushed.group, DARIEN, 400, { type: 'resolved' });
    expect(summary(resolved)).toEqual([
      'pan update #2: lajas_blancas firing, darien resolved',
      'iom update #2: lajas_blancas firing, darien resolved',
    ]);
    expect(Object.keys(resolved.group!.alerts)).toEqual([`alert-darien-crossings-surge-${LAJAS}`]);
    const cancelled = send(resolved.group, LAJAS, 800, { type: 'cancelled' });
    expect(summary(cancelled)).toEqual([
      'pan update #3: lajas_blancas cancelled',
      'iom update #3: lajas_blancas cancelled',
    ]);
    expect(cancelled.group).toBeNull();
    expect(cancelled.nextWakeAt).toBeNull();
  });

  it('says nothing of an alert that fired and resolved within groupWait', () => {
    const step = send(send(undefined, DARIEN, 0).group, DARIEN, 10, { type: 'resolved' });
    const flush = groupTick(step.group!, at(30), settings, none);
    expect(flush.notifications).toEqual([]);
    expect(flush.group).toBeNull();
  });

  it('keeps a muted alert from its recipient only, and sends it when the mute lifts', () => {
    let silenced = true;
    const muted: Muted = (r, a) => silenced && r === 'pan' && a.places[0] === 'lajas_blancas';
    const step = send(send(undefined, DARIEN, 0, {}, muted).group, LAJAS, 1, {}, muted);
    const flush = groupTick(step.group!, at(30), settings, muted);
    expect(summary(flush)).toEqual([
      'pan first #1: darien firing',
      'iom first #1: lajas_blancas firing, darien firing',
    ]);
    expect(flush.nextWakeAt).toBe(at(330));
    expect(groupTick(flush.group!, at(330), settings, muted).notifications).toEqual([]);
    silenced = false;
    expect(summary(groupTick(flush.group!, at(330), settings, muted))).toEqual([
      'pan update #2: lajas_blancas firing, darien firing',
    ]);
  });

  it('sends a pending announcement, then the firing it became', () => {
    const pending = groupTick(send(undefined, DARIEN, 0, { type: 'pending' }).group!, at(30), settings, none);
    expect(summary(pending)[0]).toBe('pan first #1: darien pending');
    const fired = send(pending.group, DARIEN, 400, { type: 'firing' });
    expect(summary(fired)[0]).toBe('pan update #2: darien firing');
  });

  it('sends at once with a groupWait of zero', () => {
    const now = groupEvent(
      undefined,
      'route',
      'k',
      alert(DARIEN),
      at(0),
      { ...settings, groupWait: 'PT0S' },
      none,
    );
    expect(now.notifications).toHaveLength(2);
  });
});
