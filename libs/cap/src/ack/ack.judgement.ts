import { CapAck, CapReference } from '../message/cap-message.schema';
import { formatReferences } from '../message/cap-references';

/** A CAP message Atalaya sent to a recipient, as the dispatcher recorded it. */
export interface SentCapMessage {
  readonly alertId: string;
  readonly identifier: string;
  /** CAP's dateTime, as the message carried it. */
  readonly sent: string;
}

/** What an Ack is judged against: the topic's recipient and the messages Atalaya sent it. */
export interface AckContext {
  readonly recipientId: string;
  /** Atalaya's CAP `sender`: every message it sent carries it. */
  readonly sender: string;
  /** Messages sent to this recipient, at least those under the identifiers the Ack references. */
  readonly sentToRecipient: readonly SentCapMessage[];
}

export type AckJudgement =
  | { readonly kind: 'acknowledges'; readonly alertIds: readonly string[] }
  | { readonly kind: 'refused'; readonly problems: readonly string[] };

/**
 * The alerts a recipient's CAP `Ack` acknowledges: those of the Atalaya messages it references, each of
 * which must have been sent to this recipient, under that identifier and at that time. An Ack with a single
 * reference that is not so is refused as a whole, so that a typo never acknowledges half of what was meant
 * and another recipient's message never acknowledges anything.
 */
export function judgeAck(ack: CapAck, ctx: AckContext): AckJudgement {
  const byIdentifier = new Map(ctx.sentToRecipient.map((m) => [m.identifier, m]));
  const problems: string[] = [];
  if (ack.status !== 'Actual') {
    problems.push(`/alert/status is ${ack.status}: only an Actual Ack acknowledges an alert`);
  }
  const alertIds: string[] = [];
  for (const reference of ack.references) {
    const found = referencedMessage(reference, ctx, byIdentifier);
    if (typeof found === 'string') problems.push(`/alert/references entry "${entry(reference)}" ${found}`);
    else if (!alertIds.includes(found.alertId)) alertIds.push(found.alertId);
  }
  return problems.length > 0 ? { kind: 'refused', problems } : { kind: 'acknowledges', alertIds };
}

/** The message a reference names, or what is wrong with the reference. */
function referencedMessage(
  reference: CapReference,
  ctx: AckContext,
  byIdentifier: ReadonlyMap<string, SentCapMessage>,
): SentCapMessage | string {
  if (reference.sender !== ctx.sender) {
    return `names a message of ${reference.sender}; Atalaya's messages are sent by ${ctx.sender}`;
  }
  const message = byIdentifier.get(reference.identifier);
  if (!message) {
    return `names no message Atalaya sent to ${ctx.recipientId}: acknowledge a message on the acks topic of the recipient it was sent to`;
  }
  if (!sameInstant(reference.sent, message.sent)) {
    return `says it was sent at ${reference.sent}, but ${message.identifier} was sent at ${message.sent}: copy sender,identifier,sent from the message`;
  }
  return message;
}

function entry(reference: CapReference): string {
  return formatReferences([reference]);
}

function sameInstant(a: string, b: string): boolean {
  const [ta, tb] = [Date.parse(a), Date.parse(b)];
  return !Number.isNaN(ta) && ta === tb;
}
