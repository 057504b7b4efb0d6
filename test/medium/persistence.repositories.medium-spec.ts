import fc from 'fast-check';
import {
  ledgerEntryOf,
  reporterSchema,
  roleScopes,
  seriesKeyOf,
  seriesKeySchema,
  signalSchema,
  type LedgerEntry,
  type Observation,
  type SignalInput,
} from '@atalaya/contracts';
import {
  AcknowledgementsRepository,
  ApiKeysRepository,
  ObservationsRepository,
  SignalIdTakenError,
  SignalLedgerRepository,
  type FiguresFilter,
} from '@atalaya/persistence';
import { darienJanuary2023, databaseForSuite, type SuiteDatabase } from '@atalaya/testing';

const PAN = reporterSchema.parse('PAN');
const CRI = reporterSchema.parse('CRI');

function observation(over: Partial<SignalInput>, receivedAt = '2024-05-01T12:00:00.000Z'): Observation {
  const signal = signalSchema.parse({ ...darienJanuary2023, ...over });
  return {
    ...signal,
    seriesKey: seriesKeyOf(signal),
    receivedAt,
    source: { topic: 'atalaya.signals.PAN', partition: 0, offset: '42' },
  };
}

/** The repositories of the tables several services share, on the real PostgreSQL, migrated. */
describe('shared repositories', () => {
  let db: SuiteDatabase;

  beforeAll(async () => {
    db = await databaseForSuite('shared_repositories');
  });

  afterAll(async () => {
    await db?.drop();
  });

  describe('ApiKeysRepository', () => {
    const keys = new ApiKeysRepository();

    it('answers the reporter of an active key, and nothing once it is revoked', async () => {
      const em = db.dataSource.manager;
      const { id, secret } = await keys.issue(em, PAN, 'SNM Panamá');
      expect(secret).toMatch(/^atl_pan_/);
      await expect(keys.principalOf(em, secret)).resolves.toMatchObject({ role: 'agency', reporter: 'PAN' });
      await expect(keys.principalOf(em, `${secret}x`)).resolves.toBeUndefined();
      await expect(keys.revoke(em, id)).resolves.toBe(true);
      await expect(keys.principalOf(em, secret)).resolves.toBeUndefined();
      await expect(keys.revoke(em, id)).resolves.toBe(false);
    });

    it('says so when asked to revoke a key that does not exist', async () => {
      await expect(keys.revoke(db.dataSource.manager, 'key_000000000000')).resolves.toBe(false);
    });

    it('lists keys with their dates, never their hashes', async () => {
      const em = db.dataSource.manager;
      await keys.issue(em, CRI, 'DGME Costa Rica');
      const listed = await keys.list(em);
      expect(listed.map((k) => [k.reporter, k.label, k.revokedAt === null])).toEqual([
        ['PAN', 'SNM Panamá', false],
        ['CRI', 'DGME Costa Rica', true],
      ]);
      expect(listed[0].createdAt).toBeInstanceOf(Date);
      expect(Object.keys(listed[0]).sort()).toEqual([
        'createdAt',
        'id',
        'label',
        'recipientId',
        'reporter',
        'revokedAt',
        'role',
        'scopes',
      ]);
    });

    it('keeps a recipient key apart: it answers alerts as its recipient and sends no signal', async () => {
      const em = db.dataSource.manager;
      const { secret } = await keys.issueForRecipient(em, 'iom', 'IOM duty desk');
      const agency = await keys.issue(em, PAN, 'SNM Panamá, second system');
      await expect(keys.principalOf(em, secret)).resolves.toMatchObject({
        role: 'recipient',
        recipientId: 'iom',
        scopes: roleScopes.recipient,
      });
      await expect(keys.principalOf(em, agency.secret)).resolves.not.toHaveProperty('recipientId');
      const listed = await keys.list(em);
      expect(listed.find((k) => k.label === 'IOM duty desk')).toMatchObject({
        reporter: null,
        recipientId: 'iom',
      });
      await expect(
        em.query(`INSERT INTO api_keys (id, role, reporter, recipient_id, key_hash, label, created_at)
                  VALUES ('key_both', 'recipient', 'PAN', 'iom', repeat('0', 64), 'both', now())`),
      ).rejects.toThrow(/api_keys_role_subject/);
    });

    it('keeps an operator key apart: it opens the admin routes as its holder, and nothing else', async () => {
      const em = db.dataSource.manager;
      const { secret } = await keys.issueForOperator(em, 'Secretariat admin desk');
      const recipient = await keys.issueForRecipient(em, 'unhcr', 'UNHCR duty desk');
      expect(secret).toMatch(/^atl_op_/);
      await expect(keys.principalOf(em, secret)).resolves.toEqual({
        role: 'admin',
        keyId: expect.stringMatching(/^key_/) as unknown,
        label: 'Secretariat admin desk',
        scopes: roleScopes.admin,
      });
      await expect(keys.principalOf(em, recipient.secret)).resolves.toMatchObject({ role: 'recipient' });
      await expect(
        em.query(`INSERT INTO api_keys (id, role, recipient_id, key_hash, label, created_at)
                  VALUES ('key_two', 'admin', 'iom', repeat('1', 64), 'two', now())`),
      ).rejects.toThrow(/api_keys_role_subject/);
    });

    it('issues an analyst key reading as its organisation, and a key with fewer scopes than its role', async () => {
      const em = db.dataSource.manager;
      const analyst = await keys.issueKey(
        em,
        { role: 'analyst', recipientId: 'secretariat' },
        'Secretariat analysts',
      );
      expect(analyst.secret).toMatch(/^atl_an_/);
      await expect(keys.principalOf(em, analyst.secret)).resolves.toMatchObject({
        role: 'analyst',
        recipientId: 'secretariat',
        scopes: roleScopes.analyst,
      });
      const narrow = await keys.issueKey(em, { role: 'recipient', recipientId: 'iom' }, 'IOM dashboard', [
        'alerts:read',
      ]);
      await expect(keys.principalOf(em, narrow.secret)).resolves.toMatchObject({ scopes: ['alerts:read'] });
      await expect(
        keys.issueKey(em, { role: 'agency', reporter: PAN }, 'too much', ['recipients:admin']),
      ).rejects.toThrow('the agency role cannot hold recipients:admin');
    });
  });

  describe('SignalLedgerRepository', () => {
    const ledger = new SignalLedgerRepository();
    const entry = (signalId: string, revision: number, value: number) =>
      ledgerEntryOf(
        signalSchema.parse({ ...darienJanuary2023, signalId, revision, value }),
        `atalaya.signals.PAN:0:${signalId}`,
      );

    it('remembers what it accepted, and only a higher revision of a series-period replaces the current one', async () => {
      const r1 = entry('ledger-pan-r1', 1, 10);
      const r3 = entry('ledger-pan-r3', 3, 30);
      const r2 = entry('ledger-pan-r2', 2, 20);
      await db.dataSource.transaction((em) => ledger.recordAccepted(em, PAN, [r1, r3]));
      await db.dataSource.transaction((em) => ledger.recordAccepted(em, PAN, [r2]));
      const view = await ledger.read(db.dataSource.manager, PAN, [r1, r2], { lock: false });
      expect(view.signal(r1.signalId)).toEqual({ contentHash: r1.contentHash, origin: r1.origin });
      expect(view.signal(r2.signalId)).toEqual({ contentHash: r2.contentHash, origin: r2.origin });
      expect(view.signal('ledger-never-sent')).toBeUndefined();
      // The natural key (series and period) is the same for the three; revision 3 stays current.
      expect(view.revision(r1.naturalKey)).toEqual({ revision: 3, signalId: r3.signalId });
    });

    const criEntry = (signalId: string): LedgerEntry => ({
      signalId,
      naturalKey: `CRI/irregular_crossings/CRI/-/-@2023-01-01/2023-01-31`,
      revision: 1,
      contentHash: 'c'.repeat(64),
      origin: `atalaya.signals.CRI:0:${signalId}`,
    });

    it('locks a reporter, not its ids: another reporter judges meanwhile, the same one waits', async () => {
      let release: () => void = () => undefined;
      const held = new Promise<void>((r) => (release = r));
      let locked: () => void = () => undefined;
      const isLocked = new Promise<void>((r) => (locked = r));
      const first = db.dataSource.transaction(async (em) => {
        await ledger.read(em, PAN, [entry('ledger-lock-first', 1, 1)], { lock: true });
        locked();
        await held;
      });
      await isLocked;
      await db.dataSource.transaction((em) =>
        ledger.read(em, CRI, [criEntry('ledger-lock-cri')], { lock: true }),
      );
      let secondDone = false;
      const second = db.dataSource
        .transaction((em) => ledger.read(em, PAN, [entry('ledger-lock-second', 1, 2)], { lock: true }))
        .then(() => (secondDone = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(secondDone).toBe(false);
      release();
      await Promise.all([first, second]);
      expect(secondDone).toBe(true);
    });

    it("fails, recording nothing, when another reporter's transaction recorded one of the ids first", async () => {
      const pan = entry('ledger-shared-id', 1, 5);
      await db.dataSource.transaction((em) => ledger.recordAccepted(em, PAN, [pan]));
      const cri = criEntry('ledger-shared-id');
      await expect(
        db.dataSource.transaction((em) => ledger.recordAccepted(em, CRI, [cri])),
      ).rejects.toBeInstanceOf(SignalIdTakenError);
      const view = await ledger.read(db.dataSource.manager, CRI, [cri], { lock: false });
      expect(view.signal(cri.signalId)).toEqual({ contentHash: pan.contentHash, origin: pan.origin });
      expect(view.revision(cri.naturalKey)).toBeUndefined();
    });

    it('judges several reporters in one transaction, holding each one’s lock, in either order', async () => {
      const pan = entry('ledger-many-pan', 1, 7);
      const cri = {
        ...criEntry('ledger-many-cri'),
        naturalKey: 'CRI/irregular_crossings/CRI/-/-@2023-02-01/2023-02-28',
      };
      const both = new Map([
        [PAN, [pan]],
        [CRI, [cri]],
      ]);
      let release: () => void = () => undefined;
      const held = new Promise<void>((r) => (release = r));
      let locked: () => void = () => undefined;
      const isLocked = new Promise<void>((r) => (locked = r));
      const first = db.dataSource.transaction(async (em) => {
        await ledger.readAll(em, both, { lock: true });
        await ledger.recordAllAccepted(em, both);
        locked();
        await held;
      });
      await isLocked;
      let otherDone = false;
      const other = db.dataSource
        .transaction((em) =>
          ledger.readAll(
            em,
            new Map([
              [CRI, [cri]],
              [PAN, [pan]],
            ]),
            { lock: true },
          ),
        )
        .then((view) => {
          otherDone = true;
          return view;
        });
      await new Promise((r) => setTimeout(r, 300));
      expect(otherDone).toBe(false);
      release();
      await first;
      const view = await other;
      expect(view.signal(pan.signalId)).toEqual({ contentHash: pan.contentHash, origin: pan.origin });
      expect(view.revision(cri.naturalKey)).toEqual({ revision: 1, signalId: cri.signalId });
      await expect(
        ledger.readAll(db.dataSource.manager, new Map([[CRI, [pan]]]), { lock: false }),
      ).rejects.toThrow(/is not CRI's/);
    });

    it("refuses to read or record another reporter's entries", async () => {
      const pan = entry('ledger-pan-foreign', 1, 1);
      await expect(ledger.read(db.dataSource.manager, CRI, [pan], { lock: true })).rejects.toThrow(
        /is not CRI's/,
      );
      await expect(db.dataSource.transaction((em) => ledger.recordAccepted(em, CRI, [pan]))).rejects.toThrow(
        /is not CRI's/,
      );
      const view = await ledger.read(db.dataSource.manager, PAN, [pan], { lock: false });
      expect(view.signal(pan.signalId)).toBeUndefined();
    });
  });

  describe('ObservationsRepository', () => {
    const observations = new ObservationsRepository();
    const jan = (signalId: string, revision: number, value: number, receivedAt?: string) =>
      observation({ signalId, revision, value }, receivedAt);
    const feb = (signalId: string, value: number, receivedAt?: string) =>
      observation({ signalId, value, period: { start: '2023-02-01', end: '2023-02-28' } }, receivedAt);

    it('stores each signal once: a redelivery, even inside one batch, is not new', async () => {
      const em = db.dataSource.manager;
      const first = [jan('obs-jan-r1', 1, 100), feb('obs-feb-r1', 200)];
      await expect(observations.insertNew(em, first)).resolves.toEqual(first);
      const again = [first[1], jan('obs-jan-r2', 2, 110), jan('obs-jan-r2', 2, 110)];
      await expect(observations.insertNew(em, again)).resolves.toEqual([again[1]]);
    });

    it('reads back the latest revision of each period, oldest period first, without the excluded signals', async () => {
      const em = db.dataSource.manager;
      const key = seriesKeyOf(darienJanuary2023);
      const series = await observations.latestOf(em, [parseKey(key)], []);
      expect([...series.keys()]).toEqual([key]);
      expect(series.get(key)?.map((o) => [o.signalId, o.period.start, o.value, o.revision])).toEqual([
        ['obs-jan-r2', '2023-01-01', 110, 2],
        ['obs-feb-r1', '2023-02-01', 200, 1],
      ]);
      const without = await observations.latestOf(em, [parseKey(key)], ['obs-jan-r2']);
      expect(without.get(key)?.map((o) => o.signalId)).toEqual(['obs-jan-r1', 'obs-feb-r1']);
      const [stored] = await observations.latestAtPlaces(em, [
        { place: 'darien', indicator: 'irregular_crossings' },
      ]);
      expect(stored).toEqual({
        signalId: 'obs-jan-r2',
        seriesKey: key,
        reporter: 'PAN',
        indicator: 'irregular_crossings',
        location: { country: 'PAN', place: 'darien' },
        period: { start: '2023-01-01', end: '2023-01-31' },
        value: 110,
        revision: 2,
      });
      await expect(observations.latest(em)).resolves.toHaveLength(2);
    });

    it('hears a reporter once per receive time: its latest report, or every report after the last one heard', async () => {
      const em = db.dataSource.manager;
      await observations.insertNew(em, [
        feb('heard-day1b', 1, '2024-06-01T00:00:00.000Z'),
        feb('heard-day1a', 1, '2024-06-01T00:00:00.000Z'),
        feb('heard-day2', 1, '2024-06-02T00:00:00.000Z'),
        feb('heard-day3', 1, '2024-06-03T00:00:00.000Z'),
        feb('heard-later', 1, '2024-07-01T00:00:00.000Z'),
      ]);
      const scope = { indicators: ['irregular_crossings'] };
      const until = '2024-06-30T00:00:00.000Z';
      const latest = await observations.heardFrom(em, scope, [{ reporter: PAN, since: null }], until, 10);
      expect([...latest]).toEqual([['PAN', [{ at: '2024-06-03T00:00:00.000Z', signalId: 'heard-day3' }]]]);
      const since = { at: '2024-05-31T00:00:00.000Z', signalId: 'earlier' };
      const after = await observations.heardFrom(em, scope, [{ reporter: PAN, since }], until, 2);
      expect(after.get(PAN)).toEqual([
        { at: '2024-06-01T00:00:00.000Z', signalId: 'heard-day1a' },
        { at: '2024-06-02T00:00:00.000Z', signalId: 'heard-day2' },
      ]);
      const elsewhere = await observations.heardFrom(
        em,
        { indicators: ['irregular_crossings'], places: ['paso_canoas'] },
        [{ reporter: PAN, since: null }],
        until,
        10,
      );
      expect(elsewhere.size).toBe(0);
    });

    it('reads the figures of an indicator to share: latest revision, breakdown kept, within an area and a range', async () => {
      const em = db.dataSource.manager;
      const month = (m: string) => ({ start: `2023-${m}-01`, end: `2023-${m}-28` });
      const arrivals = (signalId: string, m: string, value: number, over: Partial<SignalInput> = {}) =>
        observation({ signalId, indicator: 'arrivals_transit', period: month(m), value, ...over });
      const cells = [
        { nationality: 'VEN', value: 25 },
        { nationality: 'ECU', value: 5 },
      ];
      await observations.insertNew(em, [
        arrivals('fig-darien-02', '02', 20),
        arrivals('fig-darien-03', '03', 29),
        arrivals('fig-darien-03-r2', '03', 30, { revision: 2, disaggregation: cells }),
        arrivals('fig-canoas-03', '03', 7, { location: { country: 'PAN', place: 'paso_canoas' } }),
        arrivals('fig-pa5-03', '03', 31, { location: { country: 'PAN', admin1: 'PA-5' } }),
      ]);
      const read = (filter: Omit<FiguresFilter, 'indicator'>, limit = 100) =>
        observations
          .figures(em, { indicator: 'arrivals_transit', ...filter }, limit)
          .then((rows) => rows.map((f) => [f.location.place ?? f.location.admin1, f.period.start, f.value]));
      await expect(read({ reporter: 'PAN', from: '2023-03-01' })).resolves.toEqual([
        ['darien', '2023-03-01', 30],
        ['paso_canoas', '2023-03-01', 7],
        ['PA-5', '2023-03-01', 31],
      ]);
      await expect(read({ admin1: 'PA-5', places: ['darien'] })).resolves.toEqual([
        ['darien', '2023-02-01', 20],
        ['darien', '2023-03-01', 30],
        ['PA-5', '2023-03-01', 31],
      ]);
      await expect(read({ places: ['paso_canoas'] })).resolves.toEqual([['paso_canoas', '2023-03-01', 7]]);
      await expect(read({ to: '2023-02-28' })).resolves.toEqual([['darien', '2023-02-01', 20]]);
      await expect(read({ reporter: 'CRI' })).resolves.toEqual([]);
      await expect(read({}, 2)).resolves.toHaveLength(2);
      const [revised] = await observations.figures(
        em,
        { indicator: 'arrivals_transit', places: ['darien'], from: '2023-03-01' },
        1,
      );
      expect(revised.disaggregation).toEqual(cells);
      const reports = await observations.latestReports(em, PAN);
      expect(reports.find((r) => r.indicator === 'arrivals_transit')).toEqual({
        reporter: 'PAN',
        indicator: 'arrivals_transit',
        lastReportAt: '2024-05-01T12:00:00.000Z',
        latestPeriodEnd: '2023-03-28',
      });
      await expect(observations.latestReports(em, CRI)).resolves.toEqual([]);
    });

    it('adds up figures by month in PostgreSQL: a flow summed with its cells, a stock as it stood at the end', async () => {
      const em = db.dataSource.manager;
      const on = (
        signalId: string,
        indicator: string,
        date: string,
        value: number,
        over: Partial<SignalInput> = {},
      ) => observation({ signalId, indicator, period: { start: date, end: date }, value, ...over });
      await observations.insertNew(em, [
        on('month-a1', 'returns_from_usa', '2024-06-01', 10, {
          disaggregation: [{ nationality: 'VEN', value: 10 }],
        }),
        on('month-a2', 'returns_from_usa', '2024-06-20', 5, {
          disaggregation: [
            { nationality: 'VEN', value: 3 },
            { nationality: 'ECU', value: 2 },
          ],
        }),
        on('month-a3', 'returns_from_usa', '2024-07-02', 7),
        on('month-s1', 'shelter_occupancy', '2024-06-05', 60),
        on('month-s2', 'shelter_occupancy', '2024-06-28', 80, {
          disaggregation: [{ sex: 'female', value: 80 }],
        }),
      ]);
      const flows = await observations.figures(em, { indicator: 'returns_from_usa', byMonth: 'flow' }, 10);
      expect(flows.map((f) => [f.period, f.value, f.disaggregation])).toEqual([
        [
          { start: '2024-06-01', end: '2024-06-30' },
          15,
          [
            { nationality: 'ECU', value: 2 },
            { nationality: 'VEN', value: 13 },
          ],
        ],
        [{ start: '2024-07-01', end: '2024-07-31' }, 7, undefined],
      ]);
      const stocks = await observations.figures(em, { indicator: 'shelter_occupancy', byMonth: 'stock' }, 10);
      expect(stocks.map((f) => [f.period.end, f.value, f.disaggregation])).toEqual([
        ['2024-06-30', 80, [{ sex: 'female', value: 80 }]],
      ]);
    });

    it('keeps the monthly rollup equal to the latest revisions added up, whatever order the batches come in', async () => {
      const em = db.dataSource.manager;
      const figure = fc.record({
        day: fc.integer({ min: 0, max: 59 }),
        revision: fc.integer({ min: 1, max: 3 }),
        value: fc.integer({ min: 0, max: 1000 }),
        withCells: fc.boolean(),
      });
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(figure, { maxLength: 8 }), { minLength: 1, maxLength: 6 }),
          async (batches) => {
            run += 1;
            const place = `rollup_p${run}`;
            const date = (day: number) => new Date(Date.UTC(2024, 0, 1 + day)).toISOString().slice(0, 10);
            const latest = new Map<string, { revision: number; value: number; cells: boolean }>();
            let n = 0;
            for (const batch of batches) {
              const stored = await observations.insertNew(
                em,
                batch.map((f) => {
                  n += 1;
                  return observation({
                    signalId: `rollup-${run}-${n}`,
                    indicator: 'arrivals_transit',
                    location: { country: 'PAN', place },
                    period: { start: date(f.day), end: date(f.day) },
                    revision: f.revision,
                    value: f.value,
                    ...(f.withCells ? { disaggregation: [{ sex: 'female', value: f.value }] } : {}),
                  });
                }),
              );
              for (const o of stored) {
                const held = latest.get(o.period.start);
                if (!held || o.revision >= held.revision)
                  latest.set(o.period.start, { ...o, cells: o.disaggregation !== undefined });
              }
            }
            // By month: the total, whether every figure had cells (then their sum), and the last day's figure.
            const expected = new Map<string, { total: number; allCells: boolean; last: [string, number] }>();
            for (const [start, { value, cells }] of [...latest].sort(([a], [b]) => a.localeCompare(b))) {
              const month = `${start.slice(0, 7)}-01`;
              const held = expected.get(month);
              expected.set(month, {
                total: (held?.total ?? 0) + value,
                allCells: (held?.allCells ?? true) && cells,
                last: [start, value],
              });
            }
            const months = [...expected].sort(([a], [b]) => a.localeCompare(b));
            const scope = { indicator: 'arrivals_transit', places: [place] };
            const flows = await observations.figures(em, { ...scope, byMonth: 'flow' }, 10);
            expect(flows.map((f) => [f.period.start, f.value, f.disaggregation])).toEqual(
              months.map(([month, m]) => [
                month,
                m.total,
                m.allCells ? [{ sex: 'female', value: m.total }] : undefined,
              ]),
            );
            const stocks = await observations.figures(em, { ...scope, byMonth: 'stock' }, 10);
            expect(stocks.map((f) => [f.period.start, f.value])).toEqual(
              months.map(([month, m]) => [month, m.last[1]]),
            );
          },
        ),
        { numRuns: 40 },
      );
    });
  });

  describe('AcknowledgementsRepository', () => {
    const acks = new AcknowledgementsRepository();

    it('finds the CAP messages a recipient was sent under the identifiers asked, never another recipient’s', async () => {
      await db.dataSource.query(
        `INSERT INTO cap_messages (recipient_id, alert_id, identifier, sent) VALUES
           ('iom', 'alert-a', 'ntf_a.1', '2024-06-01T12:00:00-00:00'),
           ('iom', 'alert-b', 'ntf_b.1', '2024-06-02T12:00:00-00:00'),
           ('ops_pan', 'alert-a', 'ntf_pan.1', '2024-06-01T12:00:00-00:00')`,
      );
      const em = db.dataSource.manager;
      expect(await acks.capMessagesSent(em, 'iom', ['ntf_a.1', 'ntf_pan.1', 'ntf_unknown'])).toEqual([
        { alertId: 'alert-a', identifier: 'ntf_a.1', sent: '2024-06-01T12:00:00-00:00' },
      ]);
      expect(await acks.capMessagesSent(em, 'iom', [])).toEqual([]);
    });

    it('audits a CAP acknowledgement with the Ack that carried it, once', async () => {
      const ack = {
        recipientId: 'iom',
        alertId: 'alert-b',
        via: 'cap' as const,
        by: 'duty@iom.int',
        note: 'seen',
        capAck: 'duty@iom.int,IOM-ack-9,2024-06-02T09:00:00-05:00',
      };
      const first = await db.dataSource.transaction((em) => acks.acknowledge(em, ack));
      const again = await db.dataSource.transaction((em) => acks.acknowledge(em, ack));
      expect([first.kind, again.kind]).toEqual(['acknowledged', 'already']);
      const audit = await db.dataSource.query<{ actor: string; detail: unknown }[]>(
        `SELECT actor, detail FROM dispatch_audit WHERE action = 'acknowledge' AND subject = 'alert-b'`,
      );
      expect(audit).toEqual([
        {
          actor: 'iom (duty@iom.int)',
          detail: { via: 'cap', note: 'seen', capAck: 'duty@iom.int,IOM-ack-9,2024-06-02T09:00:00-05:00' },
        },
      ]);
    });
  });
});

function parseKey(key: string) {
  return seriesKeySchema.parse(key);
}
