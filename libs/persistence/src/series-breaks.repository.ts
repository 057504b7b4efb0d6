import { Injectable } from '@nestjs/common';
import {
  admin1Code,
  declaredSeriesBreakSchema,
  identifier,
  iso3,
  isoDate,
  seriesBreakKinds,
  seriesKeyOf,
  type DeclaredSeriesBreak,
  type Reporter,
  type SeriesBreakDeclaration,
} from '@atalaya/contracts';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { locationOf, selectRows } from './sql/row-decoding';

const declaredRow = z
  .object({
    id: z.string(),
    series_key: z.string(),
    reporter: iso3,
    indicator: identifier,
    country: iso3,
    admin1: admin1Code.nullable(),
    place: identifier.nullable(),
    start: isoDate,
    end: isoDate.nullable(),
    kind: z.enum(seriesBreakKinds),
    note: z.string().nullable(),
    declared_by: z.string(),
    declared_at: z.date(),
  })
  .transform((r): DeclaredSeriesBreak =>
    declaredSeriesBreakSchema.parse({
      id: r.id,
      seriesKey: r.series_key,
      reporter: r.reporter,
      indicator: r.indicator,
      location: locationOf(r),
      period: { start: r.start, ...(r.end === null ? {} : { end: r.end }) },
      kind: r.kind,
      ...(r.note === null ? {} : { note: r.note }),
      declaredBy: r.declared_by,
      declaredAt: r.declared_at.toISOString(),
    }),
  );

const COLUMNS = `id::text, series_key, rtrim(reporter) AS reporter, indicator, rtrim(country) AS country, admin1,
  place, to_char(period_start, 'YYYY-MM-DD') AS start, to_char(period_end, 'YYYY-MM-DD') AS end, kind, note,
  declared_by, declared_at`;

/** The figure of a series the engine already holds for the period a break marks. */
export interface StoredFigure {
  readonly signalId: string;
  readonly revision: number;
}

/**
 * Breaks reporters declared in their series. A declaration is only ever added, with who made it and when;
 * the latest for a series and day is the one the engine applies (`sql/series-break.ts`).
 */
@Injectable()
export class SeriesBreaksRepository {
  async declare(
    em: EntityManager,
    declaration: SeriesBreakDeclaration,
    declaredBy: string,
  ): Promise<DeclaredSeriesBreak> {
    const { location, period } = declaration;
    const [declared] = await selectRows(
      em,
      'series_breaks',
      declaredRow,
      `INSERT INTO series_breaks (series_key, reporter, indicator, country, admin1, place, period_start,
         period_end, kind, note, declared_by, declared_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())
       RETURNING ${COLUMNS}`,
      [
        seriesKeyOf(declaration),
        declaration.reporter,
        declaration.indicator,
        location.country,
        location.admin1 ?? null,
        location.place ?? null,
        period.start,
        period.end ?? null,
        declaration.kind,
        declaration.note ?? null,
        declaredBy,
      ],
    );
    return declared;
  }

  /** Every break declared in a reporter's series (all of them without one), oldest declaration first. */
  list(em: EntityManager, reporter?: Reporter): Promise<DeclaredSeriesBreak[]> {
    return selectRows(
      em,
      'series_breaks',
      declaredRow,
      `SELECT ${COLUMNS} FROM series_breaks WHERE $1::bpchar IS NULL OR reporter = $1 ORDER BY declared_at, id`,
      [reporter ?? null],
    );
  }

  /**
   * The figure already stored whose period holds the day a break marks, if the engine has evaluated one:
   * the break reaches it only when the series is next replayed (docs/engine.md).
   */
  async storedFigure(em: EntityManager, declared: DeclaredSeriesBreak): Promise<StoredFigure | undefined> {
    const [figure] = await selectRows(
      em,
      'observations',
      z.object({ signal_id: z.string(), revision: z.number().int() }),
      `SELECT signal_id, revision FROM observations
       WHERE series_key = $1 AND $2::date BETWEEN period_start AND period_end
       ORDER BY revision DESC, id DESC LIMIT 1`,
      [declared.seriesKey, declared.period.start],
    );
    return figure && { signalId: figure.signal_id, revision: figure.revision };
  }
}
