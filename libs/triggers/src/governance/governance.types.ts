import { Trigger, TriggerStatus } from '../catalogue/trigger.schema';

/** What a state says of a proposed version: it endorses it, or objects to it. */
export const stances = ['endorse', 'object'] as const;
export type Stance = (typeof stances)[number];

/** A state's current stance on one version: the latest it recorded, who recorded it, when and why. */
export interface Endorsement {
  readonly state: string;
  readonly stance: Stance;
  readonly note: string | null;
  /** Who recorded it: the operations centre's recipient id (API), or the operator's name (CLI). */
  readonly by: string;
  readonly at: string;
}

/** One version of a trigger as the governance record holds it. */
export interface TriggerVersion {
  readonly trigger: Trigger;
  readonly status: TriggerStatus;
  readonly submittedBy: string;
  readonly submittedAt: string;
  /** When the endorsement that completed the rule was recorded; null while proposed. */
  readonly adoptedAt: string | null;
  readonly endorsements: readonly Endorsement[];
}
