import { emailContent } from './email.content';
import {
  composeEmail,
  MAX_REFERENCES,
  messageIdOf,
  threadHeaders,
  type EmailMessageInput,
} from './email.message';
import { darienNotification } from './testing/email.fixtures';
import { header, leaves, readMime } from './testing/mime.reader';

const FROM = 'Atalaya <alerts@atalaya.example.org>';
const createdAt = new Date('2021-08-03T12:00:00Z');
const notification = darienNotification();
const input = (earlier: readonly string[] = []): EmailMessageInput => ({
  notificationId: 'ntf_darien',
  from: FROM,
  to: ['operaciones@pan.example.org', 'duty@pan.example.org'],
  language: 'es',
  createdAt,
  earlier,
  content: emailContent(notification, 'es', createdAt),
});

describe('Message-ID and threading', () => {
  it('names the notification on the From address’s domain', () => {
    expect(messageIdOf('ntf_abc-_9', FROM)).toBe('<ntf_abc-_9@atalaya.example.org>');
    expect(messageIdOf('ntf_abc', 'alerts@oas.org')).toBe('<ntf_abc@oas.org>');
  });

  it('starts a thread with the first email of an alert', () => {
    expect(threadHeaders([], FROM)).toEqual({});
  });

  it('answers the latest earlier email and references all of them, oldest first', () => {
    expect(threadHeaders(['ntf_1', 'ntf_2'], FROM)).toEqual({
      inReplyTo: '<ntf_2@atalaya.example.org>',
      references: ['<ntf_1@atalaya.example.org>', '<ntf_2@atalaya.example.org>'],
    });
  });

  it('keeps the first and the latest when an alert has many emails', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `ntf_${i + 1}`);
    const { inReplyTo, references } = threadHeaders(ids, FROM);
    expect(inReplyTo).toBe('<ntf_30@atalaya.example.org>');
    expect(references).toHaveLength(MAX_REFERENCES);
    expect(references?.[0]).toBe('<ntf_1@atalaya.example.org>');
    expect(references?.[1]).toBe('<ntf_12@atalaya.example.org>');
    expect(references?.at(-1)).toBe('<ntf_30@atalaya.example.org>');
  });
});

describe('the MIME message', () => {
  it('is the same bytes every time it is built from the same row', async () => {
    const [a, b] = await Promise.all([composeEmail(input(['ntf_0'])), composeEmail(input(['ntf_0']))]);
    expect(a.equals(b)).toBe(true);
  });

  it('carries the notification’s Message-ID, its time, language and thread', async () => {
    const mail = readMime(await composeEmail(input(['ntf_first', 'ntf_second'])));
    expect(header(mail, 'message-id')).toBe('<ntf_darien@atalaya.example.org>');
    expect(header(mail, 'in-reply-to')).toBe('<ntf_second@atalaya.example.org>');
    expect(header(mail, 'references')).toBe(
      '<ntf_first@atalaya.example.org> <ntf_second@atalaya.example.org>',
    );
    expect(header(mail, 'date')).toBe('Tue, 03 Aug 2021 12:00:00 +0000');
    expect(header(mail, 'content-language')).toBe('es-419');
    expect(header(mail, 'auto-submitted')).toBe('auto-generated');
    expect(header(mail, 'from')).toBe(FROM);
    expect(header(mail, 'to')).toBe('operaciones@pan.example.org, duty@pan.example.org');
    expect(header(mail, 'subject')).toBe('[Atalaya] Darién crossings surge · Darién (Panamá)');
  });

  it('has no In-Reply-To or References when it starts the thread', async () => {
    const mail = readMime(await composeEmail(input()));
    expect(header(mail, 'in-reply-to')).toBeUndefined();
    expect(header(mail, 'references')).toBeUndefined();
  });

  it('is text and HTML alternatives, then the CAP document attached as XML', async () => {
    const mail = readMime(await composeEmail(input()));
    expect(mail.contentType).toBe('multipart/mixed');
    expect(mail.parts.map((p) => p.contentType)).toEqual(['multipart/alternative', 'application/xml']);
    const [text, html, cap] = leaves(mail);
    expect([text.contentType, html.contentType]).toEqual(['text/plain', 'text/html']);
    expect(text.body.toString('utf8')).toContain('Alerta (vigilancia): Darién crossings surge');
    expect(html.body.toString('utf8')).toContain('<html lang="es-419">');
    expect(header(cap, 'content-disposition')).toBe('attachment; filename=ntf_darien.1.cap.xml');
    expect(cap.body.toString('utf8')).toBe(notification.alerts[0].cap);
  });
});
