import type { AlertEvent, Signal, SourceRef } from '@atalaya/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One accepted signal, as the tutorial's entity would hold it: the signal id is the key. */
@Entity('naive_observations')
export class NaiveObservation {
  @PrimaryColumn('text')
  signalId!: string;

  @Column('text')
  seriesKey!: string;

  @Column('date')
  periodStart!: string;

  @Column('double precision')
  value!: number;

  @Column('timestamptz')
  receivedAt!: Date;

  @Column('jsonb')
  source!: SourceRef;

  @Column('jsonb')
  signal!: Signal;
}

/** One alert event the baseline raised, under the evaluator's own deterministic event id. */
@Entity('naive_alert_events')
export class NaiveAlertEvent {
  @PrimaryColumn('text')
  eventId!: string;

  @Column('text')
  alertId!: string;

  @Column('text')
  type!: string;

  @Column('text')
  triggerId!: string;

  @Column('text')
  seriesKey!: string;

  @Column('jsonb')
  event!: AlertEvent;
}

export const naiveEntities = [NaiveObservation, NaiveAlertEvent];
