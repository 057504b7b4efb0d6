import { AlertEvent } from '@atalaya/contracts';
import { Catalogue, Trigger } from '../catalogue/trigger.schema';
import { TriggerVersion } from './governance.types';

/** What the engine runs of a governed catalogue on a given day. */
export interface GovernedTriggers {
  /** One version of each trigger: the highest adopted one whose effective date has come. */
  readonly inForce: readonly Trigger[];
  /** Versions not in force yet (proposed, or adopted with a later date), each as its own shadow run. */
  readonly shadowRuns: readonly Trigger[];
}

/** The trigger id a version's shadow run is evaluated and stored under: its state, its alert ids, its events' rows. */
export const shadowRunId = (id: string, version: number): string => `${id}@${version}`;

/**
 * The catalogue file's triggers with the stored versions (`today` in UTC, YYYY-MM-DD). A version enters into
 * force on its `effective.from`; from then on the engine evaluates every observation with it, a late one for
 * an earlier period included, so its `effective.from` no longer bounds periods: the first version's does,
 * and the latest's `effective.to`. A version not in force runs in shadow under `shadowRunId`, never
 * dispatched, its ids apart from the version in force's.
 */
export function versionsInForce(
  catalogue: Catalogue,
  versions: readonly TriggerVersion[],
  today: string,
): GovernedTriggers {
  const inForce: Trigger[] = [];
  const shadowRuns: Trigger[] = [];
  for (const file of catalogue.triggers) {
    const stored = storedVersionsOf(file, versions);
    const current = inForceVersion(file, stored, today);
    inForce.push(spanning(current, file));
    stored
      .filter((v) => v.trigger.version > current.version)
      .forEach((v) =>
        shadowRuns.push({
          ...spanning(v.trigger, file),
          id: shadowRunId(file.id, v.trigger.version),
          shadow: true,
        }),
      );
  }
  return { inForce, shadowRuns };
}

/** The stored versions of a catalogue trigger, the file's own and older ones left out. */
export function storedVersionsOf(file: Trigger, versions: readonly TriggerVersion[]): TriggerVersion[] {
  return versions.filter((v) => v.trigger.id === file.id && v.trigger.version > file.version);
}

/** The version in force on `today`: the highest adopted one whose effective date has come, else the file's. */
export function inForceVersion(file: Trigger, stored: readonly TriggerVersion[], today: string): Trigger {
  return stored
    .filter((v) => v.status === 'adopted' && (v.trigger.effective?.from ?? today) <= today)
    .map((v) => v.trigger)
    .reduce((a, b) => (b.version > a.version ? b : a), file);
}

/** What a proposal is checked against: the version in force, and the highest version known of any status. */
export function knownVersions(catalogue: Catalogue, versions: readonly TriggerVersion[], today: string) {
  return (id: string): { inForce: Trigger; highest: number } | undefined => {
    const file = catalogue.triggers.find((t) => t.id === id);
    if (!file) return undefined;
    const stored = storedVersionsOf(file, versions);
    return {
      inForce: inForceVersion(file, stored, today),
      highest: Math.max(file.version, ...stored.map((v) => v.trigger.version)),
    };
  };
}

/** A version as the engine evaluates it: bounded by the first version's start and its own end. */
function spanning(version: Trigger, first: Trigger): Trigger {
  if (version === first) return version;
  const from = first.effective?.from;
  const to = version.effective?.to;
  return {
    ...version,
    effective: from === undefined && to === undefined ? undefined : { from: from ?? '0001-01-01', to },
  };
}

/**
 * An event as published: a shadow run's under its trigger's own id (the run id stays the key of its rows),
 * with the version it runs and `shadow: true`; any other as it is.
 */
export function publishedAs(event: AlertEvent): AlertEvent {
  const at = event.trigger.id.indexOf('@');
  if (at < 0) return event;
  return { ...event, trigger: { ...event.trigger, id: event.trigger.id.slice(0, at) } };
}
