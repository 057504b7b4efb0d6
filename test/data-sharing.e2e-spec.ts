import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolve } from 'node:path';
import { parseCap } from '@atalaya/cap';
import {
  notificationSchema,
  seriesKeyOf,
  type AlertEvent,
  sharedFiguresSchema,
  type Notification,
  type SharedFiguresResponse,
  type SignalInput,
} from '@atalaya/contracts';
import { parse as parseCsv } from 'csv-parse/sync';
import { createProducer } from '@atalaya/messaging';
import { ApiKeysRepository } from '@atalaya/persistence';
import {
  databaseForSuite,
  eventually,
  hondurasCentre,
  iomOffice,
  kafkaForSuite,
  readMessages,
  repoRoot,
  runCli,
  serviceEnv,
  startServiceProcess,
  writeRoutingFixture,
  type ServiceProcess,
  type SuiteDatabase,
  type TestKafka,
} from '@atalaya/testing';
import { darienEvent } from '../libs/cap/src/testing/cap.fixtures';
import { CAP_XSD_FROM_REPO_ROOT, schemaErrors } from '../libs/cap/src/testing/cap.schema-validator';

const xsd = {
  fileName: 'CAP-v1.2.xsd',
  contents: readFileSync(resolve(repoRoot(), CAP_XSD_FROM_REPO_ROOT), 'utf8'),
};

/** A Darién alert on Panama's place-level series, as the engine publishes it. */
const darien: AlertEvent = darienEvent({
  alertId: 'alert-shared-darien',
  eventId: 'alert-shared-darien/firing/2023-03-01/watch',
  seriesKey: 'PAN/irregular_crossings/PAN/-/darien',
});

/** The first day and the last of the month `back` months before this one, in UTC. */
function monthBack(back: number): { start: string; end: string } {
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back + 1, 0));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

/**
 * Honduras' entries: a figure of six months ago and one of last month. The suite's policy file is the
 * default with a second Honduran version that lets the public see its national entries three months after
 * the month ends: last month's figure is under embargo, the older one is not.
 */
const hondurasFigure = (back: number, value: number): SignalInput => ({
  signalId: `shr-hnd-${back}-${Date.now().toString(36)}`,
  reporter: 'HND',
  indicator: 'irregular_entries',
  location: { country: 'HND' },
  period: monthBack(back),
  value,
});

/**
 * Panama's crossings two months back: the Darién's broken down by nationality, with one cell below the
 * policy's minimum of 10; Paso Canoas', in another province, without a breakdown.
 */
const panamaFigure = (place: string, value: number, extra: Partial<SignalInput> = {}): SignalInput => ({
  signalId: `shr-pan-${place}-${Date.now().toString(36)}`,
  reporter: 'PAN',
  indicator: 'irregular_crossings',
  location: { country: 'PAN', place },
  period: monthBack(2),
  value,
  ...extra,
});
const panamaFigures = [
  panamaFigure('darien', 182, {
    disaggregation: [
      { nationality: 'VEN', value: 120 },
      { nationality: 'ECU', value: 40 },
      { nationality: 'CHN', value: 18 },
      { nationality: 'AFG', value: 4 },
    ],
  }),
  panamaFigure('paso_canoas', 60),
];

/**
 * Two recipients with different rights under Panama's sharing policy (deploy/catalogue/sharing.yaml) receive
 * the same alert through the real dispatcher: Honduras' operations centre, one of Panama's neighbours on the
 * corridor, sees the Darién's place-level figure; IOM, a partner entitled to admin-1 aggregates, gets the
 * alert and the trigger's reasoning without it, in the JSON and in the CAP document alike. Panama lists who
 * read its figures.
 */
describe('data sharing: one alert as two recipients with different rights receive it', () => {
  let t: TestKafka;
  let db: SuiteDatabase;
  let dispatcher: ServiceProcess;
  let gateway: ServiceProcess;
  let pipeline: ServiceProcess[] = [];
  let dir: string;
  const received = new Map<string, Notification>();
  const keyOf = new Map<string, string>();

  beforeAll(async () => {
    const routing = writeRoutingFixture('sharing', {
      recipients: [hondurasCentre(), iomOffice()],
      routes: [{ id: 'darien', match: { state: 'PAN' }, receivers: ['ops_hnd', 'iom'] }],
    });
    dir = routing.dir;
    const sharing = join(dir, 'sharing.yaml');
    writeFileSync(
      sharing,
      readFileSync(resolve(repoRoot(), 'deploy/catalogue/sharing.yaml'), 'utf8') +
        `  - reporter: HND
    version: 2
    effective: { from: 2025-06-01 }
    rules:
      - indicators: [irregular_entries]
        viewers: [{ group: public }]
        granularity: national
        purposes: [public_reporting]
        embargo: P3M
`,
    );
    [t, db] = await Promise.all([kafkaForSuite('sharing'), databaseForSuite('data_sharing')]);
    const env = { ...serviceEnv(t, db.url), ...routing.env, ATALAYA_SHARING: sharing };
    [dispatcher, gateway, ...pipeline] = await Promise.all([
      startServiceProcess('dispatcher', { ...env, ATALAYA_DISPATCH_TICK_MS: '200' }),
      startServiceProcess('gateway', env),
      startServiceProcess('ingest', env),
      startServiceProcess('engine', env),
    ]);
    const producer = createProducer(t.kafka);
    await producer.connect();
    await producer.send({
      topic: t.topics.alerts,
      messages: [{ key: darien.alertId, value: JSON.stringify(darien) }],
    });
    await producer.send({
      topic: t.topics.signals('HND'),
      acks: -1,
      messages: [hondurasFigure(6, 3000), hondurasFigure(1, 30000)].map((f) => ({
        key: seriesKeyOf(f),
        value: JSON.stringify(f),
      })),
    });
    await producer.send({
      topic: t.topics.signals('PAN'),
      acks: -1,
      messages: panamaFigures.map((f) => ({ key: seriesKeyOf(f), value: JSON.stringify(f) })),
    });
    await producer.disconnect();
    const keys = new ApiKeysRepository();
    for (const recipient of ['ops_hnd', 'iom'])
      keyOf.set(
        recipient,
        (await keys.issueForRecipient(db.dataSource.manager, recipient, `${recipient} figures`)).secret,
      );
    for (const recipient of ['ops_hnd', 'iom']) {
      const [message] = await readMessages(t.kafka, t.topics.notify(recipient), (seen) => seen.length >= 1);
      received.set(recipient, notificationSchema.parse(JSON.parse(String(message.value))));
    }
  });

  afterAll(async () => {
    await Promise.all([dispatcher, gateway, ...pipeline].map((p) => p?.stop()));
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const alertOf = (recipient: string) => received.get(recipient)!.alerts[0];

  it('shows the neighbour the place-level figure, in the JSON and the CAP parameters', () => {
    const hnd = alertOf('ops_hnd');
    expect(hnd.event.evidence.value).toBe(darien.evidence.value);
    expect(hnd.withheld).toBeUndefined();
    expect(hnd.retention).toEqual([{ reporter: 'PAN', indicator: 'irregular_crossings', keepFor: 'P1Y' }]);
    const cap = parseCap(hnd.cap);
    expect(cap.info[0].parameter).toContainEqual({
      valueName: 'atalaya:value',
      value: String(darien.evidence.value),
    });
  });

  it('gives the partner the alert and its reasoning without the place-level figure, saying why', () => {
    const iom = alertOf('iom');
    expect(iom.event.alertId).toBe(darien.alertId);
    expect(iom.event.evidence).toEqual((({ value: _value, ...rest }) => rest)(darien.evidence));
    expect(iom.withheld).toEqual([expect.objectContaining({ field: 'value', reason: 'finer-than-allowed' })]);
    const [en] = parseCap(iom.cap).info.filter((i) => i.language.startsWith('en'));
    expect(en.parameter.some((p) => p.valueName === 'atalaya:value')).toBe(false);
    expect(en.description).toContain('not shown here under the reporting state’s data-sharing policy');
    expect(iom.cap).not.toContain(String(darien.evidence.value));
  });

  it('sends CAP documents that validate against the CAP 1.2 schema, for both', async () => {
    expect(
      await schemaErrors(
        xsd,
        ['ops_hnd', 'iom'].map((r) => alertOf(r).cap),
      ),
    ).toEqual([]);
  });

  it("lists, in Panama's access audit, the read that showed its figure, and not the one that did not", async () => {
    const listed = await runCli({ DATABASE_URL: db.url }, 'audit', 'access', '--reporter', 'PAN', '--json');
    expect(listed.code).toBe(0);
    const reads = listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(reads).toEqual([
      expect.objectContaining({
        viewer: { kind: 'recipient', id: 'ops_hnd' },
        channel: 'notification',
        resource: received.get('ops_hnd')!.notificationId,
        indicator: 'irregular_crossings',
        purpose: 'early_warning',
        granularity: 'place',
      }),
    ]);
  });

  it('keeps an embargoed figure out of the public feed until its date, and shows the older one', async () => {
    const documents = await eventually('both Honduran alert events in the public feed', async () => {
      const feed = await (await fetch(`${gateway.url}/v1/feeds/public/cap.atom`)).text();
      const links = [...feed.matchAll(/href="([^"]+\/v1\/feeds\/public\/cap\/[^"]+)"/g)].map((m) => m[1]);
      const caps = await Promise.all(links.map(async (href) => (await fetch(href)).text()));
      const parsed = caps.map((xml) => ({ xml, cap: parseCap(xml) }));
      const honduran = parsed.filter(
        ({ cap }) => cap.info[0].eventCode[0]?.value === 'honduras-entries-surge',
      );
      return honduran.length >= 2 ? honduran : undefined;
    });
    const byPeriod = (back: number) => {
      const found = documents.find(({ cap }) =>
        cap.info[0].parameter.some(
          (p) => p.valueName === 'atalaya:period' && p.value.startsWith(monthBack(back).start),
        ),
      );
      if (!found) throw new Error(`no public message of the figure of ${monthBack(back).start}`);
      return found;
    };
    const older = byPeriod(6);
    const recent = byPeriod(1);
    expect(older.cap.scope).toBe('Public');
    expect(older.cap.info[0].parameter).toContainEqual({ valueName: 'atalaya:value', value: '3000' });
    expect(recent.cap.info[0].parameter.some((p) => p.valueName === 'atalaya:value')).toBe(false);
    expect(recent.xml).not.toContain('30000');
    expect(await schemaErrors(xsd, [older.xml, recent.xml])).toEqual([]);
    const listed = await runCli({ DATABASE_URL: db.url }, 'audit', 'access', '--reporter', 'HND', '--json');
    const reads = listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(reads).toContainEqual(
      expect.objectContaining({
        viewer: { kind: 'public', id: 'public' },
        channel: 'feed',
        purpose: 'public_reporting',
        granularity: 'national',
        policyVersion: 2,
      }),
    );
  });

  const figures = (recipient: string, query: string, path = '/v1/figures') =>
    fetch(`${gateway.url}${path}?${query}`, {
      headers: { authorization: `Bearer ${keyOf.get(recipient)!}` },
    });
  const crossings = 'indicator=irregular_crossings&reporter=PAN&purpose=early_warning';

  it('answers the same figures to the neighbour by place and to the partner by province, small cells hidden', async () => {
    const byPlace = await eventually('both of Panama’s figures stored', async () => {
      const body = (await (await figures('ops_hnd', crossings)).json()) as SharedFiguresResponse;
      return body.figures.length >= 2 ? body : undefined;
    });
    expect(byPlace.figures.map((f) => [f.granularity, f.location, f.value])).toEqual([
      ['place', { country: 'PAN', place: 'darien' }, 182],
      ['place', { country: 'PAN', place: 'paso_canoas' }, 60],
    ]);
    const darienCells = byPlace.figures[0].breakdowns[0].cells;
    expect(darienCells.filter((c) => c.value === null).map((c) => [c.key.nationality, c.suppressed])).toEqual(
      [
        ['AFG', 'small-cell'],
        ['CHN', 'complementary'],
      ],
    );
    const response = await figures('iom', crossings);
    expect(response.status).toBe(200);
    const byProvince = (await response.json()) as SharedFiguresResponse;
    expect(byProvince.figures.map((f) => [f.granularity, f.location, f.value])).toEqual([
      ['admin1', { country: 'PAN', admin1: 'PA-5' }, 182],
      ['admin1', { country: 'PAN', admin1: 'PA-4' }, 60],
    ]);
    expect(JSON.stringify(byProvince)).not.toContain('darien');
    expect(sharedFiguresSchema.safeParse(byProvince).success).toBe(true);
  });

  it('refuses with 403 and the reason a purpose the policy does not grant, or a place finer than allowed', async () => {
    const purpose = await figures('iom', 'indicator=arrivals_transit&reporter=PAN&purpose=public_reporting');
    expect(purpose.status).toBe(403);
    expect(await purpose.json()).toMatchObject({
      code: 'PURPOSE_NOT_GRANTED',
      message: expect.stringMatching(/^PAN arrivals_transit: .*public_reporting/) as unknown,
    });
    const place = await figures('iom', `${crossings}&place=darien`);
    expect(place.status).toBe(403);
    expect(await place.json()).toMatchObject({
      code: 'NOT_SHARED',
      message: expect.stringContaining('at admin1 level, not for one place') as unknown,
    });
  });

  it("answers a corridor's places by month to the neighbour, and refuses them to the partner", async () => {
    const corridor = `${crossings}&corridor=darien_north&resolution=month&latest=true`;
    const res = await figures('ops_hnd', corridor);
    expect(res.status).toBe(200);
    const body = (await res.json()) as SharedFiguresResponse;
    expect(body.figures.map((f) => [f.location.place, f.period.start, f.value])).toEqual([
      ['darien', monthBack(2).start, 182],
      ['paso_canoas', monthBack(2).start, 60],
    ]);
    const refused = await figures('iom', corridor);
    expect([refused.status, ((await refused.json()) as { code: string }).code]).toEqual([403, 'NOT_SHARED']);
    expect((await figures('ops_hnd', `${crossings}&corridor=nowhere`)).status).toBe(404);
  });

  it('pages the figures a period at a time with a cursor, in the JSON and in the CSV export', async () => {
    const entries = 'indicator=irregular_entries&reporter=HND&purpose=early_warning&limit=1';
    const pageOf = async (query: string) => {
      const res = await figures('ops_hnd', query);
      expect(res.status).toBe(200);
      return sharedFiguresSchema.parse(await res.json());
    };
    const first = await pageOf(entries);
    expect(first.figures.map((f) => [f.period.start, f.value])).toEqual([[monthBack(6).start, 3000]]);
    expect(first.next).not.toBeNull();
    const second = await pageOf(`${entries}&cursor=${first.next}`);
    expect(second.figures.map((f) => [f.period.start, f.value])).toEqual([[monthBack(1).start, 30000]]);
    expect(second.next).toBeNull();
    const monthly = await pageOf(`${entries}&resolution=month&cursor=${first.next}`);
    expect(monthly.figures.map((f) => [f.period, f.value])).toEqual([[monthBack(1), 30000]]);
    const csv = await figures('ops_hnd', entries, '/v1/figures.csv');
    expect(csv.headers.get('link')).toBe(`</v1/figures.csv?${entries}&cursor=${first.next}>; rel="next"`);
    const split = await figures('ops_hnd', `${crossings}&limit=1`);
    expect([split.status, ((await split.json()) as { message: string }).message]).toEqual([
      400,
      `the period starting ${monthBack(2).start} alone holds more than 1 stored figures: raise limit (at most 20000), or narrow the request with reporter, place or admin1`,
    ]);
    const forged = await figures('ops_hnd', `${entries}&cursor=not-a-cursor`);
    expect([forged.status, ((await forged.json()) as { code: string }).code]).toEqual([
      400,
      'INVALID_CURSOR',
    ]);
  });

  it('exports the figures as CSV, a row per figure, per cell and per omission', async () => {
    const response = await figures('iom', crossings, '/v1/figures.csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parseCsv<Record<string, string>>(await response.text(), { columns: true });
    expect(
      rows.filter((r) => r.breakdown === '' && r.withheld === '').map((r) => [r.admin1, r.value]),
    ).toEqual([
      ['PA-5', '182'],
      ['PA-4', '60'],
    ]);
    expect(rows.find((r) => r.category === 'nationality=AFG')).toMatchObject({
      value: '',
      suppressed: 'small-cell',
    });
    expect(rows.filter((r) => r.withheld.startsWith('small-cell:'))).toHaveLength(1);
  });

  it("lists each API read and export in Panama's access audit, with what it showed", async () => {
    const listed = await runCli({ DATABASE_URL: db.url }, 'audit', 'access', '--reporter', 'PAN', '--json');
    const reads = listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const shown = (id: string, channel: string, granularity: string) =>
      expect.objectContaining({
        viewer: { kind: 'recipient', id },
        channel,
        indicator: 'irregular_crossings',
        purpose: 'early_warning',
        granularity,
        disaggregations: ['nationality'],
        policyVersion: 2,
        resource: `/v1/figures${channel === 'export' ? '.csv' : ''}?${crossings}`,
      }) as unknown;
    expect(reads).toEqual(
      expect.arrayContaining([
        shown('ops_hnd', 'api', 'place'),
        shown('iom', 'api', 'admin1'),
        shown('iom', 'export', 'admin1'),
      ]),
    );
    // The two requests refused with 403 showed nothing and recorded nothing.
    const byIom = reads.filter(
      (r) => (r.viewer as { id: string }).id === 'iom' && r.channel !== 'notification',
    );
    expect(byIom).toHaveLength(2);
  });
});
