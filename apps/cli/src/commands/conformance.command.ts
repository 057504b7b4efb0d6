import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import {
  judgeSample,
  jsonRecords,
  type ConformanceReport,
  type ConformanceVerdict,
  type SampleRecord,
  type ValidationContext,
} from '@atalaya/contracts';
import { kafkaConnection, loadRuntimeConfig } from '@atalaya/config';
import { createKafka } from '@atalaya/messaging';
import { loadReference } from '@atalaya/reference/files';
import { checkImport } from '../import/import.check';
import { formatFileFaults } from '../import/import.report';
import { readToEnd } from '../read-to-end';

const JSON_LINES = new Set(['.jsonl', '.ndjson', '.json']);
const DEFAULT_MAX = 10_000;

interface ConformanceOptions {
  readonly reporter: string;
  readonly topic?: string;
  readonly max: string;
  readonly json?: boolean;
}

export function conformanceCommand(program: Command): void {
  program
    .command('conformance')
    .argument(
      '[file]',
      'a sample of your output: JSON lines (.jsonl, .ndjson), a JSON array or lines (.json), or CSV or HXL',
    )
    .requiredOption('--reporter <ISO3>', 'your state, whose figures the sample holds, e.g. PAN')
    .option('--topic <topic>', 'read the sample from this topic of your own broker (KAFKA_BROKERS) instead')
    .option('--max <n>', 'read at most this many messages from the topic', String(DEFAULT_MAX))
    .option('--json', 'print the report as JSON')
    .description(
      'say what Atalaya would accept, treat as a duplicate or reject in a sample of your output, with the ' +
        'code and line of each rejection; nothing is stored or sent. Exit 0: all would be taken, 2: some ' +
        'rejected, 1: the file was refused',
    )
    .action(async (file: string | undefined, opts: ConformanceOptions) => {
      process.exitCode = await runConformance(file, opts);
    });
}

async function runConformance(file: string | undefined, opts: ConformanceOptions): Promise<number> {
  const { reporter } = opts;
  if (!/^[A-Z]{3}$/.test(reporter)) {
    throw new Error(`--reporter must be an ISO 3166-1 alpha-3 code in capitals, e.g. PAN, not "${reporter}"`);
  }
  if ((file === undefined) === (opts.topic === undefined)) {
    throw new Error('give one sample: a file, or --topic <topic> on your own broker');
  }
  const config = loadRuntimeConfig();
  const reference = loadReference(config.ATALAYA_REFERENCE_DIR);
  if (!reference.isCountry(reporter)) throw new Error(`--reporter ${reporter} is not an ISO 3166-1 country`);
  const ctx: ValidationContext = { reporter, reference, today: new Date().toISOString().slice(0, 10) };
  const source = file ?? `topic ${opts.topic}`;

  let records: SampleRecord[];
  if (file === undefined) {
    records = await topicSample(opts.topic as string, maxOf(opts.max), config);
  } else if (JSON_LINES.has(extname(file).toLowerCase())) {
    records = jsonRecords(readSample(file));
  } else {
    const check = checkImport(readSample(file), ctx);
    if (!check.ok) {
      if (opts.json) console.log(JSON.stringify({ source, ok: false, faults: check.faults }, null, 2));
      else console.error(formatFileFaults(file, check.faults));
      return 1;
    }
    records = check.rows.map((row) =>
      row.ok
        ? { line: row.line, signal: row.signal }
        : { line: row.rejection.line, fault: row.rejection, column: row.rejection.column },
    );
  }
  const report = judgeSample(records, ctx);
  console.log(
    opts.json
      ? JSON.stringify({ source, reporter, ...report }, null, 2)
      : formatReport(source, reporter, report),
  );
  return report.rejected > 0 ? 2 : 0;
}

function maxOf(text: string): number {
  const max = Number(text);
  if (!Number.isInteger(max) || max < 1)
    throw new Error(`--max must be a whole number of at least 1, not "${text}"`);
  return max;
}

function readSample(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
}

/** The first messages of each partition of the topic, at most `max` in all; `line` is the message's offset. */
async function topicSample(
  topic: string,
  max: number,
  config: ReturnType<typeof loadRuntimeConfig>,
): Promise<SampleRecord[]> {
  const logger = pino({ level: 'warn', base: { service: 'cli' } }, pino.destination({ dest: 2, sync: true }));
  const kafka = createKafka(kafkaConnection(config), 'atalaya-conformance', logger);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    const ends = new Map(
      offsets
        .filter((p) => BigInt(p.high) > BigInt(p.low))
        .map((p) => [p.partition, minBig(BigInt(p.high), BigInt(p.low) + BigInt(max))]),
    );
    if (ends.size === 0) return [];
    const read = await readToEnd(kafka, topic, ends, `atalaya-cli-conformance-${process.pid}-${Date.now()}`);
    return read
      .slice(0, max)
      .map(({ message }) => ({ line: Number(message.offset), raw: message.value ?? '' }));
  } finally {
    await admin.disconnect();
  }
}

const minBig = (a: bigint, b: bigint) => (a < b ? a : b);

/** One line per rejection and duplicate, then the summary that adds up. */
function formatReport(source: string, reporter: string, report: ConformanceReport): string {
  const unit = source.startsWith('topic ') ? 'offset' : 'line';
  const lines = report.verdicts
    .filter((v) => v.status !== 'accepted')
    .map((v) => `  ${unit} ${v.line}: ${verdictText(v)}`);
  const codes = Object.entries(report.codes)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  return [
    `conformance of ${source} as ${reporter}: nothing was stored or sent`,
    ...lines,
    `read ${report.read}: accepted ${report.accepted}, duplicate ${report.duplicate}, rejected ${report.rejected}` +
      (codes === '' ? '' : ` (${codes})`),
    ...(report.rejected > 0 ? ['each code: GET /v1/codes/<CODE> on the gateway, or docs/codes.md'] : []),
  ].join('\n');
}

function verdictText(v: ConformanceVerdict): string {
  if (v.status === 'duplicate') return `duplicate of ${v.signalId} earlier in the sample`;
  const column = v.column === undefined ? '' : ` (column ${v.column})`;
  return `${v.code} at ${v.path}${column}: ${v.message}`;
}
