import { AlertEvent } from '@atalaya/contracts';

export interface TriggerActivity {
  readonly triggerId: string;
  readonly version: number;
  readonly shadow: boolean;
  /** Alerts raised (firing events), by the year of the period that raised them. */
  readonly firingsByYear: Readonly<Record<string, number>>;
  readonly events: number;
}

export interface Backtest {
  readonly observations: number;
  readonly events: readonly AlertEvent[];
  readonly activity: readonly TriggerActivity[];
}

/** A series a trigger evaluated, with the first and last period start it saw of it. */
export interface WatchedSeries {
  readonly seriesKey: string;
  readonly first: string;
  readonly last: string;
}
