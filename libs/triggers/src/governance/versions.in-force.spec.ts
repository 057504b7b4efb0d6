import type { AlertEvent } from '@atalaya/contracts';
import { triggerSchema, type Trigger, type TriggerInput } from '../catalogue/trigger.schema';
import type { TriggerVersion } from './governance.types';
import { publishedAs, shadowRunId, versionsInForce } from './versions.in-force';

const trigger = (version: number, over: Partial<TriggerInput> = {}): Trigger =>
  triggerSchema.parse({
    id: 'darien-crossings-surge',
    version,
    title: `v${version}`,
    effective: { from: '2020-01-01' },
    scope: { indicators: ['irregular_crossings'] },
    condition: { type: 'threshold' },
    levels: [{ name: 'watch', above: 100 * version, severity: 'Moderate' }],
    ...over,
  });

const stored = (t: Trigger, status: TriggerVersion['status']): TriggerVersion => ({
  trigger: t,
  status,
  submittedBy: 'lead',
  submittedAt: '2025-05-01T00:00:00.000Z',
  adoptedAt: status === 'adopted' ? '2025-05-02T00:00:00.000Z' : null,
  endorsements: [],
});

const file = { triggers: [trigger(2)] };
const adoptedV3 = stored(trigger(3, { status: 'proposed', effective: { from: '2025-07-01' } }), 'adopted');
const proposedV4 = stored(trigger(4, { status: 'proposed', effective: { from: '2025-09-01' } }), 'proposed');

describe('versionsInForce', () => {
  it('runs the file’s version while nothing stored is adopted and due, and every later version in shadow', () => {
    const { inForce, shadowRuns } = versionsInForce(file, [adoptedV3, proposedV4], '2025-06-30');
    expect(inForce.map((t) => t.version)).toEqual([2]);
    expect(shadowRuns.map((t) => [t.id, t.version, t.shadow])).toEqual([
      ['darien-crossings-surge@3', 3, true],
      ['darien-crossings-surge@4', 4, true],
    ]);
  });

  it('puts an adopted version in force on its date, over every period since the first version’s', () => {
    const { inForce, shadowRuns } = versionsInForce(file, [adoptedV3, proposedV4], '2025-07-01');
    expect(inForce).toEqual([expect.objectContaining({ version: 3, effective: { from: '2020-01-01' } })]);
    expect(shadowRuns.map((t) => t.id)).toEqual([shadowRunId('darien-crossings-surge', 4)]);
  });

  it('never puts a proposed version in force, whatever its date', () => {
    const { inForce } = versionsInForce(file, [proposedV4], '2030-01-01');
    expect(inForce.map((t) => t.version)).toEqual([2]);
  });

  it('publishes a shadow run’s events under the trigger’s own id and leaves others as they are', () => {
    const event = { trigger: { id: 'darien-crossings-surge@4', version: 4, title: 'v4' } } as AlertEvent;
    expect(publishedAs(event).trigger).toEqual({ id: 'darien-crossings-surge', version: 4, title: 'v4' });
    const own = { trigger: { id: 'darien-crossings-surge', version: 2, title: 'v2' } } as AlertEvent;
    expect(publishedAs(own)).toBe(own);
  });
});
