import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { AccessRecord, AlertEvent, TopicNames } from '@atalaya/contracts';
import {
  DATA_SOURCE,
  LOGGER,
  PeriodicTask,
  REFERENCE,
  RELAY,
  TOPICS,
  enqueueOutbox,
  type OutboxRelay,
} from '@atalaya/messaging';
import { ServiceMetrics } from '@atalaya/observability';
import {
  AccessAuditRepository,
  NotificationsRepository,
  RecipientRegistryRepository,
  ResponseActionsRepository,
  SilencesRepository,
  type NewNotification,
  type RecordedAction,
  type StoredSilence,
} from '@atalaya/persistence';
import type { Reference } from '@atalaya/reference';
import {
  dispatchEvents,
  dispatchTick,
  endsToAnnounce,
  plus,
  type Notification,
  type RoutingConfig,
  type RoutingState,
} from '@atalaya/routing';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import {
  activationKey,
  DispatchStateRepository,
  type RecordedCap,
  type SentCap,
} from './dispatch-state.repository';
import { EmailDeliverer } from './channels/email.deliverer';
import { WebhookDeliverer } from './channels/webhook.deliverer';
import { escalationsDue, overdueActionsDue, type Outgoing } from './escalations';
import { renderNotification } from './notification.renderer';
import { RoutingSource } from './routing.source';
import { SharedView } from './shared-view';
import { DISPATCH_SETTINGS, SHARED_VIEW } from './tokens';

export interface DispatchSettings {
  /** CAP `sender` of every document. */
  readonly sender: string;
  /** Milliseconds between wall-clock ticks (grouping waits, repeats). */
  readonly tickMs: number;
  /** Whether email notifications are logged: only with an SMTP server to send them (ATALAYA_SMTP_URL). */
  readonly email: boolean;
}

/**
 * The dispatcher's unit of work: one PostgreSQL transaction takes the routing state (locked), feeds it the
 * batch's alert events or the passing of time, and records what is due — webhook notifications in the
 * delivery log, Kafka notifications in the outbox, the CAP messages sent and the new state — so that a
 * restart neither loses nor repeats a notification. Ids come from routing's (route, group, recipient,
 * sequence), so a redelivered batch that finds its work done adds nothing.
 */
@Injectable()
export class DispatchService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly ticks: PeriodicTask;

  constructor(
    private readonly source: RoutingSource,
    private readonly registry: RecipientRegistryRepository,
    @Inject(DISPATCH_SETTINGS) private readonly settings: DispatchSettings,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(REFERENCE) private readonly reference: Reference,
    @Inject(TOPICS) private readonly topics: TopicNames,
    @Inject(RELAY) private readonly relay: OutboxRelay,
    private readonly state: DispatchStateRepository,
    private readonly notifications: NotificationsRepository,
    private readonly responses: ResponseActionsRepository,
    private readonly silences: SilencesRepository,
    private readonly accessAudit: AccessAuditRepository,
    @Inject(SHARED_VIEW) private readonly shared: SharedView,
    private readonly webhooks: WebhookDeliverer,
    private readonly emails: EmailDeliverer,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: ServiceMetrics,
  ) {
    this.ticks = new PeriodicTask(
      settings.tickMs,
      () => this.tick(),
      (err) => this.logger.error({ err }, 'dispatch tick failed; the next tick retries it'),
    );
  }

  /** The configuration in force: the catalogue's files with the recipient registry's changes. */
  private get routing(): RoutingConfig {
    return this.source.current;
  }

  onApplicationBootstrap(): void {
    this.ticks.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.ticks.stop();
  }

  /** Routes a batch of alert events; returns how many notifications became due. */
  process(events: readonly AlertEvent[], now = new Date()): Promise<number> {
    return this.run(now, ({ state, at, silences }) => {
      const step = dispatchEvents(this.routing, state, events, at, silences);
      return Promise.resolve({
        state: step.state,
        nextWakeAt: step.nextWakeAt,
        due: step.notifications.map(routed),
      });
    });
  }

  /**
   * What the passing of time made due: grouped notifications after their wait, repeats, the escalation
   * steps of every recipient that left an alert in force unanswered and of every organisation that left a
   * response action undone past its deadline; and the announcement of the silences that have ended. The
   * recipients operators changed (`atalaya recipients set|remove`) are taken first.
   */
  async tick(now = new Date()): Promise<number> {
    const em = this.dataSource.manager;
    await this.source.refresh(await this.registry.revision(em), () => this.registry.changes(em));
    return this.run(now, async ({ state, at, em, silences }) => {
      const step = dispatchTick(this.routing, state, at, silences);
      const active = Object.keys(step.state.active);
      await this.announceExpiries(em, silences, now);
      const unanswered = await this.state.unanswered(em, active);
      const escalations = await this.state.recordEscalations(
        em,
        escalationsDue(this.routing, step.state, unanswered, at),
        at,
      );
      const overdue = await this.responses.recordEscalations(
        em,
        overdueActionsDue(this.routing, step.state, await this.responses.pastDeadline(em, active, at), at),
        at,
      );
      escalations.forEach((e) => {
        this.metrics.escalations.inc({
          of: 'alert',
          target: e.target === e.recipientId ? 'contact' : 'recipient',
        });
        this.logger.warn(
          { recipient: e.recipientId, alertId: e.alertId, step: e.step + 1, target: e.target },
          'alert unanswered: escalated',
        );
      });
      overdue.forEach((e) => {
        this.metrics.escalations.inc({
          of: 'action',
          target: e.target === e.organisation ? 'contact' : 'recipient',
        });
        this.logger.warn(
          {
            organisation: e.organisation,
            alertId: e.alertId,
            action: e.actionId,
            step: e.step + 1,
            target: e.target,
          },
          'response action overdue: escalated',
        );
      });
      return {
        state: step.state,
        nextWakeAt: step.nextWakeAt,
        due: [
          ...step.notifications.map(routed),
          ...escalations.map((e) => ({ ...e.notification, kafkaKey: `escalation|${e.alertId}` })),
          ...overdue.map((e) => ({ ...e.notification, kafkaKey: `escalation|${e.alertId}` })),
        ],
      };
    });
  }

  /**
   * Announces each silence that has ended, once: the alerts it held back go out at their groups' next
   * flush, and operators see the end in the log, the metrics and the audit.
   */
  private async announceExpiries(
    em: EntityManager,
    silences: readonly StoredSilence[],
    now: Date,
  ): Promise<void> {
    const ended = endsToAnnounce(silences, now.toISOString());
    const announced = new Set(
      await this.silences.announce(
        em,
        ended.map((s) => s.id),
        now,
      ),
    );
    for (const s of ended.filter((x) => announced.has(x.id))) {
      this.metrics.silencesExpired.inc();
      this.logger.warn(
        {
          silence: s.id,
          endsAt: s.endsAt,
          endedBy: s.endedBy,
          createdBy: s.createdBy,
          recipients: s.recipients ?? 'all',
          comment: s.comment,
        },
        'silence expired: the alerts it held back are dispatched again',
      );
    }
  }

  private async run(now: Date, step: (at: Moment) => Promise<Step>): Promise<number> {
    const at = now.toISOString();
    const due = await this.dataSource.transaction(async (em) => {
      const state = await this.state.lock(em);
      const silences = await this.silences.relevant(em, now);
      const result = await step({ state, at, em, silences });
      await this.record(em, result.due, at);
      // A tick that moved nothing leaves the state as it was read: writing it back would only cost.
      if (result.state !== state)
        await this.state.save(em, { from: state, to: result.state }, result.nextWakeAt);
      return result.due;
    });
    for (const n of due) {
      this.metrics.notifications.inc({ reason: n.reason });
      this.logger.info(
        { recipient: n.recipientId, reason: n.reason, alerts: n.alerts.map((a) => a.event.alertId) },
        'notification due',
      );
    }
    if (due.length > 0) {
      this.relay.kick();
      this.webhooks.kick();
      this.emails.kick();
    }
    return due.length;
  }

  /** Renders each notification once and puts it on the recipient's channels. */
  private async record(em: EntityManager, due: readonly Due[], now: string): Promise<void> {
    if (due.length === 0) return;
    const pairs = due.flatMap((n) =>
      n.alerts.map((a) => ({ recipientId: n.recipientId, alertId: a.event.alertId })),
    );
    // The CAP messages each (recipient, alert) was sent, oldest first, this batch's added as they are made.
    const sentTo = new Map<string, SentCap[]>();
    const remember = (c: SentCap) => {
      const key = `${c.recipientId}|${c.alertId}`;
      sentTo.set(key, [...(sentTo.get(key) ?? []), c]);
    };
    (await this.state.sentCaps(em, pairs)).forEach(remember);
    const activations = await this.state.activations(
      em,
      due.flatMap((n) =>
        n.actions.flatMap((a) => a.actions.map((x) => ({ alertId: a.alertId, level: x.level }))),
      ),
      now,
    );
    const activatedAt = (alertId: string, level: string) =>
      activations.get(activationKey(alertId, level)) ?? now;
    await this.responses.assign(
      em,
      due.flatMap((n) =>
        n.actions.flatMap((a) =>
          a.actions.map((x): RecordedAction => ({
            ...x,
            alertId: a.alertId,
            activatedAt: activatedAt(a.alertId, x.level),
            dueAt: plus(activatedAt(a.alertId, x.level), x.action.deadline),
          })),
        ),
      ),
    );
    const logged: NewNotification[] = [];
    const outbox: { topic: string; key: string; payload: string }[] = [];
    const caps: RecordedCap[] = [];
    const reads: AccessRecord[] = [];
    for (const n of due) {
      const recipient = this.routing.recipients.get(n.recipientId);
      if (!recipient) continue;
      const rendered = renderNotification(n, recipient, {
        sender: this.settings.sender,
        now,
        place: (id) => this.reference.place(id),
        sentBefore: (alertId) => sentTo.get(`${n.recipientId}|${alertId}`) ?? [],
        activatedAt,
        share: (event, notificationId) => this.shared.of(recipient, event, notificationId, now),
      });
      if (!rendered) continue;
      reads.push(...rendered.access);
      const made = rendered.caps.map((c) => ({ ...c, recipientId: n.recipientId }));
      made.forEach(remember);
      caps.push(...made);
      const alertId = n.alerts[0].event.alertId;
      for (const channel of recipient.channels) {
        if (channel.type === 'kafka') {
          outbox.push({
            topic: this.topics.notify(n.recipientId),
            key: n.kafkaKey,
            payload: rendered.body,
          });
        } else if (channel.type === 'webhook' || (channel.type === 'email' && this.settings.email)) {
          logged.push({
            id: rendered.id,
            recipientId: n.recipientId,
            channel: channel.type,
            alertId,
            eventId: n.alerts[0].event.eventId,
            body: rendered.body,
            createdAt: new Date(now),
          });
        }
      }
    }
    await this.notifications.enqueue(em, logged);
    await enqueueOutbox(em, outbox);
    await this.state.recordCaps(em, caps);
    await this.accessAudit.record(em, reads);
  }
}

/** A notification to render and send, with the key that keeps its group's messages in order on Kafka. */
type Due = Outgoing & { readonly kafkaKey: string };

/** What one unit of work starts from: the locked routing state, the time, and the silences that matter. */
interface Moment {
  readonly state: RoutingState;
  readonly at: string;
  readonly em: EntityManager;
  readonly silences: readonly StoredSilence[];
}

interface Step {
  readonly state: RoutingState;
  readonly nextWakeAt: string | null;
  readonly due: readonly Due[];
}

const routed = (n: Notification): Due => ({ ...n, kafkaKey: `${n.routeId}|${n.groupKey}` });
