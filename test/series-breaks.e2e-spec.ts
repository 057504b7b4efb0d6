import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  reporterSchema,
  seriesKeyOf,
  type AlertEvent,
  type SeriesBreakDeclarationInput,
  type SignalInput,
} from '@atalaya/contracts';
import { createProducer, type MessageProducer } from '@atalaya/messaging';
import { ApiKeysRepository } from '@atalaya/persistence';
import {
  databaseForSuite,
  eventually,
  kafkaForSuite,
  runCli,
  serviceEnv,
  startServiceProcess,
  TopicReader,
  type ServiceProcess,
  type SuiteDatabase,
  type TestKafka,
} from '@atalaya/testing';

const TRIGGER = 'e2e-break-rate';

/** A month of 2024 (1-12) as a period. */
const month = (m: number) => ({
  start: `2024-${String(m).padStart(2, '0')}-01`,
  end: new Date(Date.UTC(2024, m, 0)).toISOString().slice(0, 10),
});

/** Three quiet months, then a hundredfold jump in April, then May at the new level. */
const VALUES = [100, 100, 100, 10000, 10100];
const JUMP = 4;

/**
 * Coverage and method breaks through Kafka, PostgreSQL and the real engine, with a rate-of-change trigger
 * that needs three months of history (test/fixtures/series-breaks.catalogue.yaml). Each series jumps a
 * hundredfold in April. The control, with no break, fires on the jump; a series whose April figure carries
 * the break (on the Kafka door, the HTTP door or in an imported file), or whose reporter declared the break
 * through the API before April came, restarts its history there and does not. A break declared after the
 * jump takes its alert back once a revision replays the series, and the backtest over the stored
 * observations sees the breaks as the engine did.
 */
describe('series breaks, end to end', () => {
  let t: TestKafka;
  let db: SuiteDatabase;
  let producer: MessageProducer;
  let services: Record<'ingest' | 'engine' | 'gateway', ServiceProcess>;
  let alerts: TopicReader<AlertEvent>;
  let env: NodeJS.ProcessEnv;
  let panKey: string;
  const run = Date.now().toString(36);

  const signal = (
    place: string | undefined,
    m: number,
    value: number,
    over: Partial<SignalInput> = {},
  ): SignalInput => ({
    signalId: `brk-${run}-${place ?? 'pan'}-${m}-r${over.revision ?? 1}`,
    reporter: 'PAN',
    indicator: 'irregular_crossings',
    location: { country: 'PAN', ...(place ? { place } : {}) },
    period: month(m),
    value,
    ...over,
  });

  /** The five months of a PAN series, the jump with `atJump` merged in. */
  const series = (place: string | undefined, atJump: Partial<SignalInput> = {}) =>
    VALUES.map((v, i) => signal(place, i + 1, v, i + 1 === JUMP ? atJump : {}));

  const publish = (...signals: SignalInput[]) =>
    producer.send({
      topic: t.topics.signals(signals[0].reporter),
      acks: -1,
      messages: signals.map((s) => ({ key: seriesKeyOf(s), value: JSON.stringify(s) })),
    });

  const http = (method: 'GET' | 'POST', path: string, body?: unknown) =>
    fetch(`${services.gateway.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${panKey}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  const declare = (body: unknown) => http('POST', '/v1/series/breaks', body);

  const keyOf = (place: string | undefined, reporter = 'PAN', indicator = 'irregular_crossings') =>
    seriesKeyOf({ reporter, indicator, location: { country: reporter, ...(place ? { place } : {}) } });

  /** Waits until the engine has evaluated May, the month after the jump: its transaction holds every event. */
  const evaluatedThroughMay = (seriesKey: string) =>
    eventually(
      `the engine to evaluate May of ${seriesKey}`,
      async () => {
        const rows = await db.dataSource.query<{ last: string }[]>(
          `SELECT to_char(last_period_start, 'YYYY-MM-DD') AS last FROM trigger_state
           WHERE trigger_id = $1 AND series_key = $2`,
          [TRIGGER, seriesKey],
        );
        return rows[0]?.last === month(5).start ? true : undefined;
      },
      60000,
    );

  const recordedEvents = (seriesKey: string) =>
    db.dataSource.query<{ type: string; period: string }[]>(
      `SELECT type, event->'evidence'->'period'->>'start' AS period FROM alert_events
       WHERE trigger_id = $1 AND series_key = $2 ORDER BY recorded_at`,
      [TRIGGER, seriesKey],
    );

  const storedBreak = async (seriesKey: string, m: number) => {
    const rows = await db.dataSource.query<{ series_break: unknown }[]>(
      `SELECT series_break FROM observations WHERE series_key = $1 AND period_start = $2 ORDER BY revision DESC`,
      [seriesKey, month(m).start],
    );
    return rows[0]?.series_break;
  };

  beforeAll(async () => {
    t = await kafkaForSuite('breaks');
    db = await databaseForSuite('series_breaks');
    env = serviceEnv(t, db.url);
    // Only the engine evaluates the test catalogue: the gateway checks the recipients against the real one.
    const catalogue = resolve(__dirname, 'fixtures/series-breaks.catalogue.yaml');
    const [ingest, engine, gateway] = await Promise.all([
      startServiceProcess('ingest', env),
      startServiceProcess('engine', { ...env, ATALAYA_CATALOGUE: catalogue }),
      startServiceProcess('gateway', env),
    ]);
    services = { ingest, engine, gateway };
    producer = createProducer(t.kafka);
    await producer.connect();
    alerts = await TopicReader.start(t.kafka, t.topics.alerts);
    panKey = (
      await new ApiKeysRepository().issue(db.dataSource.manager, reporterSchema.parse('PAN'), 'breaks e2e')
    ).secret;
  });

  afterAll(async () => {
    await Promise.all([alerts?.stop(), producer?.disconnect()]);
    await Promise.all(Object.values(services ?? {}).map((s) => s.stop()));
    await db?.drop();
  });

  it('fires on the jump of a series without a break: the control', async () => {
    await publish(...series('darien'));
    const firing = await alerts.find(
      'the control firing on the jump',
      (e) => e.trigger.id === TRIGGER && e.seriesKey === keyOf('darien') && e.type === 'firing',
    );
    expect(firing.evidence).toMatchObject({ value: 10000, baseline: 100, period: month(JUMP) });
  });

  it('does not fire on a jump whose figure carries the break, sent through Kafka', async () => {
    const seriesBreak = { kind: 'coverage' as const, note: 'Bajo Chiquito counted from April' };
    await publish(...series('lajas_blancas', { seriesBreak }));
    await evaluatedThroughMay(keyOf('lajas_blancas'));
    expect(await storedBreak(keyOf('lajas_blancas'), JUMP)).toEqual(seriesBreak);
    expect(await recordedEvents(keyOf('lajas_blancas'))).toEqual([]);
  });

  it('does not fire on a jump whose figure carries the break, sent through POST /v1/signals', async () => {
    const res = await http('POST', '/v1/signals', series('san_vicente', { seriesBreak: { kind: 'method' } }));
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ counts: { accepted: VALUES.length } });
    await evaluatedThroughMay(keyOf('san_vicente'));
    expect(await storedBreak(keyOf('san_vicente'), JUMP)).toEqual({ kind: 'method' });
    expect(await recordedEvents(keyOf('san_vicente'))).toEqual([]);
  });

  it('does not fire on a jump in an imported file whose row marks the break', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atalaya-breaks-'));
    const file = join(dir, 'hnd-breaks.csv');
    writeFileSync(
      file,
      [
        'indicator,country,place,month,value,revision,series_break,series_break_note',
        ...VALUES.map(
          (v, i) =>
            `irregular_entries,HND,trojes,2024-0${i + 1},${v},1,${i + 1 === JUMP ? 'coverage,all of El Paraíso' : ','}`,
        ),
      ].join('\n'),
    );
    const imported = await runCli(env, 'import', file, '--reporter', 'HND', '--json');
    expect(imported).toMatchObject({ code: 0 });
    const key = keyOf('trojes', 'HND', 'irregular_entries');
    await evaluatedThroughMay(key);
    expect(await storedBreak(key, JUMP)).toEqual({ kind: 'coverage', note: 'all of El Paraíso' });
    expect(await recordedEvents(key)).toEqual([]);
  });

  it('does not fire on a jump its reporter declared a break for, through the API, before it came', async () => {
    const res = await declare({
      reporter: 'PAN',
      indicator: 'irregular_crossings',
      location: { country: 'PAN', place: 'paso_canoas' },
      start: month(JUMP).start,
      kind: 'method',
      note: 'counted at the new reception station',
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      seriesKey: keyOf('paso_canoas'),
      period: { start: month(JUMP).start },
      declaredBy: expect.stringMatching(/^api:key_/) as unknown,
      storedFigure: null,
    });
    await publish(...series('paso_canoas'));
    await evaluatedThroughMay(keyOf('paso_canoas'));
    // The declaration stays in series_breaks: the figure keeps only what its own signal said.
    expect(await storedBreak(keyOf('paso_canoas'), JUMP)).toBeNull();
    expect(await recordedEvents(keyOf('paso_canoas'))).toEqual([]);
  });

  it('takes back the alert of a jump once a break declared after it is replayed by a revision', async () => {
    await publish(...series(undefined).slice(0, JUMP));
    const firing = await alerts.find(
      'the national series firing on the jump',
      (e) => e.trigger.id === TRIGGER && e.seriesKey === keyOf(undefined) && e.type === 'firing',
    );
    const res = await declare({
      reporter: 'PAN',
      indicator: 'irregular_crossings',
      location: { country: 'PAN' },
      period: month(JUMP),
      kind: 'coverage',
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      storedFigure: { signalId: signal(undefined, JUMP, 0).signalId, revision: 1 },
    });
    await publish(signal(undefined, JUMP, 10000, { revision: 2 }));
    const cancelled = await alerts.find(
      'the alert of the jump cancelled',
      (e) => e.alertId === firing.alertId && e.type === 'cancelled',
    );
    expect(cancelled.evidence).toMatchObject({
      revisedBy: signal(undefined, JUMP, 0, { revision: 2 }).signalId,
    });
  });

  it('gives, backtested over the stored observations, the firing the engine let stand: the control only', async () => {
    const backtested = await runCli(
      env,
      'backtest',
      '--from-db',
      '--catalogue',
      resolve(__dirname, 'fixtures/series-breaks.catalogue.yaml'),
      '--json',
    );
    expect(backtested.code).toBe(0);
    const { events } = JSON.parse(backtested.stdout) as { events: AlertEvent[] };
    const fired = events
      .filter((e) => e.type === 'firing')
      .map((e) => [e.seriesKey, e.evidence.period.start]);
    expect(fired).toEqual([[keyOf('darien'), month(JUMP).start]]);
  });

  it("refuses a break in another reporter's series, and unknown series, with their codes", async () => {
    const base: SeriesBreakDeclarationInput = {
      reporter: 'PAN',
      indicator: 'irregular_crossings',
      location: { country: 'PAN', place: 'darien' },
      start: '2024-06-01',
      kind: 'coverage',
    };
    const answers = await Promise.all(
      [
        { ...base, reporter: 'HND', location: { country: 'HND', place: 'trojes' } },
        { ...base, indicator: 'made_up_indicator' },
        { ...base, location: { country: 'PAN', place: 'atlantis' } },
        { ...base, kind: 'weather' },
      ].map(async (body) => {
        const res = await declare(body);
        return [res.status, ((await res.json()) as { code: string }).code];
      }),
    );
    expect(answers).toEqual([
      [403, 'NOT_YOUR_SERIES'],
      [422, 'UNKNOWN_INDICATOR'],
      [422, 'UNKNOWN_PLACE'],
      [400, 'INVALID_VALUE'],
    ]);
    const other = await http('GET', '/v1/series/breaks?reporter=HND');
    expect([other.status, ((await other.json()) as { code: string }).code]).toEqual([403, 'NOT_YOUR_SERIES']);
    const listed = (await (await http('GET', '/v1/series/breaks')).json()) as { seriesKey: string }[];
    expect(listed.map((b) => b.seriesKey)).toEqual([keyOf('paso_canoas'), keyOf(undefined)]);
  });

  it('declares and lists with the CLI too, refusing what the API refuses', async () => {
    const args = ['--reporter', 'PAN', '--indicator', 'irregular_crossings', '--country', 'PAN', '--place'];
    const declared = await runCli(
      env,
      'breaks',
      'declare',
      ...args,
      'darien',
      '--start',
      '2024-06-01',
      '--kind',
      'method',
      '--by',
      'ops',
    );
    expect(declared).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^declared: PAN\/irregular_crossings/) as unknown,
    });
    const refused = await runCli(
      env,
      'breaks',
      'declare',
      ...args,
      'atlantis',
      '--start',
      '2024-06-01',
      '--kind',
      'method',
      '--by',
      'ops',
    );
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('UNKNOWN_PLACE') as unknown });
    const listed = await runCli(env, 'breaks', 'list', '--reporter', 'PAN', '--json');
    expect(listed.code).toBe(0);
    const lines = listed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { seriesKey: string; declaredBy: string });
    expect(lines.map((b) => [b.seriesKey, b.declaredBy.split(':')[0]])).toEqual([
      [keyOf('paso_canoas'), 'api'],
      [keyOf(undefined), 'api'],
      [keyOf('darien'), 'cli'],
    ]);
  });
});
