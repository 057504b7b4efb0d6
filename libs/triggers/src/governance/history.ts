import { Trigger, TriggerStatus } from '../catalogue/trigger.schema';
import { Adoption, adoptionOf, TerritoryReference } from './adoption';
import { Endorsement, TriggerVersion } from './governance.types';
import { inForceVersion, storedVersionsOf } from './versions.in-force';

/** One version of a trigger as its history shows it. */
export interface VersionHistoryEntry {
  readonly version: number;
  readonly title: string;
  readonly status: TriggerStatus;
  /** `catalogue`: the file's version, the agreed baseline; `governance`: submitted and endorsed since. */
  readonly source: 'catalogue' | 'governance';
  readonly effectiveFrom: string | null;
  readonly inForce: boolean;
  /** Not in force and not past: run in shadow beside the version in force. */
  readonly shadow: boolean;
  readonly agreedBy: readonly string[];
  readonly submittedBy: string | null;
  readonly submittedAt: string | null;
  readonly adoptedAt: string | null;
  readonly endorsements: readonly Endorsement[];
  /** Where a stored version stands against its endorsement rule; null for the file's. */
  readonly adoption: Adoption | null;
}

/** Every version of a catalogue trigger, the file's first, with its endorsements and where it stands. */
export function historyOf(
  file: Trigger,
  versions: readonly TriggerVersion[],
  today: string,
  reference: TerritoryReference,
): VersionHistoryEntry[] {
  const stored = storedVersionsOf(file, versions);
  const current = inForceVersion(file, stored, today);
  const entry = (t: Trigger) => ({
    version: t.version,
    title: t.title,
    effectiveFrom: t.effective?.from ?? null,
    inForce: t.version === current.version,
    shadow: t.version > current.version,
    agreedBy: t.agreedBy,
  });
  return [
    {
      ...entry(file),
      status: 'adopted',
      source: 'catalogue',
      submittedBy: null,
      submittedAt: null,
      adoptedAt: null,
      endorsements: [],
      adoption: null,
    },
    ...stored.map((v): VersionHistoryEntry => ({
      ...entry(v.trigger),
      status: v.status,
      source: 'governance',
      submittedBy: v.submittedBy,
      submittedAt: v.submittedAt,
      adoptedAt: v.adoptedAt,
      endorsements: v.endorsements,
      adoption: adoptionOf(v.trigger, v.endorsements, reference),
    })),
  ];
}

/** A catalogue trigger as the operations API lists it: the version in force, and every version. */
export interface CatalogueEntry {
  readonly trigger: Trigger;
  readonly versions: readonly VersionHistoryEntry[];
}

export function catalogueEntryOf(
  file: Trigger,
  versions: readonly TriggerVersion[],
  today: string,
  reference: TerritoryReference,
): CatalogueEntry {
  return {
    trigger: inForceVersion(file, storedVersionsOf(file, versions), today),
    versions: historyOf(file, versions, today, reference),
  };
}
