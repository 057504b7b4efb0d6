import type { AlertEvent } from '@atalaya/contracts';
import { alertLine } from './alert-line';

const event: AlertEvent = {
  eventId: 'event-1',
  alertId: 'alert-1',
  type: 'firing',
  level: 'warning',
  previousLevel: null,
  severity: 'Severe',
  urgency: 'Expected',
  shadow: false,
  trigger: { id: 'darien-crossings-surge', version: 1, title: 'Darién' },
  seriesKey: 'PAN/irregular_crossings/PAN/-/darien',
  evidence: {
    value: 25332,
    threshold: 25000,
    comparison: 'above',
    period: { start: '2021-08-01', end: '2021-08-31' },
    signalId: 's',
  },
};

describe('alertLine', () => {
  it('says when, what, how bad, where and why', () => {
    const line = alertLine(event);
    expect(line).toMatch(
      /^2021-08 FIRING +warning +Severe +darien-crossings-surge@1 +PAN\/irregular_crossings/,
    );
    expect(line).toMatch(/25,332 ≥ 25,000$/);
  });

  it('shows the level that cleared on resolution', () => {
    const line = alertLine({
      ...event,
      type: 'resolved',
      level: null,
      previousLevel: 'watch',
      evidence: { ...event.evidence, value: 4000, threshold: 7500, comparison: 'below-clear' },
    });
    expect(line).toContain('(was watch)');
    expect(line).toMatch(/4,000 < 7,500 \(clear level\)$/);
  });

  it('says a pending rise fell back before it held', () => {
    const line = alertLine({
      ...event,
      type: 'resolved',
      level: null,
      previousLevel: null,
      evidence: { ...event.evidence, value: 9000, threshold: 25000, comparison: 'below' },
    });
    expect(line).toContain('(was -)');
    expect(line).toMatch(/9,000 < 25,000 \(fell back before it held\)$/);
  });

  it('names the peak a new-peak re-warning exceeded', () => {
    const line = alertLine({
      ...event,
      type: 'updated',
      previousLevel: 'warning',
      evidence: {
        ...event.evidence,
        value: 31665,
        threshold: 31665,
        reason: 'new-peak',
        previousPeak: 25332,
      },
    });
    expect(line).toMatch(/^2021-08 UPDATED +warning /);
    expect(line).toMatch(/31,665 ≥ 31,665 \(new peak: the previous was 25,332\)$/);
  });
});
