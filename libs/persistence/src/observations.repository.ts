import { Injectable } from '@nestjs/common';
import {
  admin1Code,
  disaggregationSchema,
  identifier,
  iso3,
  reporterSchema,
  seriesBreakSchema,
  seriesKeySchema,
  signalSchema,
  type Observation,
  type Reporter,
  type SeriesKey,
} from '@atalaya/contracts';
import type { LatestReport } from '@atalaya/triggers';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { bulkInsert } from './sql/bulk-insert';
import { locationOf, selectRows, storedDate } from './sql/row-decoding';
import { seriesBreakOf } from './sql/series-break';

/** The columns of a figure: who reported what, where, for which period, how much. */
const figureColumns = {
  reporter: reporterSchema,
  indicator: identifier,
  country: iso3,
  admin1: admin1Code.nullable(),
  place: identifier.nullable(),
  corridor: identifier.nullable(),
  start: storedDate,
  end: storedDate,
  value: z.number(),
};

const storedRow = z
  .object({
    signal_id: signalSchema.shape.signalId,
    series_key: seriesKeySchema,
    ...figureColumns,
    revision: z.number().int().min(1),
    series_break: seriesBreakSchema.nullable(),
  })
  .transform((r) => ({
    signalId: r.signal_id,
    seriesKey: r.series_key,
    reporter: r.reporter,
    indicator: r.indicator,
    location: locationOf(r),
    period: { start: r.start, end: r.end },
    value: r.value,
    revision: r.revision,
    ...(r.series_break === null ? {} : { seriesBreak: r.series_break }),
  }));

/** A stored observation as the evaluator takes it: the latest revision of its series and period. */
export type StoredObservation = z.output<typeof storedRow>;

const figureRow = z
  .object({
    ...figureColumns,
    disaggregation: z.array(disaggregationSchema).nullable(),
  })
  .transform((r) => ({
    reporter: r.reporter,
    indicator: r.indicator,
    location: locationOf(r),
    period: { start: r.start, end: r.end },
    value: r.value,
    ...(r.disaggregation === null ? {} : { disaggregation: r.disaggregation }),
  }));

/** A stored figure as the sharing policies take it: the latest revision of its period, with its breakdown. */
export type ReportedFigure = z.output<typeof figureRow>;

/** Which figures of one indicator to read (`ObservationsRepository.figures`). */
export interface FiguresFilter {
  readonly indicator: string;
  /**
   * By calendar month, each series apart (a period counts in the month it starts; `from` and `to` pick the
   * months they fall in): a flow's figures added up, their breakdown cells added category by category (kept
   * only when every figure of the month has them); a stock's last figure of the month with its cells. Read
   * from `observation_months`, which the engine keeps as it stores observations.
   */
  readonly byMonth?: 'flow' | 'stock';
  readonly reporter?: string;
  readonly admin1?: string;
  readonly places?: readonly string[];
  readonly from?: string;
  readonly to?: string;
}

/** One report as the no-data watch hears it: when ingest received it, and which signal it was. */
export interface HeardReport {
  readonly at: string;
  readonly signalId: string;
}

const heardRow = z.object({ reporter: reporterSchema, received_at: z.date(), signal_id: z.string() });

const breakOfRow = seriesBreakOf('observations');

/**
 * The latest revision of each period of each series, with the break it is evaluated with. Add a WHERE or
 * JOIN, then `LATEST_ORDER`.
 */
const LATEST = `SELECT DISTINCT ON (series_key, period_start) signal_id, series_key, reporter,
    indicator, country, admin1, place, corridor, to_char(period_start, 'YYYY-MM-DD') AS start,
    to_char(period_end, 'YYYY-MM-DD') AS end, value, revision, ${breakOfRow.column} AS series_break
  FROM observations ${breakOfRow.join}`;
/** Oldest period first within each series; of one period, the highest revision (then the latest stored). */
const LATEST_ORDER = `ORDER BY series_key, period_start, revision DESC, id DESC`;

/** Observations of a scope (`$2` indicators, `$3` places or null) received before `$4`. */
const IN_SCOPE = `o.indicator = ANY($2::text[]) AND ($3::text[] IS NULL OR o.place = ANY($3::text[]))
  AND o.received_at < $4::timestamptz`;

/** The observations the engine stored: written once each, read back as the latest revision of each period. */
@Injectable()
export class ObservationsRepository {
  /**
   * Stores observations once each. Returns only those that were new: a redelivered or re-sent signal is a
   * duplicate and must not be evaluated twice.
   */
  async insertNew(em: EntityManager, batch: readonly Observation[]): Promise<Observation[]> {
    const rows = await bulkInsert(
      em,
      {
        table: 'observations',
        columns: {
          signal_id: ['text', (o) => o.signalId],
          series_key: ['text', (o) => o.seriesKey],
          reporter: ['text', (o) => o.reporter],
          indicator: ['text', (o) => o.indicator],
          country: ['text', (o) => o.location.country],
          admin1: ['text', (o) => o.location.admin1 ?? null],
          place: ['text', (o) => o.location.place ?? null],
          corridor: ['text', (o) => o.location.corridor ?? null],
          period_start: ['date', (o) => o.period.start],
          period_end: ['date', (o) => o.period.end],
          value: ['float8', (o) => o.value],
          received_at: ['timestamptz', (o) => o.receivedAt],
          source_topic: ['text', (o) => o.source.topic],
          source_partition: ['int', (o) => o.source.partition],
          source_offset: ['bigint', (o) => o.source.offset],
          revision: ['int', (o) => o.revision],
          quality: ['text', (o) => o.quality],
          series_break: ['jsonb', (o) => (o.seriesBreak ? JSON.stringify(o.seriesBreak) : null)],
          disaggregation: ['jsonb', (o) => (o.disaggregation ? JSON.stringify(o.disaggregation) : null)],
        },
        onConflict: { target: ['signal_id'] },
        returning: z.object({ signal_id: z.string() }),
      },
      batch,
    );
    const inserted = new Set(rows.map((r) => r.signal_id));
    const fresh = batch.filter((o) => inserted.delete(o.signalId));
    await this.noteReports(em, fresh);
    await this.refreshMonths(em, fresh);
    return fresh;
  }

  /** Recomputes the months of the periods just stored, in `observation_months` (its migration defines a month). */
  private async refreshMonths(em: EntityManager, stored: readonly Observation[]): Promise<void> {
    if (stored.length === 0) return;
    await em.query(`SELECT observation_months_refresh($1::text[], $2::date[])`, [
      stored.map((o) => o.seriesKey),
      stored.map((o) => `${o.period.start.slice(0, 7)}-01`),
    ]);
  }

  /** Moves each reporter's indicator's latest report forward to what was just stored. */
  private async noteReports(em: EntityManager, stored: readonly Observation[]): Promise<void> {
    if (stored.length === 0) return;
    await em.query(
      `INSERT INTO reporting_latest (reporter, indicator, last_received_at, latest_period_end)
       SELECT reporter, indicator, max(received_at), max(period_end)
       FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::date[]) AS s(reporter, indicator, received_at, period_end)
       GROUP BY reporter, indicator
       ON CONFLICT (reporter, indicator) DO UPDATE SET
         last_received_at = greatest(reporting_latest.last_received_at, EXCLUDED.last_received_at),
         latest_period_end = greatest(reporting_latest.latest_period_end, EXCLUDED.latest_period_end)`,
      [
        stored.map((o) => o.reporter),
        stored.map((o) => o.indicator),
        stored.map((o) => o.receivedAt),
        stored.map((o) => o.period.end),
      ],
    );
  }

  /**
   * The stored observations given, each with the break it is evaluated with: its own, or else one its
   * reporter declared for its series at its period, before or after the figure came.
   */
  async withSeriesBreaks(em: EntityManager, batch: readonly Observation[]): Promise<Observation[]> {
    if (batch.length === 0) return [];
    const rows = await selectRows(
      em,
      'observations',
      z.object({ signal_id: z.string(), series_break: seriesBreakSchema }),
      `SELECT signal_id, series_break FROM (
         SELECT observations.signal_id, ${breakOfRow.column} AS series_break
         FROM observations ${breakOfRow.join}
         WHERE observations.signal_id = ANY($1::text[])) marked
       WHERE series_break IS NOT NULL`,
      [batch.map((o) => o.signalId)],
    );
    const breaks = new Map(rows.map((r) => [r.signal_id, r.series_break]));
    return batch.map((o) => {
      const seriesBreak = breaks.get(o.signalId);
      return seriesBreak ? { ...o, seriesBreak } : o;
    });
  }

  /** Every stored series, oldest period first within each. */
  latest(em: EntityManager): Promise<StoredObservation[]> {
    return selectRows(em, 'observations', storedRow, `${LATEST} ${LATEST_ORDER}`);
  }

  /** Every stored series of the given indicators, oldest period first within each: a trigger's history. */
  latestOfIndicators(em: EntityManager, indicators: readonly string[]): Promise<StoredObservation[]> {
    return selectRows(
      em,
      'observations',
      storedRow,
      `${LATEST} WHERE observations.indicator = ANY($1::text[]) ${LATEST_ORDER}`,
      [indicators],
    );
  }

  /**
   * The given series as stored, by series key, leaving out the given signals (the batch being evaluated,
   * which the caller feeds one by one in arrival order).
   */
  async latestOf(
    em: EntityManager,
    seriesKeys: readonly SeriesKey[],
    excluding: readonly string[],
  ): Promise<Map<string, StoredObservation[]>> {
    const rows = await selectRows(
      em,
      'observations',
      storedRow,
      `${LATEST} WHERE series_key = ANY($1::text[]) AND NOT signal_id = ANY($2::text[]) ${LATEST_ORDER}`,
      [seriesKeys, excluding],
    );
    const series = new Map<string, StoredObservation[]>();
    for (const o of rows) {
      const list = series.get(o.seriesKey);
      if (list) list.push(o);
      else series.set(o.seriesKey, [o]);
    }
    return series;
  }

  /**
   * The latest revision of each period of one indicator's series, with their breakdown cells, for figures to
   * be shared: of one reporter or all; within an area (`admin1`, the figures given for it or for its
   * `places`), or of some places; periods starting from `from` to `to`. At most `limit` rows, oldest period
   * first: the caller asks for one more than it serves to know when a request is too broad.
   */
  figures(em: EntityManager, filter: FiguresFilter, limit: number): Promise<ReportedFigure[]> {
    const parameters = [
      filter.indicator,
      filter.reporter ?? null,
      filter.admin1 ?? null,
      filter.places ?? null,
      filter.from ?? null,
      filter.to ?? null,
      limit,
    ];
    const inScope = `indicator = $1 AND ($2::text IS NULL OR reporter = $2)
      AND ($3::text IS NULL OR admin1 = $3 OR place = ANY($4::text[]))
      AND ($3::text IS NOT NULL OR $4::text[] IS NULL OR place = ANY($4::text[]))`;
    if (filter.byMonth === undefined) {
      return selectRows(
        em,
        'observations',
        figureRow,
        `SELECT reporter, indicator, country, admin1, place, corridor, to_char(period_start, 'YYYY-MM-DD') AS start,
           to_char(period_end, 'YYYY-MM-DD') AS "end", value, disaggregation
         FROM (SELECT DISTINCT ON (series_key, period_start) series_key, reporter, indicator, country, admin1,
                 place, corridor, period_start, period_end, value, disaggregation
               FROM observations
               WHERE ${inScope}
                 AND ($5::date IS NULL OR period_start >= $5) AND ($6::date IS NULL OR period_start <= $6)
               ${LATEST_ORDER}) latest
         ORDER BY period_start, series_key LIMIT $7`,
        parameters,
      );
    }
    const [value, cells] =
      filter.byMonth === 'stock' ? ['last_value', 'last_cells'] : ['total', 'total_cells'];
    return selectRows(
      em,
      'observation_months',
      figureRow,
      `SELECT reporter, indicator, country, admin1, place, corridor, to_char(month, 'YYYY-MM-DD') AS start,
         to_char((month + interval '1 month - 1 day')::date, 'YYYY-MM-DD') AS "end", ${value} AS value,
         ${cells} AS disaggregation
       FROM observation_months
       WHERE ${inScope}
         AND ($5::date IS NULL OR month >= date_trunc('month', $5::date)) AND ($6::date IS NULL OR month <= $6)
       ORDER BY month, series_key LIMIT $7`,
      parameters,
    );
  }

  /** The latest report of each reporter's indicators (of one reporter when given): for the reporting status. */
  latestReports(em: EntityManager, reporter?: Reporter): Promise<LatestReport[]> {
    return selectRows(
      em,
      'observations',
      z
        .object({ reporter: reporterSchema, indicator: identifier, last: z.date(), period_end: storedDate })
        .transform((r) => ({
          reporter: r.reporter,
          indicator: r.indicator,
          lastReportAt: r.last.toISOString(),
          latestPeriodEnd: r.period_end,
        })),
      `SELECT reporter, indicator, last_received_at AS last, to_char(latest_period_end, 'YYYY-MM-DD') AS period_end
       FROM reporting_latest WHERE $1::text IS NULL OR reporter = $1`,
      [reporter ?? null],
    );
  }

  /** Every stored series of the given (place, indicator) pairs: a corridor's members. */
  latestAtPlaces(
    em: EntityManager,
    members: readonly { place: string; indicator: string }[],
  ): Promise<StoredObservation[]> {
    return selectRows(
      em,
      'observations',
      storedRow,
      `${LATEST} JOIN unnest($1::text[], $2::text[]) AS m(p, i)
         ON observations.place = m.p AND observations.indicator = m.i ${LATEST_ORDER}`,
      [members.map((m) => m.place), members.map((m) => m.indicator)],
    );
  }

  /**
   * What the given reporters were heard to report in a scope before `until`, as one report per receive time
   * (the least signal id of those received together), oldest first. From a reporter with a `since`, every
   * report after it up to `limit`; from one without, only its latest. Reporters not heard are left out.
   */
  async heardFrom(
    em: EntityManager,
    scope: { readonly indicators: readonly string[]; readonly places?: readonly string[] },
    reporters: readonly { reporter: Reporter; since: HeardReport | null }[],
    until: string,
    limit: number,
  ): Promise<Map<Reporter, HeardReport[]>> {
    const fresh = reporters.filter((w) => w.since === null).map((w) => w.reporter);
    const known = reporters.flatMap((w) => (w.since === null ? [] : [{ ...w, since: w.since }]));
    const inScope = [scope.indicators, scope.places ?? null, until];
    const latest =
      fresh.length === 0
        ? []
        : await selectRows(
            em,
            'observations',
            heardRow,
            `SELECT rtrim(w.reporter) AS reporter, h.received_at, h.signal_id
             FROM unnest($1::bpchar[]) AS w(reporter)
             CROSS JOIN LATERAL (
               SELECT o.received_at, min(o.signal_id) AS signal_id FROM observations o
               WHERE o.reporter = w.reporter AND ${IN_SCOPE}
               GROUP BY o.received_at ORDER BY o.received_at DESC LIMIT 1) h`,
            [fresh, ...inScope],
          );
    const since =
      known.length === 0
        ? []
        : await selectRows(
            em,
            'observations',
            heardRow,
            `SELECT rtrim(w.reporter) AS reporter, h.received_at, h.signal_id
             FROM unnest($1::bpchar[], $5::timestamptz[]) AS w(reporter, since)
             CROSS JOIN LATERAL (
               SELECT o.received_at, min(o.signal_id) AS signal_id FROM observations o
               WHERE o.reporter = w.reporter AND ${IN_SCOPE} AND o.received_at > w.since
               GROUP BY o.received_at ORDER BY o.received_at LIMIT $6) h
             ORDER BY w.reporter, h.received_at`,
            [known.map((w) => w.reporter), ...inScope, known.map((w) => w.since.at), limit],
          );
    const heard = new Map<Reporter, HeardReport[]>();
    for (const r of [...latest, ...since]) {
      const list = heard.get(r.reporter) ?? [];
      list.push({ at: r.received_at.toISOString(), signalId: r.signal_id });
      heard.set(r.reporter, list);
    }
    return heard;
  }
}
