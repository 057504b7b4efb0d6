import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  errorBodySchema,
  reporterSchema,
  submissionReceiptSchema,
  type CodeEntry,
  type Rejection,
  type RejectionCode,
  type SignalInput,
} from '@atalaya/contracts';
import { createProducer, type MessageProducer } from '@atalaya/messaging';
import { ApiKeysRepository } from '@atalaya/persistence';
import {
  databaseForSuite,
  eventually,
  kafkaForSuite,
  metricValue,
  requireEnv,
  serviceEnv,
  startServiceProcess,
  TopicReader,
  type ServiceProcess,
  type SuiteDatabase,
  type TestKafka,
} from '@atalaya/testing';
import { openApiDocument } from '../apps/gateway/src/openapi.document';

const root = resolve(__dirname, '..');
const run = promisify(execFile);

type Expected = 'accepted' | 'duplicate' | RejectionCode;

/** A signal id long enough for the contract (8 characters at least). */
const id = (...parts: (string | number)[]) =>
  parts.map((p) => (typeof p === 'number' ? String(p).padStart(4, '0') : p)).join('-');

/** A month counted from January 1990, as a period. */
const month = (i: number) => {
  const start = new Date(Date.UTC(1990, i, 1));
  const end = new Date(Date.UTC(1990, i + 1, 0));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
};

const panSignal = (id: string, i: number, over: Partial<SignalInput> = {}): SignalInput => ({
  signalId: id,
  reporter: 'PAN',
  indicator: 'irregular_crossings',
  location: { country: 'PAN', place: 'darien' },
  period: month(i),
  value: 1000 + i,
  ...over,
});

/** One malformed signal of each kind a sender can get wrong, with the code Atalaya must answer. */
function badSignals(prefix: string, i: number): { body: unknown; raw?: string; expect: RejectionCode }[] {
  const base = (tag: string, over: Partial<SignalInput> = {}) => panSignal(id(prefix, tag, i), i, over);
  const { value: _value, ...missing } = base('missing');
  return [
    { body: [1, 2], expect: 'NOT_AN_OBJECT' },
    { body: missing, expect: 'MISSING_FIELD' },
    { body: { ...base('type'), value: '12' }, expect: 'WRONG_TYPE' },
    { body: { ...base('unknown'), remarks2: 1 }, expect: 'UNKNOWN_FIELD' },
    { body: base('iso', { location: { country: 'pan' } }), expect: 'INVALID_VALUE' },
    { body: base('indicator', { indicator: 'made_up_indicator' }), expect: 'UNKNOWN_INDICATOR' },
    { body: base('country', { location: { country: 'XYZ' } }), expect: 'UNKNOWN_COUNTRY' },
    { body: base('admin1', { location: { country: 'PAN', admin1: 'PA-ZZ' } }), expect: 'UNKNOWN_ADMIN1' },
    { body: base('place', { location: { country: 'PAN', place: 'atlantis' } }), expect: 'UNKNOWN_PLACE' },
    { body: base('mismatch', { reporter: 'HND' }), expect: 'REPORTER_MISMATCH' },
    { body: base('negative', { value: -5 }), expect: 'NEGATIVE_VALUE' },
    {
      body: null,
      raw: JSON.stringify(base('inf')).replace(/"value":\d+/, '"value":1e999'),
      expect: 'NON_FINITE_VALUE',
    },
    {
      body: base('inverted', { period: { start: '2020-02-01', end: '2020-01-01' } }),
      expect: 'PERIOD_INVERTED',
    },
    {
      body: base('future', { period: { start: '2099-01-01', end: '2099-01-31' } }),
      expect: 'PERIOD_IN_FUTURE',
    },
    { body: { ...base('pii'), passport_number: 'X1234567' }, expect: 'PERSONAL_DATA' },
    {
      body: base('large', {
        disaggregation: Array.from({ length: 1000 }, () => ({
          nationality: 'VEN',
          sex: 'unknown',
          ageBand: 'unknown',
          value: 1,
        })),
      }),
      expect: 'TOO_LARGE',
    },
  ];
}

/**
 * Intake through the three doors at once, over a thousand signals mixing every kind of bad input with
 * valid ones: every signal ends accepted, duplicate or rejected with its own code, and the counts add up.
 */
describe('signal intake through Kafka, HTTP and CSV', () => {
  let t: TestKafka;
  let db: SuiteDatabase;
  let producer: MessageProducer;
  let services: Record<'ingest' | 'engine' | 'gateway', ServiceProcess>;
  let rejected: TopicReader<Rejection>;
  let panKey: string;
  let dir: string;
  const expected: Expected[] = [];
  const cliRejected: Partial<Record<RejectionCode, number>> = {};
  let cliSent = 0;
  let httpAccepted = 0;
  let env: NodeJS.ProcessEnv;

  const sendKafka = async (items: { value: string; key?: string }[]) => {
    await producer.send({ topic: t.topics.signals('PAN'), acks: -1, messages: items });
  };

  const post = (body: unknown, key = panKey) =>
    fetch(`${services.gateway.url}/v1/signals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const importFile = async (file: string): Promise<{ code: number; summary: Record<string, unknown> }> => {
    try {
      const { stdout } = await run(
        process.execPath,
        ['dist/apps/cli/src/main.js', 'import', file, '--reporter', 'HND', '--json'],
        { cwd: root, env },
      );
      return { code: 0, summary: JSON.parse(stdout) as Record<string, unknown> };
    } catch (e) {
      const failed = e as { code: number; stdout: string };
      return { code: failed.code, summary: JSON.parse(failed.stdout) as Record<string, unknown> };
    }
  };

  const ingestTotal = async () => {
    const text = await services.ingest.metrics();
    return (
      metricValue(text, 'atalaya_signals_accepted_total') +
      metricValue(text, 'atalaya_signals_duplicate_total') +
      metricValue(text, 'atalaya_signals_rejected_total')
    );
  };

  const kafkaBound = () => expected.length - cliRejectedTotal() - gatewayAnswered;
  const cliRejectedTotal = () => Object.values(cliRejected).reduce((a, b) => a + (b ?? 0), 0);
  let gatewayAnswered = 0;

  const settled = () =>
    eventually(
      'ingest to judge every signal that went through Kafka',
      async () => ((await ingestTotal()) === kafkaBound() ? true : undefined),
      90000,
    );

  beforeAll(async () => {
    t = await kafkaForSuite('intake');
    db = await databaseForSuite('intake');
    env = { ...process.env, ...serviceEnv(t, db.url) };
    const [ingest, engine, gateway] = await Promise.all(
      (['ingest', 'engine', 'gateway'] as const).map((name) => startServiceProcess(name, env)),
    );
    services = { ingest, engine, gateway };
    producer = createProducer(t.kafka);
    await producer.connect();
    rejected = await TopicReader.start(t.kafka, t.rejections);
    panKey = (
      await new ApiKeysRepository().issue(db.dataSource.manager, reporterSchema.parse('PAN'), 'intake e2e')
    ).secret;
    dir = mkdtempSync(join(tmpdir(), 'atalaya-import-'));
  });

  afterAll(async () => {
    await Promise.all([rejected?.stop(), producer?.disconnect()]);
    await Promise.all(Object.values(services ?? {}).map((s) => s.stop()));
    await db?.drop();
  });

  it('judges a first wave from all three doors', async () => {
    // Kafka door: 300 valid months at the Darién, then every bad kind five times.
    const kafkaValid = Array.from({ length: 300 }, (_, i) => panSignal(id('kafka', i), i));
    const kafkaBad = [0, 1, 2, 3, 4].flatMap((n) => badSignals('kafka', 300 + n));
    await sendKafka([
      ...kafkaValid.map((s) => ({ value: JSON.stringify(s) })),
      ...kafkaBad.map((b) => ({ value: b.raw ?? JSON.stringify(b.body) })),
      { value: '{"signalId": "kafka-broken' },
    ]);
    expected.push(...kafkaValid.map(() => 'accepted' as const), ...kafkaBad.map((b) => b.expect), 'NOT_JSON');

    // HTTP door: two batches of national PAN figures with every bad kind mixed in.
    for (const wave of [0, 1]) {
      const valid = Array.from({ length: 120 }, (_, i) =>
        panSignal(id('http', wave, i), wave * 120 + i, { location: { country: 'PAN' } }),
      );
      const bad = badSignals(`http${wave}`, 400 + wave).filter((b) => b.raw === undefined);
      const res = await post([...valid, ...bad.map((b) => b.body)]);
      expect(res.status).toBe(202);
      // The answer is the published contract exactly: the strict schema refuses a field it does not list.
      const receipt = submissionReceiptSchema.parse(await res.json());
      expect(receipt.results.map((r) => r.code ?? r.status)).toEqual([
        ...valid.map(() => 'accepted'),
        ...bad.map((b) => b.expect),
      ]);
      expected.push(...valid.map(() => 'accepted' as const), ...bad.map((b) => b.expect));
      httpAccepted += receipt.counts.accepted;
      gatewayAnswered += receipt.counts.rejected + receipt.counts.duplicate;
    }
    const tooMany = await post(Array.from({ length: 501 }, (_, i) => panSignal(id('http-big', i), i)));
    expect(tooMany.status).toBe(413);
    expect(await tooMany.json()).toMatchObject({ code: 'BATCH_TOO_LARGE' });
    expected.push(...Array.from({ length: 501 }, () => 'BATCH_TOO_LARGE' as const));
    gatewayAnswered += 501;

    // File door: HND national figures as CSV, a few bad rows among them.
    const rows = Array.from(
      { length: 200 },
      (_, i) => `${id('csv', i)},HND,irregular_entries,HND,${month(i).start.slice(0, 7)},${500 + i}`,
    );
    const badRows = [
      ['csv-bad-1,HND,irregular_entries,HND,1995-01,-3', 'NEGATIVE_VALUE'],
      ['csv-bad-2,HND,irregular_entries,HND,1995-02,many', 'WRONG_TYPE'],
      ['csv-bad-3,HND,made_up_indicator,HND,1995-03,3', 'UNKNOWN_INDICATOR'],
      ['csv-bad-4,HND,irregular_entries,XYZ,1995-04,3', 'UNKNOWN_COUNTRY'],
      ['csv-bad-5,PAN,irregular_entries,HND,1995-05,3', 'REPORTER_MISMATCH'],
      ['csv-bad-6,HND,irregular_entries,HND,2099-01,3', 'PERIOD_IN_FUTURE'],
    ] as const;
    const csv = join(dir, 'hnd.csv');
    writeFileSync(
      csv,
      ['signal_id,reporter,indicator,country,month,value', ...rows, ...badRows.map(([r]) => r)].join('\n') +
        '\n',
    );
    const imported = await importFile(csv);
    expect(imported.code).toBe(2);
    expect(imported.summary).toMatchObject({ rowsRead: 206, sent: 200 });
    expected.push(...rows.map(() => 'accepted' as const), ...badRows.map(([, code]) => code));
    Object.assign(cliRejected, imported.summary.rejectedByCode);
    cliSent += 200;

    const missingColumn = join(dir, 'no-value.csv');
    writeFileSync(
      missingColumn,
      'signal_id,reporter,indicator,country,month\nx-1,HND,irregular_entries,HND,1995-01\n',
    );
    const refused = await importFile(missingColumn);
    expect(refused.code).toBe(1);
    expect(JSON.stringify(refused.summary)).toContain('MISSING_COLUMN');

    await settled();
  });

  it('judges duplicates, conflicts, corrections and stale revisions against what came before', async () => {
    // Redelivered and re-sent: same id, same content.
    await sendKafka(
      Array.from({ length: 30 }, (_, i) => ({ value: JSON.stringify(panSignal(id('kafka', i), i)) })),
    );
    expected.push(...Array.from({ length: 30 }, () => 'duplicate' as const));
    // Same id, other content.
    await sendKafka(
      Array.from({ length: 10 }, (_, i) => ({
        value: JSON.stringify(panSignal(id('kafka', 30 + i), 30 + i, { value: 1 })),
      })),
    );
    expected.push(...Array.from({ length: 10 }, () => 'SIGNAL_CONFLICT' as const));
    // A correction (revision 2) then a late revision 1 of the same series-period, in order on one key.
    for (let i = 50; i < 60; i++) {
      await sendKafka([
        {
          key: 'darien',
          value: JSON.stringify(panSignal(id('kafka', i, 'r2'), i, { revision: 2, value: 7 })),
        },
        { key: 'darien', value: JSON.stringify(panSignal(id('kafka', i, 'r1-late'), i, { value: 8 })) },
      ]);
      expected.push('accepted', 'STALE_REVISION');
    }
    // HTTP re-sends, answered as duplicates at once.
    const again = await post(
      Array.from({ length: 20 }, (_, i) => panSignal(id('http', 0, i), i, { location: { country: 'PAN' } })),
    );
    const receipt = (await again.json()) as { counts: Record<string, number> };
    expect(receipt.counts).toEqual({ accepted: 0, duplicate: 20, rejected: 0 });
    expected.push(...Array.from({ length: 20 }, () => 'duplicate' as const));
    gatewayAnswered += 20;
    // The same file imported again: the CLI re-sends, ingest knows them.
    const reimport = await importFile(join(dir, 'hnd.csv'));
    expected.push(...Array.from({ length: 200 }, () => 'duplicate' as const));
    expected.push(
      ...Object.entries(reimport.summary.rejectedByCode as Record<RejectionCode, number>).flatMap(
        ([code, n]) => Array.from({ length: n }, () => code as RejectionCode),
      ),
    );
    Object.entries(reimport.summary.rejectedByCode as Record<RejectionCode, number>).forEach(
      ([code, n]) => (cliRejected[code as RejectionCode] = (cliRejected[code as RejectionCode] ?? 0) + n),
    );
    cliSent += 200;
    await settled();
  });

  it('accounts for every signal sent: accepted + duplicate + rejected = sent, code by code', async () => {
    expect(expected.length).toBeGreaterThanOrEqual(1000);
    const [ingestText, gatewayText] = await Promise.all([
      services.ingest.metrics(),
      services.gateway.metrics(),
    ]);
    const observed: Record<string, number> = {
      accepted: metricValue(ingestText, 'atalaya_signals_accepted_total'),
      duplicate:
        metricValue(ingestText, 'atalaya_signals_duplicate_total') +
        metricValue(gatewayText, 'atalaya_signals_duplicate_total'),
    };
    const codes = new Set(expected.filter((e) => e !== 'accepted' && e !== 'duplicate'));
    codes.forEach((code) => {
      observed[code] =
        metricValue(ingestText, 'atalaya_signals_rejected_total', { code }) +
        metricValue(gatewayText, 'atalaya_signals_rejected_total', { code }) +
        (cliRejected[code] ?? 0);
    });
    const want: Record<string, number> = {};
    expected.forEach((e) => (want[e] = (want[e] ?? 0) + 1));
    expect(observed).toEqual(want);
    expect(Object.values(observed).reduce((a, b) => a + b, 0)).toBe(expected.length);
    expect(httpAccepted).toBe(240);
    expect(cliSent).toBe(400);
  });

  it('puts each rejection on the rejected topic with its code, path and source', async () => {
    const onTopic = await eventually('every rejection on the topic', () => {
      const n = expected.filter(
        (e) => e !== 'accepted' && e !== 'duplicate' && e !== 'BATCH_TOO_LARGE',
      ).length;
      return rejected.messages.length >= n - cliRejectedTotal() ? rejected.messages : undefined;
    });
    const pii = onTopic.find((m) => m.value.code === 'PERSONAL_DATA');
    expect(pii?.value.payload).toContain('withheld');
    expect(JSON.stringify(onTopic)).not.toContain('X1234567');
    onTopic.forEach((m) => {
      expect(m.key).toBe('PAN');
      expect(m.value.path).toMatch(/^\$/);
      expect(m.value.help).toBe(`/v1/codes/${m.value.code}`);
      expect(['kafka', 'http']).toContain(m.value.source.door);
    });
  });

  it('counts per reporter and stores every accepted signal once', async () => {
    const text = await services.ingest.metrics();
    expect(metricValue(text, 'atalaya_signals_accepted_total', { reporter: 'PAN' })).toBe(300 + 240 + 10);
    expect(metricValue(text, 'atalaya_signals_accepted_total', { reporter: 'HND' })).toBe(200);
    const stored = await eventually('the engine to store every accepted signal', async () => {
      const [row] = await db.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM observations`);
      return row.n === 750 ? row.n : undefined;
    });
    expect(stored).toBe(750);
  });

  it('takes a signal from kcat, a client that is not JavaScript', async () => {
    const signal = panSignal('kcat-0001', 420);
    const key = 'PAN/irregular_crossings/PAN/-/darien';
    const child = execFile('kcat', [
      '-b',
      requireEnv('KAFKA_BROKERS'),
      '-t',
      t.topics.signals('PAN'),
      '-P',
      '-K',
      '|',
      '-X',
      'partitioner=murmur2_random',
    ]);
    child.stdin?.end(`${key}|${JSON.stringify(signal)}\n`);
    await new Promise<void>((done, fail) =>
      child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`kcat exited ${code}`)))),
    );
    const found = await eventually('the kcat signal to be stored', async () => {
      const rows = await db.dataSource.query<{ signal_id: string }[]>(
        `SELECT signal_id FROM observations WHERE signal_id = 'kcat-0001'`,
      );
      return rows.length === 1 ? rows : undefined;
    });
    expect(found).toHaveLength(1);
  });

  it('answers HTTP callers with specific errors and restarts no service', async () => {
    const noKey = await fetch(`${services.gateway.url}/v1/signals`, { method: 'POST', body: '{}' });
    expect(noKey.status).toBe(401);
    // Every error answer is the published error body, strictly, with the link to its code.
    expect(errorBodySchema.parse(await noKey.json())).toMatchObject({
      code: 'UNAUTHENTICATED',
      help: '/v1/codes/UNAUTHENTICATED',
    });
    const notJson = await post('{"not json');
    expect(notJson.status).toBe(400);
    expect(errorBodySchema.parse(await notJson.json())).toMatchObject({ code: 'NOT_JSON' });
    const noRoute = await fetch(`${services.gateway.url}/v1/no-such-route`);
    expect([noRoute.status, errorBodySchema.parse(await noRoute.json()).code]).toEqual([404, 'NOT_FOUND']);
    expect((await post([], panKey)).status).toBe(400);
    const openapi = (await (await fetch(`${services.gateway.url}/docs-json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(openapi.openapi).toBe('3.1.0');
    // Which routes the document holds is the unit test's (it reads the controllers); here, that it is served.
    expect(Object.keys(openapi.paths)).toEqual(Object.keys(openApiDocument().paths));
    expect(Object.keys(openapi.paths)).toContain('/v1/signals');
    expect((await fetch(`${services.gateway.url}/docs`)).status).toBe(200);
    for (const s of Object.values(services)) {
      expect((await fetch(`${s.url}/health`)).status).toBe(200);
      expect(s.output()).not.toMatch(/could not start|"level":60/);
    }
  });

  it('judges a dry run as a submission, each rejection linked to its code, and keeps nothing', async () => {
    const gatewayBefore = await services.gateway.metrics();
    const fresh = panSignal('dry-run-0425', 425);
    const negative = panSignal('dry-run-0426', 426, { value: -3 });
    const already = panSignal(id('kafka', 0), 0);
    const res = await fetch(`${services.gateway.url}/v1/signals?dryRun=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': panKey },
      body: JSON.stringify([fresh, negative, already]),
    });
    expect(res.status).toBe(200);
    const receipt = (await res.json()) as {
      requestId: string;
      dryRun: boolean;
      counts: Record<string, number>;
      results: { status: string; code?: string; help?: string }[];
    };
    expect(receipt).toMatchObject({ dryRun: true, counts: { accepted: 1, duplicate: 1, rejected: 1 } });
    expect(receipt.results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'duplicate']);
    expect(receipt.results[1]).toMatchObject({ code: 'NEGATIVE_VALUE', help: '/v1/codes/NEGATIVE_VALUE' });
    const entry = await fetch(`${services.gateway.url}${receipt.results[1].help}`);
    expect(entry.status).toBe(200);
    const code = (await entry.json()) as CodeEntry;
    expect([code.code, code.kind]).toEqual(['NEGATIVE_VALUE', 'rejection']);
    expect(code.es.meaning).toContain('negativa');
    expect(code.en.meaning).toContain('negative');
    expect((await fetch(`${services.gateway.url}/v1/codes/NO_SUCH_CODE`)).status).toBe(404);
    // The same items for real, after the dry run: once they are stored and rejected, the dry run's would be too.
    const real = await post([panSignal('dry-run-0427', 427), panSignal('dry-run-0428', 428, { value: -3 })]);
    expect(real.status).toBe(202);
    const { requestId } = (await real.json()) as { requestId: string };
    await eventually('the real submission to be stored and its rejection published', async () => {
      const [row] = await db.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM observations WHERE signal_id = 'dry-run-0427'`,
      );
      const published = rejected.messages.some(
        (m) => m.value.source.door === 'http' && m.value.source.requestId === requestId,
      );
      return row.n === 1 && published ? true : undefined;
    });
    const [dry] = await db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM observations WHERE signal_id IN ('dry-run-0425', 'dry-run-0426')`,
    );
    expect(dry.n).toBe(0);
    expect(
      rejected.messages.filter(
        (m) => m.value.source.door === 'http' && m.value.source.requestId === receipt.requestId,
      ),
    ).toEqual([]);
    const gatewayAfter = await services.gateway.metrics();
    const counted = (text: string) =>
      metricValue(text, 'atalaya_signals_duplicate_total') +
      metricValue(text, 'atalaya_signals_rejected_total');
    expect(counted(gatewayAfter) - counted(gatewayBefore)).toBe(1);
  });
});
