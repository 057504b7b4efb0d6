import { mkdirSync } from 'node:fs';
import { createProducer } from '@atalaya/messaging';
import {
  caughtUp,
  endOffsets,
  eventually,
  atRate,
  kafkaForSuite,
  loadTopicMessages,
  loadStackEnv,
  readMessages,
  repoRoot,
  startServiceProcess,
  WEBHOOK_SECRET,
  WebhookReceiver,
  writeLoadFiles,
  type Fault,
  type LoadMessage,
  type LoadShape,
  type OwnKafka,
  type OwnPostgres,
  type ServiceProcess,
  type TestKafka,
} from '@atalaya/testing';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';

type Service = 'ingest' | 'engine' | 'dispatcher';
const SERVICES: readonly Service[] = ['ingest', 'engine', 'dispatcher'];

/** The broker and the database server of the suite's own, which the faults restart. */
export interface Infrastructure {
  readonly kafka: OwnKafka;
  readonly postgres: OwnPostgres;
}

export interface RunSettings {
  /** Names the run's database and topics. */
  readonly name: string;
  readonly dir: string;
  readonly shape: LoadShape;
  readonly messages: readonly LoadMessage[];
  /** Signals a second the agencies send. */
  readonly rate: number;
  /** The faults to strike while the stream runs (`faultPlan`), in time order; none for the fault-free run. */
  readonly plan: readonly Fault[];
  /** Instances of each service, in its consumer group (1 unless told). */
  readonly instances?: number;
  readonly log: (line: string) => void;
}

/** A fault as it happened: when, what, and how long until the stack had what it needed again. */
export interface StruckFault extends Fault {
  readonly tookMs: number;
}

/** What a run left behind, in a form two runs can be compared in. */
export interface History {
  /** Every stored observation: signal id → its content. */
  readonly observations: ReadonlyMap<string, string>;
  /** Every alert event in the history: event id → the event (PostgreSQL's canonical jsonb text). */
  readonly alertEvents: ReadonlyMap<string, string>;
  /** Event ids of `atalaya.alerts` and how many times each was written there. */
  readonly onAlertsTopic: ReadonlyMap<string, number>;
  /** Alert events whose id came with two different bodies on `atalaya.alerts`. */
  readonly alertIdsWithTwoBodies: readonly string[];
  /** Every rejection by what was sent, `<reporter>|<payload>` → code. */
  readonly rejections: ReadonlyMap<string, string>;
  /** Rejections of each `<reporter>|<payload>`, one per copy on the signals topics. */
  readonly rejectionCopies: ReadonlyMap<string, number>;
  /** Copies of each bad message of the load on the signals topics, by `<reporter>|<payload>`. */
  readonly badOnTopics: ReadonlyMap<string, number>;
  /** The signal ids of the well-formed messages on the signals topics: what reached Atalaya. */
  readonly signalsOnTopics: ReadonlySet<string>;
  /** Rejections of a message already rejected: re-sent by ingest, or the message written twice. */
  readonly rejectionsResent: number;
  readonly deadLetters: number;
  /** Event ids a recipient was told of, over webhooks and Kafka notification topics. */
  readonly notifiedEvents: ReadonlySet<string>;
  /** The latest event each recipient was told of each alert: `<recipient>|<alert id>` → event id. */
  readonly latestNotified: ReadonlyMap<string, string>;
  /** Idempotency keys (webhook-id, a Kafka notification's notificationId) received, and those with two bodies. */
  readonly notificationKeys: number;
  readonly keysWithTwoBodies: readonly string[];
  readonly unverifiedWebhooks: number;
  /** Webhook notifications the dispatcher recorded that never reached the receiver, or are not delivered. */
  readonly undelivered: readonly string[];
  readonly struck: readonly StruckFault[];
  /** Times a service ended by itself, or failed its liveness probe, and the supervisor started it again. */
  readonly selfExits: number;
  readonly livenessRestarts: number;
  readonly seconds: number;
}

/**
 * One run of the whole stack on the suite's broker and PostgreSQL: ingest, engine and dispatcher as their
 * own processes, the partner's signed webhook served here, the load sent at `rate` by an idempotent
 * producer as an agency's would, the faults struck at their planned points, then everything drained and
 * read back.
 */
export async function runStack(infra: Infrastructure, settings: RunSettings): Promise<History> {
  const { log } = settings;
  const started = performance.now();
  mkdirSync(settings.dir, { recursive: true });
  const t = await kafkaForSuite(settings.name, infra.kafka.brokers);
  const databaseUrl = await infra.postgres.migratedDatabase(settings.name.replaceAll('-', '_'));
  const hooks = new WebhookReceiver(new Webhook(WEBHOOK_SECRET));
  const files = writeLoadFiles(settings.dir, repoRoot(), settings.shape, await hooks.start());
  const supervisor = new Supervisor(loadStackEnv(t, databaseUrl, files, 100), log);
  const plan = settings.plan;
  const struck: StruckFault[] = [];
  try {
    for (const name of SERVICES) {
      for (let n = 1; n <= (settings.instances ?? 1); n += 1)
        await supervisor.start(Supervisor.instance(name, n));
    }
    const streamStart = performance.now();
    const strike = async () => {
      for (const fault of plan) {
        const wait = streamStart + fault.at - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const at = performance.now();
        await strikeOne(fault, infra, supervisor, databaseUrl);
        struck.push({ ...fault, tookMs: Math.round(performance.now() - at) });
        log(
          `${fault.kind} at ${Math.round((at - streamStart) / 1000)} s, back in ${struck.at(-1)?.tookMs} ms`,
        );
      }
    };
    await Promise.all([sendPaced(t, settings.messages, settings.rate), strike()]);
    log(
      `sent ${settings.messages.length} signals in ${Math.round((performance.now() - streamStart) / 1000)} s`,
    );
    await drain(t, databaseUrl, supervisor, settings.messages);
    await supervisor.stopAll();
    return {
      ...(await readBack(t, databaseUrl, hooks, settings.messages)),
      struck,
      selfExits: supervisor.selfExits,
      livenessRestarts: supervisor.livenessRestarts,
      seconds: Math.round((performance.now() - started) / 1000),
    };
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${supervisor.outputs()}`);
  } finally {
    await supervisor.stopAll();
    await hooks.stop();
  }
}

async function strikeOne(
  fault: Fault,
  infra: Infrastructure,
  supervisor: Supervisor,
  databaseUrl: string,
): Promise<void> {
  switch (fault.kind) {
    case 'kill-ingest':
      return supervisor.killAndRestart('ingest');
    case 'kill-engine':
      return supervisor.killAndRestart('engine');
    case 'kill-dispatcher':
      return supervisor.killAndRestart('dispatcher');
    case 'restart-broker':
      return infra.kafka.crashAndRestart();
    case 'kill-broker-node':
      return infra.kafka.killNode(1);
    case 'kill-instances':
      for (const name of SERVICES) await supervisor.kill(Supervisor.instance(name, 2));
      return;
    case 'restart-postgres':
      return infra.postgres.restart('immediate');
    case 'cut-connections':
      return cutConnections(databaseUrl);
  }
}

/** `pg_terminate_backend` on every connection to the run's database but this one. */
async function cutConnections(databaseUrl: string): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
  } finally {
    await db.end();
  }
}

/**
 * Starts the services' instances and starts again one that ended, or whose `/health/live` failed three
 * probes two seconds apart, as Kubernetes would; a SIGKILL from the suite is a fault, the others are
 * counted. Instance 1 of a service is named after it, instance n after it and n (`engine-2`).
 */
class Supervisor {
  readonly running = new Map<string, ServiceProcess>();
  /** The instances that should be running: all but those the run took away for good. */
  readonly wanted = new Set<string>();
  selfExits = 0;
  livenessRestarts = 0;
  private readonly busy = new Set<string>();
  private readonly failedProbes = new Map<string, number>();
  private readonly past: string[] = [];
  private stopping = false;
  private readonly probe = setInterval(() => void this.probeLiveness(), 2000);

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: (line: string) => void,
  ) {}

  static instance(service: Service, n: number): string {
    return n === 1 ? service : `${service}-${n}`;
  }

  async start(instance: string): Promise<void> {
    this.wanted.add(instance);
    const service = await startServiceProcess(instance.split('-')[0] as Service, this.env);
    this.running.set(instance, service);
    this.failedProbes.set(instance, 0);
    void service.exited.then((code) => {
      this.past.push(`--- ${instance} (exit ${code}) ---\n${service.output().slice(-4000)}`);
      if (this.stopping || this.busy.has(instance) || this.running.get(instance) !== service) return;
      this.selfExits += 1;
      this.log(`${instance} exited by itself (${code}); starting it again`);
      void this.start(instance).catch((e: unknown) =>
        this.log(`${instance} did not start again: ${String(e)}`),
      );
    });
  }

  private async probeLiveness(): Promise<void> {
    for (const [instance, service] of this.running) {
      if (this.stopping || this.busy.has(instance)) continue;
      const live = await fetch(`${service.url}/health/live`, { signal: AbortSignal.timeout(1000) })
        .then((r) => r.ok)
        .catch(() => false);
      const failed = live ? 0 : (this.failedProbes.get(instance) ?? 0) + 1;
      this.failedProbes.set(instance, failed);
      if (failed >= 3 && !this.stopping && !this.busy.has(instance)) {
        this.livenessRestarts += 1;
        this.log(`${instance} failed its liveness probe three times; restarting it`);
        await this.killAndRestart(instance).catch((e: unknown) =>
          this.log(`${instance} did not start again: ${String(e)}`),
        );
      }
    }
  }

  async killAndRestart(instance: string): Promise<void> {
    await this.kill(instance);
    this.busy.add(instance);
    try {
      await this.start(instance);
    } finally {
      this.busy.delete(instance);
    }
  }

  /** SIGKILL, and the instance stays down. */
  async kill(instance: string): Promise<void> {
    this.busy.add(instance);
    this.wanted.delete(instance);
    try {
      await this.running.get(instance)?.kill();
      this.running.delete(instance);
    } finally {
      this.busy.delete(instance);
    }
  }

  /** Whether every wanted instance is up. */
  get complete(): boolean {
    return [...this.wanted].every((i) => this.running.has(i));
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    clearInterval(this.probe);
    await Promise.all([...this.running.values()].map((s) => s.stop()));
    this.running.clear();
  }

  outputs(): string {
    return [
      ...this.past,
      ...[...this.running].map(([n, s]) => `--- ${n} ---\n${s.output().slice(-4000)}`),
    ].join('\n');
  }
}

/** The messages at `rate` a second in tenth-of-a-second sends, each state's in order, `acks=all`. */
async function sendPaced(t: TestKafka, messages: readonly LoadMessage[], rate: number): Promise<void> {
  const producer = createProducer(t.kafka);
  await producer.connect();
  try {
    await atRate(messages, rate, async (chunk) => {
      const batch = { acks: -1, topicMessages: loadTopicMessages(t, chunk) };
      // kafkajs gives up connecting after its retries (about 8 s) while the broker is down: an agency's
      // producer tries again with the same batch: once written, or twice if the producer was renewed.
      await eventually('the broker to take the batch again', () => producer.sendBatch(batch), 120_000);
    });
  } finally {
    await producer.disconnect();
  }
}

/**
 * Until every signal went through ingest and the engine, the outbox is empty, the dispatcher read every
 * alert event and every webhook notification it recorded is delivered.
 */
async function drain(
  t: TestKafka,
  databaseUrl: string,
  supervisor: Supervisor,
  messages: readonly LoadMessage[],
): Promise<void> {
  const admin = t.kafka.admin();
  const db = new Client({ connectionString: databaseUrl });
  await admin.connect();
  await db.connect();
  const group = (name: Service) => `${t.prefix}atalaya-${name}`;
  try {
    const signals = await endOffsets(admin, [...new Set(messages.map((m) => t.topics.signals(m.reporter)))]);
    await eventually(
      'the stack to take, store, evaluate and deliver everything sent',
      async () => {
        if (!supervisor.complete) return undefined;
        if (!(await caughtUp(admin, group('ingest'), signals))) return undefined;
        if (!(await caughtUp(admin, group('engine'), await endOffsets(admin, [t.topics.observations]))))
          return undefined;
        const { rows } = await db.query<{ outbox: number; pending: number }>(
          `SELECT (SELECT count(*)::int FROM outbox WHERE published_at IS NULL) AS outbox,
                  (SELECT count(*)::int FROM notifications WHERE status = 'pending') AS pending`,
        );
        if (rows[0].outbox > 0 || rows[0].pending > 0) return undefined;
        if (!(await caughtUp(admin, group('dispatcher'), await endOffsets(admin, [t.topics.alerts]))))
          return undefined;
        return true;
      },
      600_000,
    );
    // The dispatcher's last routing tick may still be writing: wait until it has been quiet for a while.
    let last = -1;
    await eventually(
      'the dispatcher to be quiet',
      async () => {
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM notifications WHERE status <> 'pending'`,
        );
        const settled = rows[0].n === last;
        last = rows[0].n;
        await new Promise((r) => setTimeout(r, 1000));
        return settled ? true : undefined;
      },
      120_000,
    );
  } finally {
    await admin.disconnect();
    await db.end();
  }
}

async function readBack(
  t: TestKafka,
  databaseUrl: string,
  hooks: WebhookReceiver,
  messages: readonly LoadMessage[],
): Promise<Omit<History, 'struck' | 'selfExits' | 'livenessRestarts' | 'seconds'>> {
  const db = new Client({ connectionString: databaseUrl });
  const admin = t.kafka.admin();
  await db.connect();
  await admin.connect();
  try {
    const observations = new Map(
      (
        await db.query<{ signal_id: string; content: string }>(
          `SELECT signal_id, concat_ws('|', series_key, period_start, period_end, value, revision, quality) AS content
             FROM observations`,
        )
      ).rows.map((r) => [r.signal_id, r.content]),
    );
    const alertEvents = new Map(
      (
        await db.query<{ event_id: string; event: string }>(
          `SELECT event_id, event::text AS event FROM alert_events`,
        )
      ).rows.map((r) => [r.event_id, r.event]),
    );
    const undelivered = (
      await db.query<{ id: string; body: string; status: string }>(
        `SELECT id, body, status FROM notifications WHERE channel = 'webhook'`,
      )
    ).rows
      .filter((n) => n.status !== 'delivered' || !hooks.bodiesById.get(n.id)?.has(n.body))
      .map((n) => n.id);

    const topics = await admin.listTopics();
    const all = async (topic: string | readonly string[]) => {
      const topics = typeof topic === 'string' ? [topic] : topic;
      const ends = await endOffsets(admin, topics);
      const total = [...ends.values()]
        .flatMap((partitions) => [...partitions.values()])
        .reduce((sum, high) => sum + Number(high), 0);
      return total === 0 ? [] : readMessages(t.kafka, topics, (seen) => seen.length >= total);
    };

    const onAlertsTopic = new Map<string, number>();
    const alertBodies = new Map<string, Set<string>>();
    for (const m of await all(t.topics.alerts)) {
      const body = m.value?.toString() ?? '';
      const id = (JSON.parse(body) as { eventId: string }).eventId;
      onAlertsTopic.set(id, (onAlertsTopic.get(id) ?? 0) + 1);
      alertBodies.set(id, (alertBodies.get(id) ?? new Set()).add(body));
    }

    // By what was sent, and how often it is on the signals topics: an agency's producer renewed mid-send
    // (RenewingProducer) may have written a message twice, and each copy is rejected on its own.
    const rejections = new Map<string, { code: string; offsets: Set<string> }>();
    let rejectionsResent = 0;
    for (const m of await all(t.rejections)) {
      const r = JSON.parse(m.value?.toString() ?? '') as {
        reporter: string;
        code: string;
        payload: string;
        source: { partition?: number; offset?: string };
      };
      const key = `${r.reporter}|${r.payload}`;
      const seen = rejections.get(key) ?? { code: r.code, offsets: new Set<string>() };
      const offset = `${r.source.partition}/${r.source.offset}`;
      if (seen.offsets.has(offset)) rejectionsResent += 1;
      seen.offsets.add(offset);
      rejections.set(key, seen);
    }
    const bad = new Set(messages.filter((m) => m.kind === 'bad').map((m) => `${m.reporter}|${m.value}`));
    const badOnTopics = new Map<string, number>();
    const signalsOnTopics = new Set<string>();
    for (const reporter of new Set(messages.map((m) => m.reporter))) {
      for (const m of await all(t.topics.signals(reporter))) {
        const value = m.value?.toString() ?? '';
        const key = `${reporter}|${value}`;
        if (bad.has(key)) badOnTopics.set(key, (badOnTopics.get(key) ?? 0) + 1);
        else signalsOnTopics.add((JSON.parse(value) as { signalId: string }).signalId);
      }
    }

    let deadLetters = 0;
    for (const topic of topics.filter((n) => n.startsWith(`${t.prefix}atalaya.deadletter.`))) {
      deadLetters += (await all(topic)).length;
    }

    const bodiesByKey = new Map<string, Set<string>>(hooks.bodiesById);
    for (const topic of topics.filter((n) => n.startsWith(`${t.prefix}atalaya.notify.`))) {
      // On Kafka the idempotency key is the body's notificationId; the message key is the route and group.
      for (const m of await all(topic)) {
        const body = m.value?.toString() ?? '';
        const key = `${topic}/${(JSON.parse(body) as { notificationId: string }).notificationId}`;
        bodiesByKey.set(key, (bodiesByKey.get(key) ?? new Set()).add(body));
      }
    }
    // A notification carries each alert's latest event: updates that arrive together are told as one.
    const seq = new Map(
      (await db.query<{ event_id: string; seq: string }>(`SELECT event_id, seq FROM alert_events`)).rows.map(
        (r) => [r.event_id, Number(r.seq)],
      ),
    );
    const notifiedEvents = new Set<string>();
    const latestNotified = new Map<string, string>();
    for (const bodies of bodiesByKey.values()) {
      for (const body of bodies) {
        const n = JSON.parse(body) as {
          recipientId: string;
          alerts: { event: { alertId: string; eventId: string } }[];
        };
        for (const { event } of n.alerts) {
          notifiedEvents.add(event.eventId);
          const pair = `${n.recipientId}|${event.alertId}`;
          const before = latestNotified.get(pair);
          if (before === undefined || (seq.get(event.eventId) ?? 0) > (seq.get(before) ?? 0))
            latestNotified.set(pair, event.eventId);
        }
      }
    }
    return {
      observations,
      alertEvents,
      onAlertsTopic,
      alertIdsWithTwoBodies: [...alertBodies].filter(([, b]) => b.size > 1).map(([id]) => id),
      rejections: new Map([...rejections].map(([k, r]) => [k, r.code])),
      rejectionCopies: new Map([...rejections].map(([k, r]) => [k, r.offsets.size])),
      badOnTopics,
      signalsOnTopics,
      rejectionsResent,
      deadLetters,
      notifiedEvents,
      latestNotified,
      notificationKeys: bodiesByKey.size,
      keysWithTwoBodies: [...bodiesByKey].filter(([, b]) => b.size > 1).map(([key]) => key),
      unverifiedWebhooks: hooks.unverified,
      undelivered,
    };
  } finally {
    await admin.disconnect();
    await db.end();
  }
}
