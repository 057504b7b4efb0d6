import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  rejectionCodes,
  reporterSchema,
  type Rejection,
  type RejectionCode,
  type SignalInput,
} from '@atalaya/contracts';
import { createProducer, sendChunked, type MessageProducer } from '@atalaya/messaging';
import { ApiKeysRepository } from '@atalaya/persistence';
import {
  darienJanuary2023,
  databaseForSuite,
  describeHostile,
  eventually,
  hostileSignal,
  INJECTIONS,
  kafkaForSuite,
  metricValue,
  runCli,
  serviceEnv,
  startServiceProcess,
  TopicReader,
  type HostileSignal,
  type ServiceProcess,
  type SuiteDatabase,
  type TestKafka,
} from '@atalaya/testing';
import fc from 'fast-check';

/**
 * Hostile input through the three doors (docs/resilience.md): 7,000 generated messages on Kafka, 2,500
 * items and 60 raw bodies over HTTP and 1,000 rows in CSV files, every one malformed or hostile. Each is
 * rejected with a code it may have; ingest and the gateway neither crash nor restart; the counts reconcile;
 * and every line the services logged is one JSON object, with no control character of a payload in it.
 */
const SEED = 2031;
const KAFKA = 7000;
const HTTP_ITEMS = 2500;
const HTTP_RAW = 60;
const CSV_ROWS = 1000;

const today = new Date().toISOString().slice(0, 10);
const base: SignalInput = { ...darienJanuary2023, signalId: 'pan-hostile-base' };
const sample = (n: number, seed: number, keep: (h: HostileSignal) => boolean = () => true) =>
  fc.sample(hostileSignal(base, { other: 'COL', today }).filter(keep), { numRuns: n, seed });

/** Where a verdict's code is not one the message may have: the message, described, and what it got. */
const misjudged = (sent: readonly HostileSignal[], got: readonly (string | undefined)[]) =>
  sent.flatMap((h, i) =>
    h.codes.includes(got[i] as RejectionCode) ? [] : [`${got[i]} for ${describeHostile(h)}`],
  );

describe('hostile input through Kafka, HTTP and CSV', () => {
  let t: TestKafka;
  let db: SuiteDatabase;
  let producer: MessageProducer;
  let ingest: ServiceProcess;
  let gateway: ServiceProcess;
  let rejected: TopicReader<Rejection>;
  let key: string;
  let env: NodeJS.ProcessEnv;
  let pids: number[];

  beforeAll(async () => {
    t = await kafkaForSuite('hostile');
    db = await databaseForSuite('hostile');
    env = { ...process.env, ...serviceEnv(t, db.url) };
    [ingest, gateway] = await Promise.all(
      (['ingest', 'gateway'] as const).map((name) => startServiceProcess(name, env)),
    );
    pids = [ingest.pid, gateway.pid];
    producer = createProducer(t.kafka);
    await producer.connect();
    rejected = await TopicReader.start(t.kafka, t.rejections);
    key = (
      await new ApiKeysRepository().issue(db.dataSource.manager, reporterSchema.parse('PAN'), 'hostile e2e')
    ).secret;
  });

  afterAll(async () => {
    await Promise.all([rejected?.stop(), producer?.disconnect()]);
    await Promise.all([ingest, gateway].map((s) => s?.stop()));
    await db?.drop();
  });

  it(`rejects each of ${KAFKA} hostile messages on Kafka with its code, once`, async () => {
    const sent = sample(KAFKA, SEED);
    // One partition of a new topic, so that the n-th message is at offset n; requests under the broker's 1 MB.
    await sendChunked(producer, [
      { topic: t.topics.signals('PAN'), messages: sent.map((h) => ({ partition: 0, value: h.raw })) },
    ]);
    const fromKafka = () =>
      rejected.messages.filter((m) => m.value.source.door === 'kafka').map((m) => m.value);
    await eventually(
      `${KAFKA} rejections on the topic`,
      () => (fromKafka().length >= KAFKA ? true : undefined),
      120_000,
    );
    const byOffset = new Map(
      fromKafka().map((r) => [Number(r.source.door === 'kafka' ? r.source.offset : -1), r.code]),
    );
    expect(byOffset.size).toBe(KAFKA);
    expect(
      misjudged(
        sent,
        sent.map((_, i) => byOffset.get(i)),
      ),
    ).toEqual([]);
    expect(new Set(sent.map((h) => h.kind)).size).toBe(10);
  });

  it(`answers each of ${HTTP_ITEMS} hostile items and ${HTTP_RAW} hostile bodies over HTTP with its code`, async () => {
    const post = (body: string | Buffer) =>
      fetch(`${gateway.url}/v1/signals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body,
      });
    // Deep nesting refuses a whole body before it is parsed (below): the batches hold every other kind.
    const items = sample(HTTP_ITEMS, SEED + 1, (h) => h.json && h.kind !== 'deeply_nested');
    // A batch of oversize items would pass the 8 MB body limit: those go twenty at a time.
    const batches = [
      ...chunks(
        items.filter((h) => h.kind !== 'oversize'),
        500,
      ),
      ...chunks(
        items.filter((h) => h.kind === 'oversize'),
        20,
      ),
    ];
    const misjudgedItems: string[] = [];
    for (const batch of batches) {
      const res = await post(`[${batch.map((h) => h.raw.toString()).join(',')}]`);
      const answer = await res.text();
      if (res.status !== 202) {
        await new Promise((r) => setTimeout(r, 1000));
        const logged = gateway
          .output()
          .split('\n')
          .filter((l) => l.includes('"level":50'));
        throw new Error(
          `${res.status} ${answer}\n${logged.join('\n').slice(0, 3000)}\nkinds: ${[...new Set(batch.map((h) => h.kind))].join(', ')}`,
        );
      }
      const receipt = JSON.parse(answer) as { counts: Record<string, number>; results: { code?: string }[] };
      expect(receipt.counts).toEqual({ accepted: 0, duplicate: 0, rejected: batch.length });
      misjudgedItems.push(
        ...misjudged(
          batch,
          receipt.results.map((r) => r.code),
        ),
      );
    }
    expect(misjudgedItems).toEqual([]);

    const bodies = sample(HTTP_RAW, SEED + 2, (h) => h.kind === 'invalid_utf8' || h.kind === 'deeply_nested');
    const answers: string[] = [];
    for (const h of bodies) {
      const res = await post(h.raw);
      const { code } = (await res.json()) as { code?: string; results?: { code?: string }[] };
      answers.push(res.status === 202 ? 'judged' : `${res.status} ${code}`);
    }
    const expected = { invalid_utf8: '400 NOT_JSON', deeply_nested: '400 TOO_DEEP' } as Record<
      string,
      string
    >;
    expect(answers.filter((a, i) => a !== expected[bodies[i].kind])).toEqual([]);
    // The one body that used to take the gateway's heap: 8 MB of nested arrays, one batch's worth.
    const flood = Buffer.from(`[${'['.repeat(4_000_000)}${']'.repeat(4_000_000)}]`);
    const res = await post(flood);
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([400, 'TOO_DEEP']);
  });

  it(`rejects each of ${CSV_ROWS} hostile rows of a CSV file with its line and code, and sends none`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atalaya-hostile-'));
    const rows = fc.sample(hostileRow(), { numRuns: CSV_ROWS, seed: SEED + 3 });
    const file = join(dir, 'hostile.csv');
    writeFileSync(
      file,
      ['signal_id,reporter,indicator,country,place,month,value', ...rows.map((r) => r.line)].join('\n') +
        '\n',
    );
    const imported = await runCli(env, 'import', file, '--reporter', 'PAN', '--json');
    expect(imported.code).toBe(2);
    const summary = JSON.parse(imported.stdout) as {
      rowsRead: number;
      sent: number;
      rejected: { line: number; code: string }[];
    };
    expect({ rowsRead: summary.rowsRead, sent: summary.sent, rejected: summary.rejected.length }).toEqual({
      rowsRead: CSV_ROWS,
      sent: 0,
      rejected: CSV_ROWS,
    });
    // Every row is rejected, in file order: the i-th rejection is the i-th row's.
    const wrong = summary.rejected.filter((r, i) => !rows[i].codes.includes(r.code as RejectionCode));
    expect(
      wrong.map((r) => `line ${r.line}: ${r.code} for ${rows[summary.rejected.indexOf(r)].line}`),
    ).toEqual([]);

    const latin1 = join(dir, 'latin1.csv');
    writeFileSync(
      latin1,
      Buffer.from(
        'signal_id,indicator,country,place,month,value\npan-x-1,irregular_crossings,PAN,darien,2023-01,5,Darién\n',
        'latin1',
      ),
    );
    const refused = await runCli(env, 'import', latin1, '--reporter', 'PAN', '--json');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('UNREADABLE_CSV');
  });

  it('reconciles: ingest judged every Kafka message, accepted none, and no service restarted', async () => {
    const text = await ingest.metrics();
    const counted = (name: string) => metricValue(text, name);
    expect({
      accepted: counted('atalaya_signals_accepted_total'),
      duplicate: counted('atalaya_signals_duplicate_total'),
      rejected: counted('atalaya_signals_rejected_total'),
    }).toEqual({ accepted: 0, duplicate: 0, rejected: KAFKA });
    const codes = new Set<string>(rejectionCodes);
    expect(rejected.messages.filter((m) => !codes.has(m.value.code))).toEqual([]);
    expect([ingest.pid, gateway.pid]).toEqual(pids);
    for (const s of [ingest, gateway]) {
      expect((await fetch(`${s.url}/health/live`)).status).toBe(200);
    }
  });

  it('still accepts a good signal after all of it', async () => {
    await producer.send({
      topic: t.topics.signals('PAN'),
      acks: -1,
      messages: [{ value: JSON.stringify({ ...base, signalId: 'pan-hostile-after' }) }],
    });
    await eventually('the good signal to be accepted', async () =>
      metricValue(await ingest.metrics(), 'atalaya_signals_accepted_total') === 1 ? true : undefined,
    );
  });

  it('logs every line as one JSON object, with no control character or forged line from a payload', () => {
    for (const s of [ingest, gateway]) {
      const lines = s
        .output()
        .split('\n')
        .filter((l) => l.length > 0);
      const notJson = lines.filter((l) => {
        try {
          return typeof JSON.parse(l) !== 'object';
        } catch {
          return true;
        }
      });
      expect(notJson).toEqual([]);
      // eslint-disable-next-line no-control-regex
      expect(lines.filter((l) => /[\u0000-\u001f\u007f\u0085\u202e\u200d]/.test(l))).toEqual([]);
      expect(lines.filter((l) => (JSON.parse(l) as { msg?: string }).msg === 'forged log line')).toEqual([]);
    }
  });
});

function chunks<T>(xs: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));
}

/** A CSV cell: quoted, so that a comma, a quote or a line break in it stays in its cell. */
const cell = (v: string) => `"${v.replaceAll('"', '""')}"`;

/** A row of PAN's figures with one cell made hostile, and the codes that row may be rejected with. */
function hostileRow(): fc.Arbitrary<{ line: string; codes: readonly RejectionCode[] }> {
  const good = {
    signal_id: 'pan-csv-row',
    reporter: 'PAN',
    indicator: 'irregular_crossings',
    country: 'PAN',
    place: 'darien',
    month: '2023-01',
    value: '24634',
  };
  const screened: RejectionCode[] = ['PERSONAL_DATA'];
  const column = fc.constantFrom(
    { name: 'signal_id', codes: ['INVALID_VALUE', ...screened] },
    { name: 'reporter', codes: ['INVALID_VALUE', 'REPORTER_MISMATCH', ...screened] },
    { name: 'indicator', codes: ['INVALID_VALUE', 'UNKNOWN_INDICATOR', ...screened] },
    { name: 'country', codes: ['INVALID_VALUE', 'UNKNOWN_COUNTRY', ...screened] },
    { name: 'place', codes: ['INVALID_VALUE', 'UNKNOWN_PLACE', ...screened] },
    { name: 'month', codes: ['INVALID_VALUE', 'WRONG_TYPE', ...screened] },
  ) as fc.Arbitrary<{ name: keyof typeof good; codes: RejectionCode[] }>;
  const injected = fc
    .tuple(
      fc.integer({ min: 0, max: 1e9 }),
      column,
      fc.constantFrom(...INJECTIONS),
      fc.string({ maxLength: 10 }),
    )
    .map(([n, col, injection, tail]) => ({
      row: { ...good, signal_id: `pan-csv-${n}`, [col.name]: `${injection}${tail}` },
      codes: col.codes,
    }));
  const numbers = fc
    .tuple(
      fc.integer({ min: 0, max: 1e9 }),
      fc.constantFrom(
        '1e400',
        '-1e400',
        '9007199254740993',
        '1e300',
        'NaN',
        'Infinity',
        '0x1F',
        '1,5e3',
        '--5',
      ),
    )
    .map(([n, value]) => ({
      row: { ...good, signal_id: `pan-csv-${n}`, value },
      codes: ['NON_FINITE_VALUE', 'INVALID_VALUE', 'WRONG_TYPE', 'NEGATIVE_VALUE'] as RejectionCode[],
    }));
  const future = fc
    .tuple(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 900 }))
    .map(([n, months]) => {
      const d = new Date();
      d.setUTCMonth(d.getUTCMonth() + months);
      return {
        row: { ...good, signal_id: `pan-csv-${n}`, month: d.toISOString().slice(0, 7) },
        codes: ['PERIOD_IN_FUTURE'] as RejectionCode[],
      };
    });
  const otherState = fc.integer({ min: 0, max: 1e9 }).map((n) => ({
    row: { ...good, signal_id: `pan-csv-${n}`, reporter: 'COL' },
    codes: ['REPORTER_MISMATCH'] as RejectionCode[],
  }));
  return fc.oneof(injected, numbers, future, otherState).map(({ row, codes }) => ({
    line: Object.values(row).map(cell).join(','),
    codes,
  }));
}
