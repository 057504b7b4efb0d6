import { createHash } from 'node:crypto';
import { CAP_LANGUAGE_TAGS, type CapLanguage } from '@atalaya/cap';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { EmailContent } from './email.content';

/**
 * The CAP document's media type on the attachment. `application/cap+xml` was only ever proposed (the
 * expired draft-barnes-atoca-cap-mime, 2011) and IANA has no such entry; `application/xml` (RFC 7303) is
 * registered, every mail client opens it, and the document names itself by its CAP 1.2 namespace.
 */
export const CAP_ATTACHMENT_TYPE = 'application/xml';

/** RFC 5322 recommends trimming a long References; the first message and the latest keep the thread. */
export const MAX_REFERENCES = 20;

/** The bare address of a From such as `Atalaya <alerts@atalaya.example.org>`. */
export function addressOf(from: string): string {
  const bracketed = /<([^<>]+)>\s*$/.exec(from);
  return (bracketed ? bracketed[1] : from).trim();
}

/**
 * A notification's Message-ID: its id on the From address's domain, which names this installation (a
 * right-hand side that is no domain, such as `@atalaya`, is taken for spam by some filters).
 */
export function messageIdOf(notificationId: string, from: string): string {
  const address = addressOf(from);
  return `<${notificationId}@${address.slice(address.lastIndexOf('@') + 1)}>`;
}

export interface ThreadHeaders {
  readonly inReplyTo?: string;
  readonly references?: readonly string[];
}

/**
 * Threading by alert: the email answers the latest earlier email about the alert and references them all
 * (oldest first, trimmed to the first and the latest), so mail clients keep an alert's updates in one
 * conversation. The first email of an alert starts its thread.
 */
export function threadHeaders(earlierIds: readonly string[], from: string): ThreadHeaders {
  if (earlierIds.length === 0) return {};
  const ids = earlierIds.map((id) => messageIdOf(id, from));
  const references =
    ids.length <= MAX_REFERENCES ? ids : [ids[0], ...ids.slice(ids.length - (MAX_REFERENCES - 1))];
  return { inReplyTo: ids[ids.length - 1], references };
}

export interface EmailMessageInput {
  readonly notificationId: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly language: CapLanguage;
  /** When the notification was made: the Date header. */
  readonly createdAt: Date;
  /** The email notifications made before it for the same recipient and alert, oldest first. */
  readonly earlier: readonly string[];
  readonly content: EmailContent;
}

/**
 * The whole MIME message as it goes on the wire, multipart text and HTML with one CAP attachment per alert.
 * Everything in it comes from the input, boundaries and Date included, so a retry sends the same bytes
 * under the same Message-ID.
 */
export async function composeEmail(input: EmailMessageInput): Promise<Buffer> {
  const { content } = input;
  const thread = threadHeaders(input.earlier, input.from);
  const composer = new MailComposer({
    from: input.from,
    to: [...input.to],
    subject: content.subject,
    text: content.text,
    html: content.html,
    attachments: content.attachments.map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: CAP_ATTACHMENT_TYPE,
    })),
    messageId: messageIdOf(input.notificationId, input.from),
    date: input.createdAt,
    ...(thread.inReplyTo === undefined
      ? {}
      : { inReplyTo: thread.inReplyTo, references: [...(thread.references ?? [])] }),
    headers: {
      'Content-Language': CAP_LANGUAGE_TAGS[input.language],
      // RFC 3834: out-of-office and other robots do not answer it.
      'Auto-Submitted': 'auto-generated',
      'X-Atalaya-Notification': input.notificationId,
    },
    baseBoundary: createHash('sha256').update(input.notificationId).digest('hex').slice(0, 16),
  });
  const built = await composer.compile().build();
  // The wire form (RFC 5321: every line ends CRLF), which nodemailer would otherwise make while sending.
  return Buffer.from(built.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
}
