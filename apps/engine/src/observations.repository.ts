import type { Observation } from '@atalaya/contracts';
import type { EntityManager } from 'typeorm';

/**
 * Stores observations once each. Returns only those that were new: a redelivered or re-sent signal is a
 * duplicate and must not be evaluated twice.
 */
export async function insertNewObservations(
  em: EntityManager,
  batch: readonly Observation[],
): Promise<Observation[]> {
  if (batch.length === 0) return [];
  const col = <T>(f: (o: Observation) => T) => batch.map(f);
  const rows: { signal_id: string }[] = await em.query(
    `INSERT INTO observations (signal_id, series_key, reporter, indicator, country, admin1, place, corridor,
       period_start, period_end, value, received_at, source_topic, source_partition, source_offset, revision, quality)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
       $8::text[], $9::date[], $10::date[], $11::float8[], $12::timestamptz[], $13::text[], $14::int[], $15::bigint[],
       $16::int[], $17::text[])
     ON CONFLICT (signal_id) DO NOTHING
     RETURNING signal_id`,
    [
      col((o) => o.signalId),
      col((o) => o.seriesKey),
      col((o) => o.reporter),
      col((o) => o.indicator),
      col((o) => o.location.country),
      col((o) => o.location.admin1 ?? null),
      col((o) => o.location.place ?? null),
      col((o) => o.location.corridor ?? null),
      col((o) => o.period.start),
      col((o) => o.period.end),
      col((o) => o.value),
      col((o) => o.receivedAt),
      col((o) => o.source.topic),
      col((o) => o.source.partition),
      col((o) => o.source.offset),
      col((o) => o.revision),
      col((o) => o.quality),
    ],
  );
  const inserted = new Set(rows.map((r) => r.signal_id));
  return batch.filter((o) => inserted.delete(o.signalId));
}
