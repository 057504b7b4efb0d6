import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import type { AlertEvent } from '@atalaya/contracts';
import { createProducer, type MessageProducer } from '@atalaya/messaging';
import {
  eventually,
  kafkaForSuite,
  metricValue,
  requireEnv,
  serviceEnv,
  startServiceProcess,
  type ServiceProcess,
  type TestKafka,
} from '@atalaya/testing';
import type { Kafka } from 'kafkajs';
import { Webhook } from 'standardwebhooks';
import { darienEvent } from '../../libs/cap/src/testing/cap.fixtures';
import { latencyOf, round, type Latency } from './latency';

/**
 * Alert event on `atalaya.alerts` to signed webhook received, through the real dispatcher (route, group,
 * render, delivery log, HTTP), next to a bare kafkajs consumer of the same events in the same run; then a
 * burst, events per second routed by the dispatcher against the same consumer's read rate. Ratios are the
 * figures: absolute times depend on the machine.
 *
 * Each latency-phase alert fires and is resolved `BENCH_RESOLVE_AFTER_MS` later, both to every recipient.
 * The firing waits the route's `groupWait` (PT1S, the least the catalogue schema allows) and the next tick;
 * the resolution reaches a group flushed more than `groupInterval` ago, which routing sends at once, so it
 * measures the dispatcher's own latency. Ending every alert also keeps the routing state (one row) as small
 * as it is in service, where alerts end.
 */
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 100);
const RATE = Number(process.env.BENCH_RATE ?? 1);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const RESOLVE_AFTER_MS = Number(process.env.BENCH_RESOLVE_AFTER_MS ?? 3000);
const BURST = Number(process.env.BENCH_BURST ?? 1000);
const TICK_MS = Number(process.env.BENCH_TICK_MS ?? 100);
const GROUP_WAIT_MS = 1000;
const DRAIN_MS = 90000;
const TARGET_P99_MS = 250;
const TARGET_EVENTS_PER_S = 1000;

const SECRET = `whsec_${Buffer.from('bench-dispatch-signing-secret!!!').toString('base64')}`;
const SECRET_VAR = 'ATALAYA_WEBHOOK_SECRET_BENCH';
const FANOUT_TRIGGER = { id: 'darien-crossings-surge', version: 2, title: 'Darién crossings surge' };
const BURST_TRIGGER = { id: 'honduras-entries-surge', version: 2, title: 'Honduras entries surge' };

const recipientId = (i: number): string => `bench_r${String(i).padStart(3, '0')}`;

/**
 * `RECIPIENTS` partners on webhooks only, one group per alert. The latency trigger routes to all of them;
 * everything else (the burst's trigger) falls to the root's single default receiver.
 */
function routingFiles(dir: string, receiverUrl: string): { recipients: string; responses: string } {
  const ids = Array.from({ length: RECIPIENTS }, (_, i) => recipientId(i));
  const recipients = ids
    .map(
      (id) => `  - id: ${id}
    name: Bench recipient ${id}
    kind: partner
    languages: [en]
    channels: [{ type: webhook, url: '${receiverUrl}/${id}', secrets: [${SECRET_VAR}] }]`,
    )
    .join('\n');
  const files = { recipients: join(dir, 'recipients.yaml'), responses: join(dir, 'responses.yaml') };
  writeFileSync(
    files.recipients,
    `recipients:
${recipients}
route:
  receivers: [${ids[0]}]
  groupBy: [alert]
  groupWait: PT1S
  groupInterval: PT1S
  repeatInterval: P1D
  routes:
    - id: bench-fanout
      match: { trigger: ${FANOUT_TRIGGER.id} }
      receivers: [${ids.join(', ')}]
`,
  );
  writeFileSync(files.responses, 'responses: {}\n');
  return files;
}

const firing = (alertId: string, trigger: AlertEvent['trigger'], seriesKey: string): AlertEvent =>
  darienEvent({ alertId, eventId: `${alertId}/firing`, trigger, seriesKey });

const resolution = (fired: AlertEvent): AlertEvent => ({
  ...fired,
  eventId: `${fired.alertId}/resolved`,
  type: 'resolved',
  level: null,
  previousLevel: 'watch',
  evidence: { ...fired.evidence, value: 9000, comparison: 'below-clear' },
});

const fanoutAlert = (name: string): AlertEvent =>
  firing(`bench-${name}`, FANOUT_TRIGGER, 'PAN/irregular_crossings/PAN/-/darien');

/** Every signed webhook the receiver took: when, for whom, and the alert events it told of. */
class Receiver {
  readonly firstAt = new Map<string, number>();
  private readonly perEvent = new Map<string, number>();
  unverified = 0;
  private server?: Server;
  private readonly webhook = new Webhook(SECRET);

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const at = performance.now();
        const body = Buffer.concat(chunks).toString();
        res.writeHead(this.take(req.url ?? '', body, req.headers, at) ? 204 : 401).end();
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** The deliveries of these events that arrived, once per event and recipient. */
  count(eventIds: readonly string[]): number {
    return eventIds.reduce((n, e) => n + (this.perEvent.get(e) ?? 0), 0);
  }

  private take(path: string, body: string, headers: IncomingHttpHeaders, at: number): boolean {
    const flat = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)]));
    try {
      this.webhook.verify(body, flat);
    } catch {
      this.unverified += 1;
      return false;
    }
    const recipient = path.slice(1);
    const notification = JSON.parse(body) as { alerts: { event: { eventId: string } }[] };
    for (const { event } of notification.alerts) {
      const key = `${event.eventId}|${recipient}`;
      if (this.firstAt.has(key)) continue;
      this.firstAt.set(key, at);
      this.perEvent.set(event.eventId, (this.perEvent.get(event.eventId) ?? 0) + 1);
    }
    return true;
  }
}

/** A bare kafkajs consumer of the alerts topic, as the dispatcher's transport reads it (250 ms fetch wait). */
async function rawConsumer(kafka: Kafka, topic: string, onBatch: (eventIds: string[], at: number) => void) {
  const consumer = kafka.consumer({ groupId: `bench-raw-${Date.now()}`, maxWaitTimeInMs: 250 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const joined = new Promise<void>((r) => consumer.on(consumer.events.GROUP_JOIN, () => r()));
  await consumer.run({
    eachBatch: ({ batch }) => {
      const at = performance.now();
      onBatch(
        batch.messages.map((m) => (JSON.parse(m.value?.toString() ?? '{}') as AlertEvent).eventId),
        at,
      );
      return Promise.resolve();
    },
  });
  await joined;
  return consumer;
}

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - performance.now())));

async function send(producer: MessageProducer, topic: string, events: readonly AlertEvent[]): Promise<void> {
  await producer.send({
    topic,
    acks: -1,
    messages: events.map((e) => ({ key: e.alertId, value: JSON.stringify(e) })),
  });
}

interface LatencyResult {
  readonly alerts: number;
  readonly raw: Latency;
  readonly firing: Latency;
  readonly resolved: Latency;
  readonly delivered: number;
  readonly expected: number;
}

/**
 * `RATE` alerts a second for `SECONDS`, each fired and later resolved, every event stamped as it is handed
 * to the producer; waits until every recipient has heard every event (or `DRAIN_MS`).
 */
async function latencyPhase(
  t: TestKafka,
  producer: MessageProducer,
  receiver: Receiver,
  dispatcher: ServiceProcess,
): Promise<LatencyResult> {
  const producedAt = new Map<string, number>();
  const consumedAt = new Map<string, number>();
  const raw = await rawConsumer(t.kafka, t.topics.alerts, (ids, at) =>
    ids.forEach((id) => consumedAt.has(id) || consumedAt.set(id, at)),
  );
  const warm = fanoutAlert('warmup');
  await send(producer, t.topics.alerts, [warm]);
  await eventually(
    `the warm-up alert at all ${RECIPIENTS} webhooks`,
    () => (receiver.count([warm.eventId]) >= RECIPIENTS ? true : undefined),
    60000,
  );

  const alerts = Math.round(RATE * SECONDS);
  const schedule = Array.from({ length: alerts }, (_, i) => {
    const fired = fanoutAlert(`latency-${i}`);
    const at = (i * 1000) / RATE;
    return [
      { at, event: fired },
      { at: at + RESOLVE_AFTER_MS, event: resolution(fired) },
    ];
  })
    .flat()
    .sort((a, b) => a.at - b.at);
  const start = performance.now() + 100;
  const sends: Promise<void>[] = [];
  for (const { at, event } of schedule) {
    await sleepUntil(start + at);
    producedAt.set(event.eventId, performance.now());
    sends.push(send(producer, t.topics.alerts, [event]));
  }
  await Promise.all(sends);
  const eventIds = schedule.map((s) => s.event.eventId);
  const expected = eventIds.length * RECIPIENTS;
  await eventually(
    `every recipient to hear every latency-phase event (${expected} deliveries)`,
    () => (receiver.count(eventIds) >= expected ? true : undefined),
    DRAIN_MS,
  ).catch((err: unknown) =>
    process.stderr.write(
      `bench: ${(err as Error).message}; reporting what arrived. Dispatcher output tail:\n` +
        `${dispatcher.output().slice(-2000)}\n`,
    ),
  );
  await raw.disconnect();

  const elapsed = (seen: Map<string, number>, pairs: [string, string][]) =>
    pairs.flatMap(([key, eventId]) => {
      const at = seen.get(key);
      return at === undefined ? [] : [at - producedAt.get(eventId)!];
    });
  const deliveries = (type: string): [string, string][] =>
    eventIds
      .filter((id) => id.endsWith(`/${type}`))
      .flatMap((id) =>
        Array.from({ length: RECIPIENTS }, (_, r): [string, string] => [`${id}|${recipientId(r)}`, id]),
      );
  return {
    alerts,
    raw: latencyOf(
      elapsed(
        consumedAt,
        eventIds.map((id) => [id, id]),
      ),
    ),
    firing: latencyOf(elapsed(receiver.firstAt, deliveries('firing'))),
    resolved: latencyOf(elapsed(receiver.firstAt, deliveries('resolved'))),
    delivered: receiver.count(eventIds),
    expected,
  };
}

interface ThroughputResult {
  readonly events: number;
  readonly producedPerSecond: number;
  readonly routedPerSecond: number;
  readonly deliveredPerSecond: number;
  readonly delivered: number;
  readonly rawConsumePerSecond: number;
}

/**
 * `BURST` firing alerts of the burst's trigger (one recipient each), produced as fast as the producer goes.
 * Routed: alert events the dispatcher's consumer is done with (routing state and delivery log committed),
 * from `atalaya_messages_consumed_total`. Then a fresh raw consumer reads the whole topic, uncontended.
 */
async function throughputPhase(
  t: TestKafka,
  producer: MessageProducer,
  receiver: Receiver,
  dispatcher: ServiceProcess,
): Promise<ThroughputResult> {
  const routed = async () =>
    metricValue(await dispatcher.metrics(), 'atalaya_messages_consumed_total', { topic: t.topics.alerts });
  const before = await routed();
  const events = Array.from({ length: BURST }, (_, i) =>
    firing(`bench-burst-${i}`, BURST_TRIGGER, 'HND/irregular_entries/HND/-/-'),
  );
  const startedAt = performance.now();
  const watch = watchRouted(routed, before, BURST);
  for (let from = 0; from < BURST; from += 500) {
    await send(producer, t.topics.alerts, events.slice(from, from + 500));
  }
  const producedIn = performance.now() - startedAt;
  const { first, counted, last } = await watch;
  const eventIds = events.map((e) => e.eventId);
  const deliveredAt = await eventually(
    `the burst's ${BURST} webhooks`,
    () => (receiver.count(eventIds) >= BURST ? performance.now() : undefined),
    DRAIN_MS,
  ).catch(() => undefined);
  const total = await routed();
  return {
    events: BURST,
    producedPerSecond: Math.round((BURST / producedIn) * 1000),
    routedPerSecond: Math.round(((before + BURST - counted) / (last - first)) * 1000),
    deliveredPerSecond: Math.round(
      (receiver.count(eventIds) / ((deliveredAt ?? performance.now()) - startedAt)) * 1000,
    ),
    delivered: receiver.count(eventIds),
    rawConsumePerSecond: Math.round(await rawConsumeRate(t.kafka, t.topics.alerts, total)),
  };
}

/** When the dispatcher took its first burst event, how many it had then, and when it had them all. */
async function watchRouted(routed: () => Promise<number>, before: number, n: number) {
  const first = await eventually('the dispatcher to route its first burst event', async () =>
    (await routed()) > before ? performance.now() : undefined,
  );
  const counted = await routed();
  const last = await eventually(
    `the dispatcher to route all ${n} burst events`,
    async () => ((await routed()) >= before + n ? performance.now() : undefined),
    600000,
  );
  return { first, counted, last };
}

async function rawConsumeRate(kafka: Kafka, topic: string, n: number): Promise<number> {
  let seen = 0;
  let first = 0;
  let resolveDone: (at: number) => void = () => undefined;
  const done = new Promise<number>((r) => (resolveDone = r));
  const consumer = await rawConsumer(kafka, topic, (ids, at) => {
    if (first === 0) first = at;
    seen += ids.length;
    if (seen >= n) resolveDone(performance.now());
  });
  const last = await done;
  await consumer.disconnect();
  return (n / (last - first)) * 1000;
}

const met = (ok: boolean): string => (ok ? 'met' : 'not met');

function report(
  latency: LatencyResult,
  burst: ThroughputResult,
  unverified: number,
  load: readonly [number, number],
): void {
  const ratio = (a: number, b: number) => Number((a / b).toPrecision(3));
  const result = {
    recipients: RECIPIENTS,
    recipientsPerLatencyEvent: RECIPIENTS,
    alertsPerSecond: RATE,
    seconds: SECONDS,
    tickMs: TICK_MS,
    cores: availableParallelism(),
    loadAverage1m: { atStart: load[0], atEnd: load[1] },
    latencyMs: {
      rawKafkajsConsume: latency.raw,
      dispatchResolved: latency.resolved,
      dispatchFiring: latency.firing,
      resolvedToRawP99Ratio: ratio(latency.resolved.p99, latency.raw.p99),
    },
    deliveries: { received: latency.delivered, expected: latency.expected },
    throughput: {
      ...burst,
      routedToRawRatio: Number((burst.routedPerSecond / burst.rawConsumePerSecond).toPrecision(2)),
    },
  };
  writeFileSync('dist/bench/dispatch.json', `${JSON.stringify(result, null, 2)}\n`);
  const row = (name: string, l: Latency) =>
    `  ${name.padEnd(58)}${[l.p50, l.p99, l.max, l.samples].map((v) => String(v).padStart(9)).join('')}`;
  const firingBeyondWait = round(latency.firing.p99 - GROUP_WAIT_MS);
  const missing = latency.expected - latency.delivered;
  const p99Target = (name: string, p99: number) => `${name} ${p99} ms ${met(p99 < TARGET_P99_MS)}`;
  console.log(
    [
      `dispatch: ${RECIPIENTS} recipients, each latency-phase event routed to all ${RECIPIENTS} (webhook); ` +
        `${latency.alerts} alerts at ${RATE}/s, each fired, then resolved ${RESOLVE_AFTER_MS} ms later; tick ${TICK_MS} ms`,
      `  machine: ${result.cores} cores, 1-minute load average ${load[0]} at the start, ${load[1]} at the end`,
      `  ${'latency, ms'.padEnd(58)}${['p50', 'p99', 'max', 'samples'].map((h) => h.padStart(9)).join('')}`,
      row('raw kafkajs consumer: produce → consume', latency.raw),
      row('dispatcher, resolution (sent at once): produce → webhook', latency.resolved),
      row('dispatcher, firing (groupWait PT1S): produce → webhook', latency.firing),
      `  resolution p99 / raw p99: ${result.latencyMs.resolvedToRawP99Ratio}; webhooks received ` +
        `${latency.delivered} of ${latency.expected}` +
        (missing > 0
          ? ` (${missing} still missing after ${DRAIN_MS / 1000} s: the percentiles understate)`
          : '') +
        `, signatures refused ${unverified}`,
      `throughput: ${burst.events} firing alerts of another trigger (one recipient each), produced at ${burst.producedPerSecond}/s`,
      `  raw kafkajs consumer read ${burst.rawConsumePerSecond} events/s`,
      `  dispatcher routed ${burst.routedPerSecond} events/s (consumed, routing state and delivery log committed), ` +
        `ratio ${result.throughput.routedToRawRatio}`,
      `  webhooks delivered ${burst.delivered} of ${burst.events}, ${burst.deliveredPerSecond}/s from the first produce`,
      'targets (reported, never failed on):',
      `  p99 < ${TARGET_P99_MS} ms, alert event to webhook, ${RECIPIENTS} recipients: ` +
        `${p99Target('resolution', latency.resolved.p99)}; ${p99Target('firing', latency.firing.p99)}, ` +
        `${p99Target('firing beyond its groupWait', firingBeyondWait)}`,
      `  ≥ ${TARGET_EVENTS_PER_S} alert events/s routed: ${burst.routedPerSecond}/s ` +
        met(burst.routedPerSecond >= TARGET_EVENTS_PER_S),
    ].join('\n'),
  );
}

async function main(): Promise<void> {
  const dir = join(requireEnv('ATALAYA_RUN_DIR'), 'dispatch-bench');
  mkdirSync(dir, { recursive: true });
  const receiver = new Receiver();
  const files = routingFiles(dir, await receiver.start());
  const t = await kafkaForSuite('bench-dispatch');
  const producer = createProducer(t.kafka);
  await producer.connect();
  let dispatcher: ServiceProcess | undefined;
  try {
    dispatcher = await startServiceProcess('dispatcher', {
      ...serviceEnv(t, requireEnv('DATABASE_URL')),
      ATALAYA_RECIPIENTS: files.recipients,
      ATALAYA_RESPONSES: files.responses,
      ATALAYA_DISPATCH_TICK_MS: String(TICK_MS),
      [SECRET_VAR]: SECRET,
    });
    const loadAtStart = round(loadavg()[0]);
    const latency = await latencyPhase(t, producer, receiver, dispatcher);
    process.stderr.write(`bench: latency phase done, ${latency.delivered} webhooks\n`);
    const burst = await throughputPhase(t, producer, receiver, dispatcher);
    report(latency, burst, receiver.unverified, [loadAtStart, round(loadavg()[0])]);
  } finally {
    await dispatcher?.stop();
    await producer.disconnect();
    await receiver.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
