import type { Cadence, Reference } from '@atalaya/reference';
import { parseExpectedEvery, type Catalogue, type Trigger } from '@atalaya/triggers';
import type { Duration } from 'luxon';

/** A reporter a no-data trigger watches, and how long it may stay silent before a report counts as missed. */
export interface WatchedReporter {
  readonly reporter: string;
  readonly every: Duration;
}

export interface SilenceWatch {
  readonly trigger: Trigger;
  readonly reporters: readonly WatchedReporter[];
}

const cadenceEvery: Record<Cadence, string> = { daily: 'P1D', weekly: 'P1W', monthly: 'P1M' };

/**
 * The reporters each no-data trigger of the catalogue watches: those its scope names, or every reporter of
 * reporters.yaml. Each waits the trigger's `expectedEvery`, or else the cadence the reporter agreed to.
 * Throws, naming the trigger and the reporter, when a reporter has neither.
 */
export function silenceWatches(
  catalogue: Catalogue,
  reference: Pick<Reference, 'reporters'>,
): SilenceWatch[] {
  const cadences = new Map(reference.reporters.map((r) => [r.iso3, r.cadence]));
  return catalogue.triggers.flatMap((trigger) => {
    const { condition } = trigger;
    if (condition.type !== 'no_data') return [];
    const own = condition.expectedEvery;
    const fixed = own === undefined ? undefined : parseExpectedEvery(own, trigger.id);
    const reporters = (trigger.scope.reporters ?? reference.reporters.map((r) => r.iso3)).map((reporter) => {
      if (fixed) return { reporter, every: fixed };
      const cadence = cadences.get(reporter);
      if (!cadence) {
        throw new Error(
          `trigger ${trigger.id} watches ${reporter}, which has no cadence in reporters.yaml: ` +
            `add ${reporter} to reporters.yaml or give the trigger condition an expectedEvery`,
        );
      }
      return { reporter, every: parseExpectedEvery(cadenceEvery[cadence], trigger.id) };
    });
    return [{ trigger, reporters }];
  });
}
