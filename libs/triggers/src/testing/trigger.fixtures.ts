import { Trigger, TriggerInput, triggerSchema } from '../catalogue/trigger.schema';

/** A threshold trigger on the Darién crossings: watch, warning and emergency at 10, 20 and 30. */
export const darienSurge = (over: Partial<TriggerInput> = {}): Trigger =>
  triggerSchema.parse({
    id: 'darien-crossings-surge',
    version: 1,
    title: 'Darién',
    scope: { indicators: ['irregular_crossings'] },
    condition: { type: 'threshold' },
    levels: [
      { name: 'watch', above: 10, severity: 'Moderate' },
      { name: 'warning', above: 20, severity: 'Severe' },
      { name: 'emergency', above: 30, severity: 'Extreme' },
    ],
    ...over,
  });

/** The default catalogue's rolling high on every crossings series: a quarter against the year before. */
export const quarterHigh = (over: Partial<TriggerInput> = {}): Trigger =>
  darienSurge({
    id: 'movement-quarter-high',
    condition: { type: 'rolling_high', window: 3, lookback: 12 },
    levels: [
      { name: 'watch', above: 1.25, clearBelow: 1, severity: 'Moderate' },
      { name: 'warning', above: 1.6, clearBelow: 1.25, severity: 'Severe' },
    ],
    ...over,
  });
