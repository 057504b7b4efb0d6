import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceMetrics } from '@atalaya/observability';
import { NotificationsRepository } from '@atalaya/persistence';
import { databaseForSuite, deliveryLogProbe, metricValue, type SuiteDatabase } from '@atalaya/testing';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { WebhookDeliverer, type WebhookTarget } from '../../apps/dispatcher/src/channels/webhook.deliverer';

const secret = (fill: string) => `whsec_${Buffer.from(fill.repeat(32)).toString('base64')}`;
const OLD = secret('o');
const NEW = secret('n');

interface Received {
  readonly path: string;
  readonly id: string;
  readonly body: string;
  readonly verifiedWith: string[];
}

/** An operations centre's receiver: verifies every signature and answers each path as the test scripts it. */
class Receiver {
  readonly received: Received[] = [];
  private readonly answers = new Map<
    string,
    (count: number) => { status: number; headers?: Record<string, string> }
  >();
  private server?: Server;

  answer(
    path: string,
    script: (count: number) => { status: number; headers?: Record<string, string> },
  ): string {
    this.answers.set(path, script);
    return `${this.url}${path}`;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        const path = req.url ?? '';
        this.received.push({
          path,
          id: String(req.headers['webhook-id']),
          body,
          verifiedWith: verified(body, req.headers),
        });
        const count = this.received.filter((r) => r.path === path).length;
        const { status, headers } = this.answers.get(path)?.(count) ?? { status: 404 };
        res.writeHead(status, headers).end();
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server?.close(() => r()) ?? r());
  }
}

function verified(body: string, headers: IncomingHttpHeaders): string[] {
  const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)]));
  return [
    ['old', OLD],
    ['new', NEW],
  ].flatMap(([name, s]) => {
    try {
      new Webhook(s).verify(body, h);
      return [name];
    } catch {
      return [];
    }
  });
}

describe('webhook delivery on the real database, to a real HTTP receiver', () => {
  let db: SuiteDatabase;
  const receiver = new Receiver();
  const targets = new Map<string, WebhookTarget>();
  const repository = new NotificationsRepository();
  const metrics = new ServiceMetrics('dispatcher-test');
  let deliverer: WebhookDeliverer;

  beforeAll(async () => {
    db = await databaseForSuite('webhooks');
    await receiver.start();
    deliverer = new WebhookDeliverer(
      {
        policy: { maxAttempts: 3, initialMs: 40, maxMs: 200 },
        pollMs: 1000,
        timeoutMs: 2000,
        concurrency: 8,
        targetOf: (id) => targets.get(id),
      },
      db.dataSource,
      repository,
      pino({ level: 'silent' }),
      metrics,
    );
  });

  afterAll(async () => {
    await receiver.stop();
    await db?.drop();
  });

  const notify = (id: string, recipientId: string) =>
    db.dataSource.transaction((em) =>
      repository.enqueue(em, [
        {
          id,
          recipientId,
          channel: 'webhook',
          alertId: `alert-${id}`,
          eventId: `event-${id}`,
          body: JSON.stringify({ id, n: 1 }),
          createdAt: new Date(),
        },
      ]),
    );

  const { status, settle, attempts } = deliveryLogProbe(
    () => db.dataSource,
    'webhook',
    () => deliverer.deliverDue(),
  );

  it('retries a receiver that answers 500 twice, then delivers, the same id and body each time, signed', async () => {
    targets.set('pan-coe', {
      url: receiver.answer('/pan', (n) => ({ status: n <= 2 ? 500 : 200 })),
      secrets: [NEW],
    });
    expect(await notify('msg_flaky', 'pan-coe')).toEqual(['msg_flaky/webhook']);
    expect(await notify('msg_flaky', 'pan-coe')).toEqual([]);

    expect(await settle('msg_flaky')).toEqual({ status: 'delivered', attempts: 3 });
    const seen = receiver.received.filter((r) => r.path === '/pan');
    expect(seen.map((r) => r.id)).toEqual(['msg_flaky', 'msg_flaky', 'msg_flaky']);
    expect(new Set(seen.map((r) => r.body)).size).toBe(1);
    expect(seen.every((r) => r.verifiedWith.includes('new'))).toBe(true);
    expect((await attempts('msg_flaky')).map((a) => [a.attempt, a.outcome, a.http_status])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 500],
      [3, 'delivered', 200],
    ]);
  });

  it('waits as long as Retry-After asks before trying again', async () => {
    targets.set('hnd-coe', {
      url: receiver.answer('/hnd', (n) =>
        n === 1 ? { status: 503, headers: { 'retry-after': '1' } } : { status: 200 },
      ),
      secrets: [NEW],
    });
    await notify('msg_busy', 'hnd-coe');
    expect(await settle('msg_busy')).toEqual({ status: 'delivered', attempts: 2 });
    const [first, second] = await attempts('msg_busy');
    expect(second.started_at.getTime() - first.started_at.getTime()).toBeGreaterThanOrEqual(1000);
  });

  it('dead-letters a receiver that always fails after the policy’s attempts, then delivers once re-driven', async () => {
    let healthy = false;
    targets.set('iom', {
      url: receiver.answer('/iom', () => ({ status: healthy ? 200 : 500 })),
      secrets: [NEW],
    });
    await notify('msg_down', 'iom');
    expect(await settle('msg_down')).toEqual({ status: 'dead_lettered', attempts: 3 });
    const dead = await repository.deadLettered(db.dataSource.manager, 'iom');
    expect(dead.map((d) => [d.id, d.lastError])).toEqual([['msg_down', `${receiver.url}/iom answered 500`]]);
    expect(
      metricValue(await metrics.registry.metrics(), 'atalaya_deliveries_total', { outcome: 'dead_lettered' }),
    ).toBe(1);

    healthy = true;
    await deliverer.deliverDue();
    expect((await status('msg_down')).status).toBe('dead_lettered');
    const redriven = await db.dataSource.transaction((em) =>
      repository.redrive(em, ['msg_down', 'msg_flaky'], 'operator@oas.org', 'receiver fixed'),
    );
    expect(redriven).toEqual(['msg_down/webhook']);
    expect(await settle('msg_down')).toEqual({ status: 'delivered', attempts: 4 });
    const [audit] = await db.dataSource.query<{ actor: string; action: string; detail: object }[]>(
      `SELECT actor, action, detail FROM dispatch_audit WHERE subject = 'msg_down/webhook'`,
    );
    expect(audit).toEqual({
      actor: 'operator@oas.org',
      action: 'redrive',
      detail: { reason: 'receiver fixed' },
    });
  });

  it('signs with both secrets while one is rotated, so either verifies', async () => {
    targets.set('unhcr', { url: receiver.answer('/unhcr', () => ({ status: 204 })), secrets: [OLD, NEW] });
    await notify('msg_rotating', 'unhcr');
    await settle('msg_rotating');
    const [seen] = receiver.received.filter((r) => r.path === '/unhcr');
    expect(seen.verifiedWith).toEqual(['old', 'new']);
  });

  it('counts a recipient without a webhook as a failed attempt, naming it', async () => {
    await notify('msg_nowhere', 'nobody');
    await deliverer.deliverDue();
    const [row] = await db.dataSource.query<{ last_error: string }[]>(
      `SELECT last_error FROM notifications WHERE id = 'msg_nowhere'`,
    );
    expect(row.last_error).toBe('recipient nobody has no webhook configured');
  });
});
