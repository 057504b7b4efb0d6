import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where one trigger stands on one series; the engine's only state, so a restart rebuilds from here. */
@Entity({ name: 'trigger_state' })
export class TriggerStateEntity {
  @PrimaryColumn({ name: 'trigger_id', type: 'text' })
  triggerId!: string;

  @PrimaryColumn({ name: 'series_key', type: 'text' })
  seriesKey!: string;

  @Column({ name: 'trigger_version', type: 'integer' })
  triggerVersion!: number;

  @Column({ type: 'text', nullable: true })
  level!: string | null;

  @Column({ name: 'alert_id', type: 'text', nullable: true })
  alertId!: string | null;

  @Column({ name: 'last_period_start', type: 'date', nullable: true })
  lastPeriodStart!: string | null;

  @Column({ type: 'integer' })
  seen!: number;

  @Column({ name: 'pending_level', type: 'text', nullable: true })
  pendingLevel!: string | null;

  @Column({ name: 'pending_count', type: 'integer' })
  pendingCount!: number;

  @Column({ name: 'since_resolved', type: 'integer', nullable: true })
  sinceResolved!: number | null;

  @Column({ type: 'jsonb' })
  history!: number[];

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
