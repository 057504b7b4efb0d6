import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { reporterSchema } from '@atalaya/contracts';
import { agencyPrincipal, recipientPrincipal } from '@atalaya/messaging';
import { ApiKeysRepository } from '@atalaya/persistence';
import {
  eventually,
  iomOffice,
  panamaCentre,
  readMessages,
  startSecuredPipeline,
  writeRoutingFixture,
  type OwnKafka,
  type SecuredPipeline,
  type ServiceProcess,
  type SuiteDatabase,
  type TestKafka,
} from '@atalaya/testing';

const examples = resolve(__dirname, '../examples');
const SERIES = 'PAN/irregular_crossings/PAN/-/darien';

/** What one example printed, and how it ended. */
interface ExampleRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs an example as a person would, as a child process of its own with only the settings its README
 * names (and PATH), to its end: the examples bound themselves, the minute here only stops a hung one.
 */
function runExample(
  program: string,
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<ExampleRun> {
  return new Promise((done) => {
    execFile(
      program,
      [join(examples, script), ...args],
      { env: { PATH: process.env.PATH, PYTHONDONTWRITEBYTECODE: '1', ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }),
    );
  });
}

/** Fails with everything the example printed unless it ended well. */
function succeeded(run: ExampleRun): string {
  if (run.code !== 0) throw new Error(`the example exited ${run.code}:\n${run.stdout}${run.stderr}`);
  return run.stdout;
}

/** Panama's figures route to its centre, IOM and UNHCR; UNHCR owes an action once the alert is at warning. */
function routingFixture() {
  return writeRoutingFixture('examples', {
    recipients: [
      panamaCentre(),
      iomOffice(),
      iomOffice({ id: 'unhcr', name: 'UNHCR Regional Bureau for the Americas' }),
    ],
    routes: [{ id: 'state-pan', match: { state: 'PAN' }, receivers: ['ops_pan', 'iom', 'unhcr'] }],
    responses: `responses:
  darien-crossings-surge:
    warning:
      - id: unhcr-darien-protection-monitoring
        organisation: unhcr
        deadline: P7D
        description: { es: 'ACNUR: monitoreo de protección en el Darién.', en: 'UNHCR: protection monitoring in the Darién.' }
`,
  });
}

/**
 * The client examples an agency or a partner copies (examples/README.md), each run as it is written against
 * a broker secured as docs/security.md says and the real services: Python with Debian's confluent-kafka and
 * kcat over SASL_SSL with each principal's own credentials, curl against the gateway with API keys. Panama's
 * real Darién figures of 2023 go in through the three doors, a few months through each; each Kafka door's
 * bad line comes back to its reader with its own code; each recipient reads the alert the figures raised
 * and acknowledges it, and UNHCR reports on its response action.
 */
describe('the client examples in Python, kcat and curl, against the secured broker and the gateway', () => {
  let broker: OwnKafka;
  let t: TestKafka;
  let db: SuiteDatabase;
  let pipeline: SecuredPipeline | undefined;
  let gateway: ServiceProcess;
  let agencyKey: string;
  let unhcrKey: string;

  /** The settings of examples/python/README.md, for one principal on the TLS listener. */
  const python = (principal: string, own: NodeJS.ProcessEnv) => ({
    KAFKA_BROKERS: broker.tlsBrokers,
    KAFKA_SASL_USERNAME: principal,
    KAFKA_SASL_PASSWORD: broker.password(principal),
    KAFKA_SSL_CA_FILE: join(broker.securityDir, 'ca.pem'),
    ATALAYA_TOPIC_PREFIX: t.prefix,
    ...own,
  });
  /** The settings of examples/kcat/README.md: the configuration kafka.sh wrote for the principal. */
  const kcat = (principal: string, own: NodeJS.ProcessEnv) => ({
    KCAT_CONFIG: broker.kcatConfig(principal),
    ATALAYA_TOPIC_PREFIX: t.prefix,
    ...own,
  });
  const curl = (key: string) => ({ ATALAYA_URL: gateway.url, ATALAYA_API_KEY: key });
  const panAgency = { ATALAYA_REPORTER: 'PAN' };

  const stored = (...months: string[]) =>
    eventually(`the observations of ${months.join(', ')}`, async () => {
      const ids = months.map((m) => `pan-snm-darien-2023-${m}`);
      const rows = await db.dataSource.query<{ signal_id: string; value: number }[]>(
        `SELECT signal_id, value FROM observations WHERE signal_id = ANY($1) ORDER BY signal_id`,
        [ids],
      );
      return rows.length === ids.length ? rows : undefined;
    });
  /** The key of every message on Panama's signals topic, once `count` have arrived. */
  const signalKeys = async (count: number) =>
    (await readMessages(t.kafka, t.topics.signals('PAN'), (seen) => seen.length >= count)).map((m) =>
      m.key?.toString(),
    );
  const acknowledgement = (recipient: string) =>
    eventually(`${recipient}'s acknowledgement`, async () => {
      const [row] = await db.dataSource.query<
        { alert_id: string; via: string; acknowledged_by: string; note: string | null }[]
      >(`SELECT alert_id, via, acknowledged_by, note FROM acknowledgements WHERE recipient_id = $1`, [
        recipient,
      ]);
      return row;
    });
  const darienAlert = () =>
    eventually('the Darién alert', async () => {
      const rows = await db.dataSource.query<{ alert_id: string }[]>(
        `SELECT DISTINCT alert_id FROM alert_events WHERE series_key = $1`,
        [SERIES],
      );
      return rows.length === 1 ? rows[0].alert_id : undefined;
    });

  beforeAll(async () => {
    pipeline = await startSecuredPipeline('examples', routingFixture());
    ({ broker, t, db } = pipeline);
    gateway = pipeline.service('gateway');
    const keys = new ApiKeysRepository();
    agencyKey = (await keys.issue(db.dataSource.manager, reporterSchema.parse('PAN'), 'SNM statistics'))
      .secret;
    unhcrKey = (await keys.issueForRecipient(db.dataSource.manager, 'unhcr', 'UNHCR duty desk')).secret;
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  describe('Python (confluent-kafka)', () => {
    const agency = () => python(agencyPrincipal('PAN'), panAgency);

    it('publishes Panama’s signals: the good ones are stored, the bad line is read back as WRONG_TYPE', async () => {
      const produced = succeeded(
        await runExample(
          '/usr/bin/python3',
          'python/produce_signals.py',
          [join(examples, 'data/darien-2023.jsonl')],
          agency(),
        ),
      );
      expect(produced).toContain(`5 signals delivered to ${t.topics.signals('PAN')}`);
      expect(await signalKeys(5)).toEqual(Array(5).fill(SERIES));
      expect(await stored('01', '02', '03', '04')).toEqual([
        { signal_id: 'pan-snm-darien-2023-01', value: 24634 },
        { signal_id: 'pan-snm-darien-2023-02', value: 24657 },
        { signal_id: 'pan-snm-darien-2023-03', value: 38099 },
        { signal_id: 'pan-snm-darien-2023-04', value: 40297 },
      ]);

      const read = succeeded(
        await runExample(
          '/usr/bin/python3',
          'python/read_rejections.py',
          ['--max', '1', '--timeout', '45'],
          agency(),
        ),
      );
      expect(read).toMatch(/^pan-snm-darien-2023-05: WRONG_TYPE at \S*value: /m);
      expect(read).toContain('see /v1/codes/WRONG_TYPE');
      expect(read).toContain(`1 rejections read from ${t.topics.rejections('PAN')}`);
    });

    it('reads the alert on Panama’s centre’s topic and acknowledges it with a CAP Ack that is recorded', async () => {
      const read = succeeded(
        await runExample(
          '/usr/bin/python3',
          'python/read_notifications.py',
          ['--max', '1', '--timeout', '45', '--note', 'Recibido por el COE'],
          python(recipientPrincipal('ops_pan'), {
            ATALAYA_RECIPIENT: 'ops_pan',
            ATALAYA_CAP_SENDER: 'coe@migracion.gob.pa',
          }),
        ),
      );
      const alertId = await darienAlert();
      expect(read).toContain(`Irregular crossings through the Darién gap at ${SERIES}`);
      expect(read).toContain(`(alert ${alertId})`);
      expect(read).toMatch(/acknowledged with CAP Ack ack-ntf_\S+ on \S+atalaya\.acks\.ops_pan/);
      expect(await acknowledgement('ops_pan')).toEqual({
        alert_id: alertId,
        via: 'cap',
        acknowledged_by: 'coe@migracion.gob.pa',
        note: 'Recibido por el COE',
      });
    });
  });

  describe('kcat', () => {
    const agency = () => kcat(agencyPrincipal('PAN'), panAgency);

    it('publishes the corrected May and June: stored; July’s wrong unit is read back as UNIT_MISMATCH', async () => {
      const produced = succeeded(
        await runExample(
          'bash',
          'kcat/produce_signals.sh',
          [join(examples, 'data/darien-2023-may-jul.jsonl')],
          agency(),
        ),
      );
      expect(produced).toContain(`3 signals delivered to ${t.topics.signals('PAN')}`);
      expect(await signalKeys(8)).toEqual(Array(8).fill(SERIES));
      expect(await stored('05', '06')).toEqual([
        { signal_id: 'pan-snm-darien-2023-05', value: 38962 },
        { signal_id: 'pan-snm-darien-2023-06', value: 29722 },
      ]);

      const read = succeeded(
        await runExample('bash', 'kcat/read_rejections.sh', ['--max', '1', '--timeout', '45'], agency()),
      );
      // The same consumer group as the Python reader: it starts after the rejection Python read.
      expect(read).toMatch(/^pan-snm-darien-2023-07: UNIT_MISMATCH at \S*unit: /m);
      expect(read).toContain('see /v1/codes/UNIT_MISMATCH');
      expect(read).not.toContain('WRONG_TYPE');
      expect(read).toContain(`1 rejections read from ${t.topics.rejections('PAN')}`);
    });

    it('reads the alert on IOM’s topic and acknowledges it with a CAP Ack that is recorded', async () => {
      const read = succeeded(
        await runExample(
          'bash',
          'kcat/read_notifications.sh',
          ['--max', '1', '--timeout', '45', 'Assistance pre-positioned at Paso Canoas'],
          kcat(recipientPrincipal('iom'), { ATALAYA_RECIPIENT: 'iom', ATALAYA_CAP_SENDER: 'duty@iom.int' }),
        ),
      );
      const alertId = await darienAlert();
      expect(read).toContain(`(alert ${alertId})`);
      expect(read).toMatch(/acknowledged with CAP Ack ack-ntf_\S+ on \S+atalaya\.acks\.iom/);
      expect(read).toContain(`1 notifications read from ${t.topics.notify('iom')}`);
      expect(await acknowledgement('iom')).toEqual({
        alert_id: alertId,
        via: 'cap',
        acknowledged_by: 'duty@iom.int',
        note: 'Assistance pre-positioned at Paso Canoas',
      });
    });
  });

  describe('curl', () => {
    it('dry-runs July and August first: 200 with a result per item, and nothing stored', async () => {
      const judged = succeeded(
        await runExample(
          'bash',
          'curl/submit_signals.sh',
          [join(examples, 'data/darien-2023-jul-aug.json')],
          { ...curl(agencyKey), ATALAYA_DRY_RUN: '1' },
        ),
      );
      expect(judged).toMatch(/^HTTP 200, request \S+: 2 accepted, 0 duplicate, 0 rejected$/m);
      const [row] = await db.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM signal_ledger WHERE signal_id IN ('pan-snm-darien-2023-07', 'pan-snm-darien-2023-08')`,
      );
      expect(row.n).toBe(0);
    });

    it('submits July and August over HTTP: 202 with a result per item, and both stored', async () => {
      const submitted = succeeded(
        await runExample(
          'bash',
          'curl/submit_signals.sh',
          [join(examples, 'data/darien-2023-jul-aug.json')],
          curl(agencyKey),
        ),
      );
      expect(submitted).toMatch(/^HTTP 202, request \S+: 2 accepted, 0 duplicate, 0 rejected$/m);
      expect(submitted).toContain(
        '  [0] pan-snm-darien-2023-07 accepted\n  [1] pan-snm-darien-2023-08 accepted',
      );
      expect(await stored('07', '08')).toEqual([
        { signal_id: 'pan-snm-darien-2023-07', value: 55387 },
        { signal_id: 'pan-snm-darien-2023-08', value: 81946 },
      ]);
    });

    it('reads UNHCR’s alert at emergency, acknowledges it and reports on its action', async () => {
      const alertId = await darienAlert();
      const listed = await eventually('the alert at emergency in UNHCR’s list', async () => {
        const out = succeeded(await runExample('bash', 'curl/read_alerts.sh', [], curl(unhcrKey)));
        return out.includes(`${alertId}  active emergency Extreme`) ? out : undefined;
      });
      expect(listed).toMatch(/^ {2}action unhcr-darien-protection-monitoring of unhcr, due \S+: no report$/m);

      const acked = succeeded(
        await runExample('bash', 'curl/acknowledge.sh', [alertId, 'Monitoreo desplegado'], curl(unhcrKey)),
      );
      expect(acked).toMatch(new RegExp(`^unhcr acknowledged ${alertId} at \\S+\\n$`));
      expect(await acknowledgement('unhcr')).toEqual({
        alert_id: alertId,
        via: 'api',
        acknowledged_by: 'unhcr',
        note: 'Monitoreo desplegado',
      });

      const reported = succeeded(
        await runExample(
          'bash',
          'curl/report_action.sh',
          [alertId, 'unhcr-darien-protection-monitoring', 'in_progress'],
          curl(unhcrKey),
        ),
      );
      expect(reported).toMatch(/^unhcr-darien-protection-monitoring of \S+: in_progress, reported at \S+$/m);
      expect(succeeded(await runExample('bash', 'curl/read_alerts.sh', [], curl(unhcrKey)))).toMatch(
        /^ {2}action unhcr-darien-protection-monitoring of unhcr, due \S+: in_progress$/m,
      );
    });

    it('stops with the gateway’s code and message when a call is refused', async () => {
      const refused = await runExample('bash', 'curl/acknowledge.sh', ['alert-never-sent'], curl(unhcrKey));
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /^HTTP 403 NOT_YOUR_ALERT: unhcr was never notified of alert alert-never-sent/,
      );
    });
  });
});
