import { AlertEvent, AlertLevel, Evidence, Observation } from '@atalaya/contracts';

/** What the evaluator remembers of one trigger on one series between observations. */
export interface TriggerState {
  readonly level: AlertLevel | null;
  readonly alertId: string | null;
  /**
   * The measure the alert in force last warned at: set when it fires, escalates or re-warns at a new peak
   * (`rewarnAbove`), null while no alert is in force. No-data triggers count missed reports and keep none.
   */
  readonly peak: number | null;
  readonly lastPeriodStart: string | null;
  /** Observations of the series evaluated so far (for `minHistory`). */
  readonly seen: number;
  /** A higher level reached but not yet held for `pending` observations. */
  readonly pendingLevel: AlertLevel | null;
  readonly pendingCount: number;
  /** Observations since the last resolution (for `cooldown`); null when never resolved. */
  readonly sinceResolved: number | null;
  /** The series' latest values, oldest first, as many as the condition needs (e.g. a rate's window). */
  readonly history: readonly number[];
}

export const initialState: TriggerState = {
  level: null,
  alertId: null,
  peak: null,
  lastPeriodStart: null,
  seen: 0,
  pendingLevel: null,
  pendingCount: 0,
  sinceResolved: null,
  history: [],
};

export interface Evaluation {
  readonly state: TriggerState;
  readonly events: readonly AlertEvent[];
}

export type EvaluatedObservation = Pick<
  Observation,
  'signalId' | 'reporter' | 'indicator' | 'location' | 'period' | 'value' | 'seriesKey' | 'seriesBreak'
> & {
  /** What a derived series (a ratio, a corridor composite, a silence) adds to the evidence of its events. */
  readonly evidence?: Partial<Evidence>;
};
