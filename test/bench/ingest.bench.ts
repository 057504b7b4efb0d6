import { writeFileSync } from 'node:fs';
import { seriesKeyOf, type SignalInput } from '@atalaya/contracts';
import { createProducer } from '@atalaya/messaging';
import {
  eventually,
  kafkaForSuite,
  metricValue,
  requireEnv,
  serviceEnv,
  startServiceProcess,
  type ServiceProcess,
} from '@atalaya/testing';
import { consumeAll } from './pipeline/limits';

/**
 * Signals per second through `ingest` (validate, judge against the ledger in PostgreSQL, produce the
 * observation, commit) next to a bare kafkajs consumer reading the same messages on the same broker in the
 * same run. The ratio is the figure: absolute rates depend on the machine.
 */
const N = Number(process.env.BENCH_SIGNALS ?? 20000);
const REPORTERS = ['PAN', 'HND', 'MEX', 'GTM'];
/** A day per signal and reporter, the last one yesterday, so no period ends after today whatever N is. */
const FIRST_DAY =
  Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) -
  (Math.ceil(N / REPORTERS.length) + 1) * 86_400_000;

function signalOf(i: number): SignalInput {
  const reporter = REPORTERS[i % REPORTERS.length];
  const day = new Date(FIRST_DAY + Math.floor(i / REPORTERS.length) * 86_400_000).toISOString().slice(0, 10);
  return {
    signalId: `bench-${reporter}-${i}`,
    reporter,
    indicator: 'irregular_entries',
    location: { country: reporter },
    period: { start: day, end: day },
    value: i % 5000,
  };
}

async function main(): Promise<void> {
  const t = await kafkaForSuite('bench');
  const topics = REPORTERS.map((r) => t.topics.signals(r));
  const producer = createProducer(t.kafka);
  await producer.connect();
  for (let from = 0; from < N; from += 2000) {
    const chunk = Array.from({ length: Math.min(2000, N - from) }, (_, k) => signalOf(from + k));
    await producer.sendBatch({
      acks: -1,
      topicMessages: REPORTERS.map((r) => ({
        topic: t.topics.signals(r),
        messages: chunk
          .filter((s) => s.reporter === r)
          .map((s) => ({ key: seriesKeyOf(s), value: JSON.stringify(s) })),
      })),
    });
  }
  await producer.disconnect();
  process.stderr.write(`bench: ${N} signals on ${topics.length} topics\n`);

  const raw = await consumeAll(t.kafka, topics, N);
  process.stderr.write(`bench: raw kafkajs consume ${raw.toFixed(0)} msg/s\n`);

  const ingest = await startServiceProcess('ingest', {
    ...serviceEnv(t, requireEnv('DATABASE_URL')),
    LOG_LEVEL: 'warn',
  });
  try {
    return await measure(ingest, raw);
  } finally {
    await ingest.stop();
  }
}

async function measure(ingest: ServiceProcess, raw: number): Promise<void> {
  const accepted = async () => metricValue(await ingest.metrics(), 'atalaya_signals_accepted_total');
  const first = await eventually('ingest to accept its first signal', async () =>
    (await accepted()) > 0 ? performance.now() : undefined,
  );
  const counted = await accepted();
  const last = await eventually(
    `ingest to accept all ${N} signals`,
    async () => ((await accepted()) >= N ? performance.now() : undefined),
    600000,
  );
  const through = ((N - counted) / (last - first)) * 1000;

  const result = {
    signals: N,
    rawKafkajsConsumePerSecond: Math.round(raw),
    ingestSignalsPerSecond: Math.round(through),
    ingestToRawRatio: Number((through / raw).toFixed(3)),
  };
  writeFileSync('dist/bench/ingest.json', `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `ingest: ${result.ingestSignalsPerSecond} signals/s through ingest (validate + ledger + produce), ` +
      `${result.rawKafkajsConsumePerSecond} msg/s raw kafkajs consume, ratio ${result.ingestToRawRatio}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
