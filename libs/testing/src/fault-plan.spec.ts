import fc from 'fast-check';
import { FAULT_KINDS, faultPlan, type FaultCounts } from './fault-plan';

const counts = fc.record<FaultCounts>({
  killsPerService: fc.integer({ min: 0, max: 12 }),
  brokerRestarts: fc.integer({ min: 0, max: 2 }),
  postgresRestarts: fc.integer({ min: 0, max: 2 }),
  connectionCuts: fc.integer({ min: 0, max: 2 }),
});

describe('faultPlan', () => {
  it('plans every fault asked for, once, inside the stream and in time order', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 10_000, max: 600_000 }), counts, (seed, duration, c) => {
        const plan = faultPlan(seed, duration, c);
        const tally = Object.fromEntries(
          FAULT_KINDS.map((k) => [k, plan.filter((f) => f.kind === k).length]),
        );
        expect(tally).toEqual({
          'kill-ingest': c.killsPerService,
          'kill-engine': c.killsPerService,
          'kill-dispatcher': c.killsPerService,
          'restart-broker': c.brokerRestarts,
          'kill-broker-node': 0,
          'kill-instances': 0,
          'restart-postgres': c.postgresRestarts,
          'cut-connections': c.connectionCuts,
        });
        plan.forEach((f, i) => {
          expect(f.at).toBeGreaterThanOrEqual(duration * 0.05);
          expect(f.at).toBeLessThanOrEqual(duration * 0.95);
          if (i > 0) expect(f.at).toBeGreaterThan(plan[i - 1].at);
        });
      }),
    );
  });

  it('keeps two faults at least half a slot apart, so each recovery has time to begin', () => {
    fc.assert(
      fc.property(fc.integer(), counts, (seed, c) => {
        const plan = faultPlan(seed, 100_000, c);
        const slot = 90_000 / Math.max(1, plan.length);
        plan.slice(1).forEach((f, i) => expect(f.at - plan[i].at).toBeGreaterThanOrEqual(slot / 2 - 1));
      }),
    );
  });

  it('gives the same plan for the same seed and another for another seed', () => {
    const c = { killsPerService: 10, brokerRestarts: 1, postgresRestarts: 1, connectionCuts: 1 };
    expect(faultPlan(7, 200_000, c)).toEqual(faultPlan(7, 200_000, c));
    expect(faultPlan(8, 200_000, c)).not.toEqual(faultPlan(7, 200_000, c));
  });
});
