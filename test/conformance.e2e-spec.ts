import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signalExample } from '@atalaya/contracts';
import { createProducer } from '@atalaya/messaging';
import {
  databaseForSuite,
  kafkaForSuite,
  runCli,
  serviceEnv,
  signalMessages,
  type SuiteDatabase,
  type TestKafka,
} from '@atalaya/testing';

/**
 * The check an agency runs before going live, against the real broker: a sample on a topic of its own is
 * judged record by record, with the codes of the doors, and nothing is kept, counted or sent on.
 */
describe('atalaya conformance', () => {
  let t: TestKafka;
  let db: SuiteDatabase;
  let env: NodeJS.ProcessEnv;
  const august = {
    ...signalExample,
    signalId: 'PAN:irregular_crossings:darien:2023-08',
    period: { start: '2023-08-01', end: '2023-08-31' },
    value: 81946,
  };
  const sample = [
    signalExample,
    august,
    { ...august, signalId: 'PAN:irregular_crossings:darien:2023-09', value: -75268 },
    signalExample,
    { ...august, reporter: 'COL' },
  ];

  beforeAll(async () => {
    t = await kafkaForSuite('conformance');
    db = await databaseForSuite('conformance');
    env = serviceEnv(t, db.url);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('judges a sample read from a topic, offset by offset, and the counts add up', async () => {
    const topic = t.topics.signals('PAN');
    const producer = createProducer(t.kafka);
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: [...signalMessages(sample), { key: 'x', value: '{"value": 1' }],
    });
    await producer.disconnect();

    const run = await runCli(env, 'conformance', '--topic', topic, '--reporter', 'PAN', '--json');
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as {
      read: number;
      accepted: number;
      duplicate: number;
      rejected: number;
      codes: Record<string, number>;
      verdicts: { line: number; status: string; code?: string }[];
    };
    expect(report).toMatchObject({ read: 6, accepted: 2, duplicate: 1, rejected: 3 });
    expect(report.accepted + report.duplicate + report.rejected).toBe(report.read);
    expect(report.codes).toEqual({ NEGATIVE_VALUE: 1, NOT_JSON: 1, REPORTER_MISMATCH: 1 });

    const text = await runCli(env, 'conformance', '--topic', topic, '--reporter', 'PAN', '--max', '3');
    expect(text.stdout).toContain('read 3: accepted 2, duplicate 0, rejected 1 (NEGATIVE_VALUE 1)');
    expect(text.stdout).toMatch(/offset \d+: NEGATIVE_VALUE at \$\.value/);
  });

  it('stores and sends nothing: no rejection published, no ledger row written', async () => {
    const admin = t.kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(t.topics.rejections('PAN'));
    await admin.disconnect();
    expect(offsets.map((p) => p.high)).toEqual(offsets.map(() => '0'));
    const tables = await db.dataSource.query<{ n: number }[]>(
      `SELECT (SELECT count(*) FROM signal_ledger)::int + (SELECT count(*) FROM observations)::int AS n`,
    );
    expect(tables[0].n).toBe(0);
  });

  it('judges a JSON-lines file line by line, and refuses a CSV file without its columns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atalaya-conformance-'));
    const lines = join(dir, 'darien.jsonl');
    writeFileSync(
      lines,
      `${JSON.stringify(signalExample)}\n\n${JSON.stringify({ ...august, value: '81,946' })}\n`,
    );
    const run = await runCli(env, 'conformance', lines, '--reporter', 'PAN');
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('line 3: WRONG_TYPE at $.value');
    expect(run.stdout).toContain('read 2: accepted 1, duplicate 0, rejected 1 (WRONG_TYPE 1)');

    const csv = join(dir, 'no-value.csv');
    writeFileSync(
      csv,
      'reporter,indicator,country,place,month\nPAN,irregular_crossings,PAN,darien,2023-07\n',
    );
    const refused = await runCli(env, 'conformance', csv, '--reporter', 'PAN');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('MISSING_COLUMN');
  });
});
