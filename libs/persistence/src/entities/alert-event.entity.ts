import type { AlertEvent } from '@atalaya/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The alert history: every lifecycle event, keyed by its deterministic id. */
@Entity({ name: 'alert_events' })
@Index(['alertId'])
export class AlertEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'alert_id', type: 'text' })
  alertId!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text', nullable: true })
  level!: string | null;

  @Column({ name: 'trigger_id', type: 'text' })
  triggerId!: string;

  @Column({ name: 'trigger_version', type: 'integer' })
  triggerVersion!: number;

  @Column({ name: 'series_key', type: 'text' })
  seriesKey!: string;

  @Column({ type: 'jsonb' })
  event!: AlertEvent;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  /** Recording order, assigned by the database. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;
}
