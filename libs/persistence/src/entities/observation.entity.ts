import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An accepted observation, stored once: `signalId` makes a redelivered message a no-op. */
@Entity({ name: 'observations' })
@Index(['seriesKey', 'periodStart'])
export class ObservationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'signal_id', type: 'text', unique: true })
  signalId!: string;

  @Column({ name: 'series_key', type: 'text' })
  seriesKey!: string;

  @Column({ type: 'char', length: 3 })
  reporter!: string;

  @Column({ type: 'text' })
  indicator!: string;

  @Column({ type: 'char', length: 3 })
  country!: string;

  @Column({ type: 'text', nullable: true })
  admin1!: string | null;

  @Column({ type: 'text', nullable: true })
  place!: string | null;

  @Column({ type: 'text', nullable: true })
  corridor!: string | null;

  @Column({ name: 'period_start', type: 'date' })
  periodStart!: string;

  @Column({ name: 'period_end', type: 'date' })
  periodEnd!: string;

  @Column({ type: 'double precision' })
  value!: number;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ type: 'text' })
  quality!: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'source_topic', type: 'text' })
  sourceTopic!: string;

  @Column({ name: 'source_partition', type: 'integer' })
  sourcePartition!: number;

  @Column({ name: 'source_offset', type: 'bigint' })
  sourceOffset!: string;
}
