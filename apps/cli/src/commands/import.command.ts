import { readFileSync } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import pino from 'pino';
import { seriesKeyOf, topicNames, type Signal } from '@atalaya/contracts';
import { kafkaConnection, loadRuntimeConfig } from '@atalaya/config';
import { createKafka, createProducer, type KafkaConnection } from '@atalaya/messaging';
import { loadReference } from '@atalaya/reference/files';
import { checkImport, type ImportCheck } from '../import/import.check';
import { exitCodeOf, formatFileFaults, formatSummary, summarise } from '../import/import.report';

/** Signals per produce request: large enough to be quick, small enough to show progress on a big file. */
const SEND_BATCH = 500;

interface ImportOptions {
  readonly reporter: string;
  readonly dryRun?: boolean;
  readonly json?: boolean;
}

export function importCommand(program: Command): void {
  program
    .command('import')
    .argument('<file>', 'a CSV file exported from a spreadsheet, plain or HXL-tagged (see docs/import.md)')
    .requiredOption('--reporter <ISO3>', 'the reporting state whose figures these are, e.g. PAN')
    .option('--dry-run', 'check every row and print the report; send nothing')
    .option('--json', 'print the report as JSON')
    .description(
      "check a file of figures row by row and publish the valid rows to the reporter's signals topic; " +
        'exit 0: all rows valid, 2: some rows rejected (the others sent), 1: the file was refused',
    )
    .action(async (file: string, opts: ImportOptions) => {
      process.exitCode = await runImport(file, opts);
    });
}

async function runImport(file: string, opts: ImportOptions): Promise<number> {
  const { reporter } = opts;
  if (!/^[A-Z]{3}$/.test(reporter)) {
    throw new Error(`--reporter must be an ISO 3166-1 alpha-3 code in capitals, e.g. PAN, not "${reporter}"`);
  }
  const config = loadRuntimeConfig();
  const reference = loadReference(config.ATALAYA_REFERENCE_DIR);
  if (!reference.isCountry(reporter)) throw new Error(`--reporter ${reporter} is not an ISO 3166-1 country`);
  const topic = topicNames(config.ATALAYA_TOPIC_PREFIX).signals(reporter);
  const text = readText(file);

  const progress = progressBar();
  let check: ImportCheck;
  let sent = 0;
  try {
    const today = new Date().toISOString().slice(0, 10);
    check = checkImport(text, { reporter, reference, today }, (done, total) =>
      progress?.show('checking rows', done, total),
    );
    if (check.ok && !opts.dryRun) {
      const signals = check.rows.flatMap((r) => (r.ok ? [r.signal] : []));
      sent = await send(signals, topic, kafkaConnection(config), (done) =>
        progress?.show('sending signals', done, signals.length),
      );
    }
  } finally {
    progress?.stop();
  }

  if (!check.ok) {
    if (opts.json) console.log(JSON.stringify({ file, ok: false, faults: check.faults }, null, 2));
    else console.error(formatFileFaults(file, check.faults));
    return 1;
  }
  const summary = summarise(check, { file, reporter, topic, dryRun: opts.dryRun === true, sent });
  console.log(opts.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
  return exitCodeOf(summary);
}

function readText(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
}

async function send(
  signals: readonly Signal[],
  topic: string,
  connection: KafkaConnection,
  onSent: (done: number) => void,
): Promise<number> {
  if (signals.length === 0) return 0;
  // The client's own warnings go to stderr: stdout carries the report, which --json makes machine-read.
  const logger = pino({ level: 'warn', base: { service: 'cli' } }, pino.destination({ dest: 2, sync: true }));
  const producer = createProducer(createKafka(connection, 'atalaya-import', logger));
  let sent = 0;
  try {
    await producer.connect();
    for (let i = 0; i < signals.length; i += SEND_BATCH) {
      const batch = signals.slice(i, i + SEND_BATCH);
      await producer.send({
        topic,
        acks: -1,
        // Keyed by series: one series stays on one partition, so its months arrive in file order.
        messages: batch.map((s) => ({ key: seriesKeyOf(s), value: JSON.stringify(s) })),
      });
      sent += batch.length;
      onSent(sent);
    }
    return sent;
  } catch (e) {
    throw new Error(
      `sending to ${topic} failed after ${sent} of ${signals.length} signals: ${(e as Error).message}. ` +
        'Run the same import again once the broker is reachable: the signals keep their ids, so those ' +
        'already sent are stored once.',
    );
  } finally {
    await producer.disconnect();
  }
}

/** A progress bar on stderr for an operator watching a terminal; nothing at all in a pipe or a log. */
function progressBar() {
  if (!process.stderr.isTTY) return undefined;
  const bar = new SingleBar(
    {
      format: '{phase} [{bar}] {value}/{total}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  let running = false;
  return {
    show(phase: string, done: number, total: number) {
      if (!running) bar.start(total, done, { phase });
      else {
        bar.setTotal(total);
        bar.update(done, { phase });
      }
      running = true;
    },
    stop() {
      if (running) bar.stop();
    },
  };
}
