import { CAP_LANGUAGE_TAGS, capLanguageOf, parseCap, type CapInfo, type CapLanguage } from '@atalaya/cap';
import type { Notification, NotifiedAlert } from '@atalaya/contracts';
import { emailText } from './email.texts';

export interface EmailAttachment {
  readonly filename: string;
  readonly content: string;
}

/** An email notification's words, in one language: everything but its addresses and headers. */
export interface EmailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Each alert's CAP document as it is in the notification, one file per alert. */
  readonly attachments: readonly EmailAttachment[];
}

/** One alert as the email tells it: the texts of its CAP document's info block in the language. */
interface AlertTexts {
  readonly headline: string;
  readonly description?: string;
  /** The actions put on the recipient: an introduction line, then one line per action. */
  readonly instruction?: string;
  readonly facts: readonly (readonly [label: string, value: string])[];
  readonly area: string;
  readonly file: EmailAttachment;
}

/**
 * The email of a notification in `language`, made from the notification alone (and the time it was made),
 * so that the same row always gives the same email. The alerts' texts are their CAP documents' own, in the
 * info block of that language: the email and its attachments say the same thing.
 */
export function emailContent(notification: Notification, language: CapLanguage, sentAt: Date): EmailContent {
  const alerts = notification.alerts.map((a) => alertTexts(a, language));
  const count = alerts.length;
  const subject = emailText(language, 'subject', {
    title: notification.alerts[0].event.trigger.title,
    area: alerts[0].area,
    others: count - 1,
  });
  const intro = emailText(language, 'intro', { reason: notification.reason, count });
  const files = alerts.map((a) => a.file.filename).join(', ');
  const closing = [
    emailText(language, 'attachments', { count, files }),
    emailText(language, 'footer', { id: notification.notificationId, sent: sentAt }),
  ];
  return {
    subject,
    text: plainText(language, intro, alerts, closing),
    html: html(language, subject, intro, alerts, closing),
    attachments: alerts.map((a) => a.file),
  };
}

function alertTexts(alert: NotifiedAlert, language: CapLanguage): AlertTexts {
  const cap = parseCap(alert.cap);
  const info: CapInfo | undefined =
    cap.info.find((i) => capLanguageOf(i.language) === language) ?? cap.info[0];
  const area = info?.area.map((a) => a.areaDesc).join('; ') || alert.event.seriesKey;
  return {
    headline: info?.headline ?? alert.event.trigger.title,
    description: info?.description,
    instruction: info?.instruction,
    area,
    facts: [
      [emailText(language, 'statusLabel'), emailText(language, 'status', { status: alert.status })],
      [
        emailText(language, 'severityLabel'),
        emailText(language, 'severity', { severity: alert.event.severity }),
      ],
      [emailText(language, 'areaLabel'), area],
      [emailText(language, 'alertLabel'), alert.event.alertId],
    ],
    file: { filename: `${cap.identifier}.cap.xml`, content: alert.cap },
  };
}

function plainText(
  language: CapLanguage,
  intro: string,
  alerts: readonly AlertTexts[],
  closing: readonly string[],
): string {
  const blocks = alerts.map((a) =>
    [
      a.headline,
      '='.repeat(Math.min(a.headline.length, 72)),
      ...a.facts.map(([label, value]) => emailText(language, 'fact', { label, value })),
      ...(a.description === undefined ? [] : ['', a.description]),
      ...(a.instruction === undefined ? [] : ['', a.instruction]),
    ].join('\n'),
  );
  return [intro, ...blocks, `-- \n${closing.join('\n')}`].join('\n\n') + '\n';
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text as HTML: every character that could open markup escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function instructionHtml(instruction: string): string {
  const [intro, ...lines] = instruction.split('\n');
  const items = lines.map((l) => `<li>${escapeHtml(l.replace(/^- /, ''))}</li>`).join('');
  return `<p><strong>${escapeHtml(intro)}</strong></p>${items === '' ? '' : `<ul>${items}</ul>`}`;
}

function html(
  language: CapLanguage,
  subject: string,
  intro: string,
  alerts: readonly AlertTexts[],
  closing: readonly string[],
): string {
  const sections = alerts.map((a) =>
    [
      `<h2 style="font-size:1.2em;margin:1.2em 0 0.4em">${escapeHtml(a.headline)}</h2>`,
      '<table style="border-collapse:collapse">',
      ...a.facts.map(
        ([label, value]) =>
          `<tr><th style="text-align:left;padding:2px 12px 2px 0">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
      ),
      '</table>',
      a.description === undefined ? '' : `<p>${escapeHtml(a.description)}</p>`,
      a.instruction === undefined ? '' : instructionHtml(a.instruction),
    ].join('\n'),
  );
  return [
    '<!DOCTYPE html>',
    `<html lang="${CAP_LANGUAGE_TAGS[language]}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:sans-serif;line-height:1.4">',
    `<p>${escapeHtml(intro)}</p>`,
    ...sections,
    '<hr>',
    `<p style="color:#555;font-size:0.9em">${closing.map(escapeHtml).join('<br>\n')}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
