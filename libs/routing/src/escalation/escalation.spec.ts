import fc from 'fast-check';
import { escalationDue } from './escalation';
import { EscalationStep } from '../recipients/recipient.schema';
import { at } from '../testing/routing.fixtures';

const policy: EscalationStep[] = [
  { after: 'PT30M', contact: 'duty_officer' },
  { after: 'PT2H', contact: 'alternate' },
  { after: 'PT6H', recipient: 'technical_secretariat' },
];
const H = 3600;

describe('escalationDue', () => {
  it('lists the steps whose time has come and says when the next one falls due', () => {
    expect(escalationDue(policy, at(0), null, at(10))).toEqual({ due: [], nextAt: at(1800) });
    const two = escalationDue(policy, at(0), null, at(2 * H));
    expect(two.due.map((s) => [s.index, s.dueAt])).toEqual([
      [0, at(1800)],
      [1, at(2 * H)],
    ]);
    expect(two.nextAt).toBe(at(6 * H));
    expect(escalationDue(policy, at(0), null, at(7 * H))).toMatchObject({ nextAt: null });
  });

  it('stops at an acknowledgement: no step at or after it, and nothing next', () => {
    const acked = escalationDue(policy, at(0), at(2 * H), at(10 * H));
    expect(acked.due.map((s) => s.index)).toEqual([0]);
    expect(acked.nextAt).toBeNull();
  });

  it('for any policy and times: due are exactly the steps before now and before the ack, and next is after now', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.integer({ min: 1, max: 48 }), { minLength: 1, maxLength: 5 })
          .map((hs) => [...hs].sort((a, b) => a - b)),
        fc.integer({ min: 0, max: 60 }),
        fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
        (hours, nowH, ackH) => {
          const steps = hours.map((h): EscalationStep => ({ after: `PT${h}H`, contact: 'duty_officer' }));
          const result = escalationDue(steps, at(0), ackH === null ? null : at(ackH * H), at(nowH * H));
          const acked = ackH !== null && ackH <= nowH;
          const expected = hours.flatMap((h, i) => (h <= nowH && (!acked || h < ackH) ? [i] : []));
          expect(result.due.map((s) => s.index)).toEqual(expected);
          const later = hours.filter((h) => h > nowH);
          expect(result.nextAt).toBe(acked || later.length === 0 ? null : at(later[0] * H));
        },
      ),
    );
  });
});
