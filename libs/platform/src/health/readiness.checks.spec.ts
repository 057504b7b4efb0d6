import { consumerVerdict, outboxVerdict } from './readiness.checks';

const snapshot = { groupId: 'g', phase: 'joined' as const, assigned: { t: [0, 1] } };
const noGroupLookup = () => Promise.reject(new Error('not asked'));

describe('consumerVerdict', () => {
  it('is up with partitions assigned', () => {
    expect(consumerVerdict(snapshot, noGroupLookup)).toMatchObject({ up: true, detail: { assigned: 2 } });
  });

  it('is down for good after a crash kafkajs does not restart, saying to restart', () => {
    expect(
      consumerVerdict({ ...snapshot, phase: 'crashed', crash: 'TypeError: x' }, noGroupLookup),
    ).toMatchObject({
      up: false,
      message: 'consumer crashed for good (TypeError: x); restart the service',
    });
  });

  it.each(['starting', 'rebalancing', 'restarting', 'stopped'] as const)('is down while %s', (phase) => {
    expect(consumerVerdict({ ...snapshot, phase }, noGroupLookup)).toMatchObject({ up: false });
  });

  it('is down while an outage is retried, naming it', () => {
    const retrying = { since: '2026-12-01T10:00:00.000Z', error: 'Error: terminating connection (57P01)' };
    expect(consumerVerdict({ ...snapshot, retrying }, noGroupLookup)).toMatchObject({
      up: false,
      message: 'retrying since 2026-12-01T10:00:00.000Z: Error: terminating connection (57P01)',
    });
  });

  it('is up idle in a group with more members than partitions, down otherwise', async () => {
    const idle = { ...snapshot, assigned: {} };
    await expect(
      consumerVerdict(idle, () => Promise.resolve({ members: 4, partitions: 3 })),
    ).resolves.toMatchObject({
      up: true,
    });
    await expect(
      consumerVerdict(idle, () => Promise.resolve({ members: 3, partitions: 3 })),
    ).resolves.toMatchObject({
      up: false,
      message: 'no partitions assigned though the group has 3 members for 3',
    });
  });
});

describe('outboxVerdict', () => {
  it('is up while the oldest waiting row is within the limit', () => {
    expect(outboxVerdict(0, 60).up).toBe(true);
    expect(outboxVerdict(60, 60).up).toBe(true);
  });

  it('is down past it, saying what to look at', () => {
    expect(outboxVerdict(75.4, 60)).toMatchObject({
      up: false,
      message: 'outbox rows wait 75 s to be published (limit 60 s): is the broker reachable?',
    });
  });
});
