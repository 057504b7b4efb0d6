import { createHash } from 'node:crypto';
import type {
  AccessRecord,
  AlertEvent,
  Notification as NotificationBody,
  NotifiedAction,
} from '@atalaya/contracts';
import { GEOCODE_COUNTRY, renderCap, toCapDateTime, type ResponseAction as CapAction } from '@atalaya/cap';
import type { Reference } from '@atalaya/reference';
import { plus, type AssignedAction, type Language, type Recipient } from '@atalaya/routing';
import type { Outgoing } from './escalations';
import type { AlertAsShown } from '@atalaya/sharing';

/** What rendering needs besides the notification: who sends, the CAP messages already sent, activations. */
export interface RenderContext {
  readonly sender: string;
  /** The notification's time, ISO 8601: the CAP `sent` and the base of nothing else. */
  readonly now: string;
  readonly place: Reference['place'];
  /** CAP messages already sent to this recipient about an alert, oldest first. */
  readonly sentBefore: (alertId: string) => readonly { identifier: string; sent: string }[];
  /** When the alert reached the level whose protocol lists an action: its deadline counts from then. */
  readonly activatedAt: (alertId: string, level: string) => string;
  /** The event as this recipient may see it under the sharing policies (`SharedView`). */
  readonly share: (event: AlertEvent, notificationId: string) => AlertAsShown;
}

export interface RenderedNotification {
  /** The idempotency key of every channel. */
  readonly id: string;
  readonly body: string;
  /** Each CAP message of the notification, with the document sent: the recipient's feed serves it again. */
  readonly caps: readonly { alertId: string; identifier: string; sent: string; document: string }[];
  /** The reads of restricted figures the notification makes, for the reporting states' access audit. */
  readonly access: readonly AccessRecord[];
}

/** A short, stable id for routing's notification id (which names route, group, recipient and sequence). */
export const notificationIdOf = (routingId: string): string =>
  `ntf_${createHash('sha256').update(routingId).digest('base64url').slice(0, 24)}`;

/**
 * The JSON notification a recipient receives on every channel: each alert of the group with its status,
 * latest event, the actions it puts on this recipient (deadlines counted from the level's activation) and
 * its CAP 1.2 document in the recipient's languages. The evidence, in the JSON and in the CAP parameters and
 * texts alike, is what the reporting states' sharing policies let this recipient see, and each figure left
 * out is listed with its reason. An alert's end is left out for a recipient that never heard it begin (a CAP
 * Cancel must name what it cancels); undefined when nothing is left to say.
 */
export function renderNotification(
  n: Outgoing,
  recipient: Recipient,
  ctx: RenderContext,
): RenderedNotification | undefined {
  const id = notificationIdOf(n.id);
  const sent = toCapDateTime(ctx.now);
  const caps: RenderedNotification['caps'][number][] = [];
  const access: AccessRecord[] = [];
  const heard = n.alerts.filter(
    (a) =>
      !(a.status === 'resolved' || a.status === 'cancelled') || ctx.sentBefore(a.event.alertId).length > 0,
  );
  if (heard.length === 0) return undefined;
  const alerts = heard.map((a, i) => {
    const assigned = n.actions.find((x) => x.alertId === a.event.alertId)?.actions ?? [];
    const actions = assigned.map((x) => actionOf(x, a.event.alertId, recipient.languages, ctx));
    const identifier = `${id}.${i + 1}`;
    const shown = ctx.share(a.event, id);
    access.push(...shown.access);
    const cap = renderCap({
      event: shown.event,
      identifier,
      sender: ctx.sender,
      sent: ctx.now,
      recipient: recipient.id,
      references: ctx
        .sentBefore(a.event.alertId)
        .map((r) => ({ sender: ctx.sender, identifier: r.identifier, sent: r.sent })),
      languages: recipient.languages,
      area: areaOf(a.context.places, a.context.states, ctx.place),
      actions: actions.map((x) => x.cap),
    });
    caps.push({ alertId: a.event.alertId, identifier, sent, document: cap });
    return {
      status: a.status,
      event: shown.event,
      ...(shown.withheld.length > 0 ? { withheld: [...shown.withheld] } : {}),
      ...(shown.retention.length > 0 ? { retention: [...shown.retention] } : {}),
      actions: actions.map((x) => x.notified),
      cap,
    };
  });
  const body: NotificationBody = {
    notificationId: id,
    recipientId: recipient.id,
    reason: n.reason,
    alerts,
    ...(n.escalation ? { escalation: n.escalation } : {}),
  };
  return { id, body: JSON.stringify(body), caps, access };
}

function actionOf(
  a: AssignedAction,
  alertId: string,
  languages: readonly Language[],
  ctx: RenderContext,
): { cap: CapAction; notified: NotifiedAction } {
  const deadline = plus(ctx.activatedAt(alertId, a.level), a.action.deadline);
  const text = a.action.description;
  const first = languages.map((l) => text[l]).find((t) => t !== undefined) ?? text.en ?? '';
  return {
    cap: { id: a.action.id, organisation: a.action.organisation, description: text, deadline },
    notified: { id: a.action.id, organisation: a.action.organisation, description: first, deadline },
  };
}

function areaOf(placeIds: readonly string[], states: readonly string[], place: Reference['place']) {
  const places = placeIds.flatMap((id) => {
    const p = place(id);
    return p
      ? [{ id: p.id, name: p.name, country: p.country, ...(p.admin1 ? { admin1: p.admin1 } : {}) }]
      : [];
  });
  if (places.length > 0) return { places };
  return {
    description: states.join(', ') || 'Americas',
    places: [],
    geocodes: states.map((s) => ({ valueName: GEOCODE_COUNTRY, value: s })),
  };
}
