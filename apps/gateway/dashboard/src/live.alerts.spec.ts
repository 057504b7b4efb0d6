import type { AlertSummary, StreamAlertEvent } from '@atalaya/contracts';
import { darienEvent } from '../../../../libs/cap/src/testing/cap.fixtures';
import { LiveAlerts } from './live.alerts';

const streamed = (
  alertId: string,
  seq: number,
  type: 'firing' | 'resolved' = 'firing',
): StreamAlertEvent => ({
  seq: String(seq),
  event: { ...darienEvent({ alertId, eventId: `${alertId}/${type}/${seq}` }), type },
  withheld: [],
});

const listed = (alertId: string, updatedAt: string): AlertSummary => {
  const latest = darienEvent({ alertId, eventId: `${alertId}/firing/listed` });
  return { alertId, status: 'active', openedAt: '2026-12-01T00:00:00.000Z', updatedAt, latest, withheld: [] };
};

describe('LiveAlerts', () => {
  it('shows an alert the stream told of before the API lists it', () => {
    const live = new LiveAlerts();
    live.note(streamed('a-new', 7), '2026-12-02T10:00:00.000Z');
    const merged = live.merge([listed('a-old', '2026-12-02T09:00:00.000Z')], 'active');
    expect(merged.map((a) => a.alertId)).toEqual(['a-new', 'a-old']);
  });

  it('shows an alert as it was last heard when that is later than listed, and keeps when it opened', () => {
    const live = new LiveAlerts();
    live.note(streamed('a', 9, 'resolved'), '2026-12-02T11:00:00.000Z');
    const [past] = live.merge([listed('a', '2026-12-02T10:00:00.000Z')], 'past');
    expect(past).toMatchObject({ status: 'past', openedAt: '2026-12-01T00:00:00.000Z' });
    expect(live.merge([listed('a', '2026-12-02T10:00:00.000Z')], 'active')).toEqual([]);
  });

  it('keeps the later of two events of an alert whatever order they come in', () => {
    const live = new LiveAlerts();
    live.note(streamed('a', 9, 'resolved'), '2026-12-02T11:00:00.000Z');
    live.note(streamed('a', 8), '2026-12-02T11:00:01.000Z');
    expect(live.merge([], 'past').map((a) => a.latest.type)).toEqual(['resolved']);
  });

  it('prefers what the API lists when it is as recent as what was heard', () => {
    const live = new LiveAlerts();
    live.note(streamed('a', 3), '2026-12-02T10:00:00.000Z');
    const [shown] = live.merge([listed('a', '2026-12-02T10:00:05.000Z')], 'active');
    expect(shown.latest.eventId).toBe('a/firing/listed');
  });
});
