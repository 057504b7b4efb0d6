import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ServiceMetrics } from '@atalaya/observability';
import { NotificationsRepository } from '@atalaya/persistence';
import {
  databaseForSuite,
  deliveryLogProbe,
  metricValue,
  repoRoot,
  type SuiteDatabase,
} from '@atalaya/testing';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import {
  EmailDeliverer,
  type EmailSettings,
  type EmailTarget,
} from '../../apps/dispatcher/src/channels/email.deliverer';
import { darienNotification } from '../../apps/dispatcher/src/channels/email/testing/email.fixtures';
import {
  header,
  leaves,
  readMime,
  type MimePart,
} from '../../apps/dispatcher/src/channels/email/testing/mime.reader';
import { CAP_XSD_FROM_REPO_ROOT, schemaErrors } from '../../libs/cap/src/testing/cap.schema-validator';

const FROM = 'Atalaya <alerts@atalaya.example.org>';

/** An SMTP reply the test scripts: none accepts. */
type Answer = { code: number; message: string } | null;

interface Received {
  readonly to: readonly string[];
  readonly raw: Buffer;
  /** What the server answered at the end of DATA. */
  readonly accepted: boolean;
}

const smtpError = ({ code, message }: { code: number; message: string }) =>
  Object.assign(new Error(message), { responseCode: code });

/**
 * An operations centre's mail server: answers each mailbox's RCPT and each message's DATA as the test
 * scripts them (by how many times it was asked), and keeps every message it was sent, refused ones too.
 */
class MailServer {
  readonly received: Received[] = [];
  private readonly rcpt = new Map<string, (count: number) => Answer>();
  private readonly data = new Map<string, (count: number) => Answer>();
  private readonly counts = new Map<string, number>();
  private readonly server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      const answer = this.rcpt.get(address.address)?.(this.count(`rcpt ${address.address}`)) ?? null;
      callback(answer ? smtpError(answer) : null);
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((a) => a.address);
        const answer = this.data.get(to[0])?.(this.count(`data ${to[0]}`)) ?? null;
        this.received.push({ to, raw: Buffer.concat(chunks), accepted: answer === null });
        callback(answer ? smtpError(answer) : null);
      });
    },
  });

  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  answerRcpt(address: string, script: (count: number) => Answer): void {
    this.rcpt.set(address, script);
  }

  answerData(address: string, script: (count: number) => Answer): void {
    this.data.set(address, script);
  }

  /** The messages accepted for an address, read as a mail client would. */
  inbox(address: string): MimePart[] {
    return this.received.filter((r) => r.accepted && r.to.includes(address)).map((r) => readMime(r.raw));
  }

  start(): Promise<void> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(resolve));
  }

  private count(key: string): number {
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n;
  }
}

describe('email delivery on the real database, to a real SMTP server', () => {
  let db: SuiteDatabase;
  const mail = new MailServer();
  const targets = new Map<string, EmailTarget>();
  const repository = new NotificationsRepository();
  const metrics = new ServiceMetrics('dispatcher-test');
  const xsd = {
    fileName: 'CAP-v1.2.xsd',
    contents: readFileSync(join(repoRoot(), CAP_XSD_FROM_REPO_ROOT), 'utf8'),
  };
  let deliverer: EmailDeliverer;
  const settings = (smtp: EmailSettings['smtp']): EmailSettings => ({
    policy: { maxAttempts: 3, initialMs: 40, maxMs: 200 },
    pollMs: 100,
    timeoutMs: 5000,
    concurrency: 8,
    smtp,
    targetOf: (id) => targets.get(id),
  });

  beforeAll(async () => {
    db = await databaseForSuite('email');
    await mail.start();
    deliverer = new EmailDeliverer(
      settings({ url: mail.url, from: FROM }),
      db.dataSource,
      repository,
      pino({ level: 'silent' }),
      metrics,
    );
  });

  afterAll(async () => {
    await deliverer?.onModuleDestroy();
    await mail.stop();
    await db?.drop();
  });

  let clock = Date.parse('2026-12-01T10:00:00Z');
  /** Logs the email row of a notification, each one made a minute after the one before. */
  const notify = (body: ReturnType<typeof darienNotification>) =>
    db.dataSource.transaction((em) =>
      repository.enqueue(em, [
        {
          id: body.notificationId,
          recipientId: body.recipientId,
          channel: 'email',
          alertId: body.alerts[0].event.alertId,
          eventId: body.alerts[0].event.eventId,
          body: JSON.stringify(body),
          createdAt: new Date((clock += 60_000)),
        },
      ]),
    );

  const { status, settle, attempts } = deliveryLogProbe(
    () => db.dataSource,
    'email',
    () => deliverer.deliverDue(),
  );

  const text = (m: MimePart) => leaves(m)[0].body.toString('utf8');
  const caps = (m: MimePart) =>
    leaves(m)
      .filter((p) => p.contentType === 'application/xml')
      .map((p) => p.body.toString('utf8'));

  it('sends each notification once, in the recipient’s language, threaded under its alert, with its CAP', async () => {
    targets.set('pan-coe', { to: ['operaciones@pan.example.org'], language: 'es' });
    targets.set('hti-coe', { to: ['coe@hti.example.org'], language: 'fr' });
    const first = darienNotification({ id: 'ntf_pan_1' });
    const escalated = darienNotification({
      id: 'ntf_pan_2',
      reason: 'update',
      event: { eventId: 'evt-2021-08', type: 'escalated', level: 'warning', previousLevel: 'watch' },
    });
    const haiti = darienNotification({ id: 'ntf_hti_1', recipientId: 'hti-coe', languages: ['fr', 'es'] });
    expect(await notify(first)).toEqual(['ntf_pan_1/email']);
    expect(await notify(first)).toEqual([]);
    await notify(haiti);
    await notify(escalated);

    for (const id of ['ntf_pan_1', 'ntf_hti_1', 'ntf_pan_2'])
      expect(await settle(id)).toEqual({ status: 'delivered', attempts: 1 });

    // Each email is received once; they may arrive in either order (sent at once), the headers thread them.
    const pan = mail.inbox('operaciones@pan.example.org');
    expect(pan.map((m) => header(m, 'message-id')).sort()).toEqual([
      '<ntf_pan_1@atalaya.example.org>',
      '<ntf_pan_2@atalaya.example.org>',
    ]);
    const byId = (id: string) => pan.find((m) => header(m, 'message-id') === `<${id}@atalaya.example.org>`)!;
    const [panFirst, panSecond] = [byId('ntf_pan_1'), byId('ntf_pan_2')];
    expect(header(panFirst, 'in-reply-to')).toBeUndefined();
    expect(header(panSecond, 'in-reply-to')).toBe('<ntf_pan_1@atalaya.example.org>');
    expect(header(panSecond, 'references')).toBe('<ntf_pan_1@atalaya.example.org>');
    expect(header(panSecond, 'subject')).toBe(header(panFirst, 'subject'));
    expect(header(panFirst, 'content-language')).toBe('es-419');
    expect(text(panFirst)).toContain('Alerta (vigilancia): Darién crossings surge');
    expect(text(panSecond)).toContain('Alerta elevada (alerta): Darién crossings surge');
    expect(text(panSecond)).toContain('Cambió una alerta de la que su organización ya fue notificada.');

    // Haiti's thread is its own: Panama's earlier email about the same alert is not its parent.
    const [hti] = mail.inbox('coe@hti.example.org');
    expect(mail.inbox('coe@hti.example.org')).toHaveLength(1);
    expect(header(hti, 'in-reply-to')).toBeUndefined();
    expect(header(hti, 'content-language')).toBe('fr');
    expect(text(hti)).toContain('Alerte (veille)\u00a0: Darién crossings surge');
    expect(header(hti, 'subject')).toBe('[Atalaya] Darién crossings surge · Darién (Panama)');

    const attached = [panFirst, panSecond, hti].map(caps);
    expect(attached).toEqual([[first.alerts[0].cap], [escalated.alerts[0].cap], [haiti.alerts[0].cap]]);
    expect(await schemaErrors(xsd, attached.flat())).toEqual([]);
  });

  it('sends the very bytes the log row makes, so a resend is the same email', async () => {
    const [row] = await db.dataSource.query<{ id: string; recipient_id: string; body: string }[]>(
      `SELECT id, recipient_id, body FROM notifications WHERE id = 'ntf_pan_2' AND channel = 'email'`,
    );
    const email = await deliverer.emailOf({ id: row.id, recipientId: row.recipient_id, body: row.body });
    if (typeof email === 'string') throw new Error(email);
    const sent = mail.received.filter(
      (r) => readMime(r.raw).headers.get('message-id')?.[0] === '<ntf_pan_2@atalaya.example.org>',
    );
    expect(sent).toHaveLength(1);
    expect(sent[0].raw.equals(email.raw)).toBe(true);
    expect(email.envelope).toEqual({
      from: 'alerts@atalaya.example.org',
      to: ['operaciones@pan.example.org'],
    });
  });

  it('retries a server that answers 451, and the retry is the same message', async () => {
    targets.set('gtm-coe', { to: ['coe@gtm.example.org'], language: 'es' });
    mail.answerData('coe@gtm.example.org', (n) =>
      n === 1 ? { code: 451, message: '4.3.0 try again later' } : null,
    );
    await notify(darienNotification({ id: 'ntf_busy', recipientId: 'gtm-coe' }));

    expect(await settle('ntf_busy')).toEqual({ status: 'delivered', attempts: 2 });
    expect((await attempts('ntf_busy')).map((a) => [a.attempt, a.outcome, a.error])).toEqual([
      [1, 'failed', `${mail.url} answered 451 4.3.0 try again later`],
      [2, 'delivered', null],
    ]);
    const tries = mail.received.filter((r) => r.to.includes('coe@gtm.example.org'));
    expect(tries.map((r) => r.accepted)).toEqual([false, true]);
    expect(tries[0].raw.equals(tries[1].raw)).toBe(true);
    expect(mail.inbox('coe@gtm.example.org').map((m) => header(m, 'message-id'))).toEqual([
      '<ntf_busy@atalaya.example.org>',
    ]);
  });

  it('dead-letters a mailbox that bounces (550) after the policy’s attempts, then delivers once re-driven', async () => {
    let fixed = false;
    targets.set('iom', { to: ['gone@iom.example.org'], language: 'en' });
    mail.answerRcpt('gone@iom.example.org', () =>
      fixed ? null : { code: 550, message: '5.1.1 no such mailbox' },
    );
    await notify(darienNotification({ id: 'ntf_bounce', recipientId: 'iom', languages: ['en'] }));

    expect(await settle('ntf_bounce')).toEqual({ status: 'dead_lettered', attempts: 3 });
    const dead = await repository.deadLettered(db.dataSource.manager, 'iom');
    expect(dead.map((d) => [d.id, d.channel, d.lastError])).toEqual([
      ['ntf_bounce', 'email', `${mail.url} answered 550 5.1.1 no such mailbox (permanent)`],
    ]);
    expect(
      metricValue(await metrics.registry.metrics(), 'atalaya_deliveries_total', {
        channel: 'email',
        outcome: 'dead_lettered',
      }),
    ).toBe(1);
    expect(mail.inbox('gone@iom.example.org')).toHaveLength(0);

    fixed = true;
    await deliverer.deliverDue();
    expect((await status('ntf_bounce')).status).toBe('dead_lettered');
    const redriven = await db.dataSource.transaction((em) =>
      repository.redrive(em, ['ntf_bounce'], 'operator@oas.org', 'mailbox restored'),
    );
    expect(redriven).toEqual(['ntf_bounce/email']);
    expect(await settle('ntf_bounce')).toEqual({ status: 'delivered', attempts: 4 });
    const [received] = mail.inbox('gone@iom.example.org');
    expect(mail.inbox('gone@iom.example.org')).toHaveLength(1);
    expect(header(received, 'content-language')).toBe('en');
    expect(text(received)).toContain('Alert (watch): Darién crossings surge');
  });

  it('counts a recipient without an email channel as a failed attempt, naming it', async () => {
    await notify(darienNotification({ id: 'ntf_nowhere', recipientId: 'nobody' }));
    await deliverer.deliverDue();
    const [row] = await db.dataSource.query<{ last_error: string }[]>(
      `SELECT last_error FROM notifications WHERE id = 'ntf_nowhere'`,
    );
    expect(row.last_error).toBe('recipient nobody has no email channel configured');
  });

  it('sends nothing, and never polls, without an SMTP server', async () => {
    const before = mail.received.length;
    const logged: string[] = [];
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => logged.push((JSON.parse(line) as { msg: string }).msg) },
    );
    const off = new EmailDeliverer(settings(null), db.dataSource, repository, logger, metrics);
    await notify(darienNotification({ id: 'ntf_off', recipientId: 'pan-coe' }));
    off.onApplicationBootstrap();
    await new Promise((r) => setTimeout(r, 500));
    await off.onModuleDestroy();
    expect(await status('ntf_off')).toEqual({ status: 'pending', attempts: 0 });
    expect(mail.received.length).toBe(before);
    expect(logged).toEqual([
      'email channel off: ATALAYA_SMTP_URL is not set, so no email notification is queued',
    ]);
  });
});
