import { readFileSync, writeFileSync } from 'node:fs';
import { seriesKeyOf } from '@atalaya/contracts';
import { loadRuntimeConfig } from '@atalaya/config';
import { createProducer } from '@atalaya/messaging';
import { loadReference } from '@atalaya/reference/files';
import { kafkaForSuite, requireEnv, serviceEnv, type TestKafka } from '@atalaya/testing';
import { backtest, isPerSeries, parseCatalogue } from '@atalaya/triggers';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { consumeAll } from '../pipeline/limits';
import { benchMessages, type BenchMessage } from './naive.bench-signals';
import { measureNaive } from './naive.measure';

/**
 * The naive baseline (docs/performance.md, "The naive baseline") on BENCH_SIGNALS messages (20000) across
 * the signals topics, some of them sent twice and some invalid, next to a bare kafkajs consumer reading the
 * same messages in the same run. Then what the baseline stored is reconciled with what it was sent, so a
 * baseline that skipped its work cannot pass for a fast one.
 */
const N = Number(process.env.BENCH_SIGNALS ?? 20000);
const CHUNK = 2000;

async function produce(t: TestKafka, messages: readonly BenchMessage[]): Promise<void> {
  const producer = createProducer(t.kafka);
  await producer.connect();
  for (let from = 0; from < messages.length; from += CHUNK) {
    const chunk = messages.slice(from, from + CHUNK);
    const reporters = [...new Set(chunk.map((m) => m.reporter))];
    await producer.sendBatch({
      acks: -1,
      topicMessages: reporters.map((r) => ({
        topic: t.topics.signals(r),
        messages: chunk.filter((m) => m.reporter === r).map(({ key, value }) => ({ key, value })),
      })),
    });
  }
  await producer.disconnect();
}

const countRow = z.object({ n: z.coerce.number() });

async function stored(databaseUrl: string): Promise<{ observations: number; alertEvents: number }> {
  const ds = await new DataSource({ type: 'postgres', url: databaseUrl }).initialize();
  try {
    const count = async (table: string) =>
      countRow.parse((await ds.query<unknown[]>(`SELECT count(*) AS n FROM ${table}`))[0]).n;
    return {
      observations: await count('naive_observations'),
      alertEvents: await count('naive_alert_events'),
    };
  } finally {
    await ds.destroy();
  }
}

/** The alert events the catalogue's per-series triggers raise over the new signals, each series from scratch. */
function expectedAlertEvents(signals: ReturnType<typeof benchMessages>['signals']): number {
  const config = loadRuntimeConfig();
  const reference = loadReference(config.ATALAYA_REFERENCE_DIR);
  const catalogue = parseCatalogue(
    readFileSync(config.ATALAYA_CATALOGUE, 'utf8'),
    config.ATALAYA_CATALOGUE,
    reference,
  );
  const history = signals.map((s) => ({ ...s, seriesKey: seriesKeyOf(s) }));
  return backtest(catalogue.triggers.filter(isPerSeries), history).events.length;
}

async function main(): Promise<void> {
  const databaseUrl = requireEnv('DATABASE_URL');
  const t = await kafkaForSuite('naive');
  const { messages, signals } = benchMessages(N);
  await produce(t, messages);
  const kinds = (kind: BenchMessage['kind']) => messages.filter((m) => m.kind === kind).length;
  process.stderr.write(
    `bench: ${N} messages (${kinds('valid')} new, ${kinds('duplicate')} sent again, ${kinds('invalid')} invalid)\n`,
  );
  const topics = loadReference(loadRuntimeConfig().ATALAYA_REFERENCE_DIR).reporters.map((r) =>
    t.topics.signals(r.iso3),
  );

  const raw = await consumeAll(t.kafka, topics, N);
  process.stderr.write(`bench: raw kafkajs consume ${raw.toFixed(0)} msg/s\n`);

  const naive = await measureNaive({
    kafka: t.kafka,
    topics,
    databaseUrl,
    env: serviceEnv(t, databaseUrl),
    expectedMessages: N,
  });

  const expected = { observations: signals.length, alertEvents: expectedAlertEvents(signals) };
  const found = await stored(databaseUrl);
  if (expected.alertEvents === 0 || JSON.stringify(found) !== JSON.stringify(expected)) {
    throw new Error(
      `the naive baseline stored ${JSON.stringify(found)}, expected ${JSON.stringify(expected)} ` +
        '(a run with no alert event to expect means the bench signals no longer cross the triggers)',
    );
  }

  const result = {
    messages: N,
    newSignals: kinds('valid'),
    duplicates: kinds('duplicate'),
    invalid: kinds('invalid'),
    alertEvents: found.alertEvents,
    rawKafkajsConsumePerSecond: Math.round(raw),
    naiveSignalsPerSecond: Math.round(naive.signalsPerSec),
    naiveSeconds: Number(naive.seconds.toFixed(2)),
    naivePeakRssMb: Math.round(naive.rssMb),
    naiveToRawRatio: Number((naive.signalsPerSec / raw).toFixed(4)),
  };
  writeFileSync('dist/bench/naive.json', `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `naive: ${result.naiveSignalsPerSecond} messages/s through the naive NestJS baseline (validate, save(), ` +
      `evaluate, save() the ${result.alertEvents} alert events) in ${result.naiveSeconds} s, ` +
      `peak RSS ${result.naivePeakRssMb} MB; ${result.rawKafkajsConsumePerSecond} msg/s raw kafkajs consume, ` +
      `ratio ${result.naiveToRawRatio}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
