import { capLanguages } from '@atalaya/cap';
import { emailCatalogues, emailText, type EmailTextKey } from './email.texts';

const sent = new Date('2021-08-03T12:00:00Z');
const values = {
  title: 'Darién crossings surge',
  area: 'Darién',
  others: 2,
  reason: 'update',
  count: 3,
  status: 'firing',
  severity: 'Severe',
  label: 'L',
  value: 'V',
  files: 'a.cap.xml',
  id: 'ntf_x',
  sent,
};

describe('email texts', () => {
  const keys = Object.keys(emailCatalogues.en) as EmailTextKey[];

  it.each(capLanguages)('%s has every message and each formats with the same arguments', (language) => {
    expect(Object.keys(emailCatalogues[language]).sort()).toEqual([...keys].sort());
    for (const key of keys) expect(typeof emailText(language, key, values)).toBe('string');
  });

  it.each(capLanguages.filter((l) => l !== 'en'))('%s is translated, not copied from English', (language) => {
    const copied = keys.filter((k) => emailCatalogues[language][k] === emailCatalogues.en[k]);
    expect(copied).toEqual(language === 'fr' ? [] : ['fact']);
  });

  it('says why the email is sent, with the count in words of each language', () => {
    expect(capLanguages.map((l) => emailText(l, 'intro', { reason: 'first', count: 1 }))).toEqual([
      'Atalaya notifica a su organización una alerta.',
      'Atalaya is notifying your organisation of an alert.',
      'O Atalaya notifica a sua organização de um alerta.',
      'Atalaya notifie votre organisation d’une alerte.',
    ]);
    expect(emailText('es', 'intro', { reason: 'first', count: 3 })).toBe(
      'Atalaya notifica a su organización 3 alertas.',
    );
    expect(emailText('pt', 'intro', { reason: 'repeat', count: 2 })).toBe(
      'Lembrete: estes alertas continuam em vigor.',
    );
    expect(emailText('fr', 'intro', { reason: 'update', count: 1 })).toBe(
      'Une alerte déjà notifiée à votre organisation a changé.',
    );
  });

  it('writes the sending time in each locale, in UTC', () => {
    const footers = capLanguages.map((l) => emailText(l, 'footer', { id: 'ntf_x', sent }));
    expect(footers.map((f) => f.slice(0, f.indexOf(' UTC') + 4))).toEqual([
      'Notificación ntf_x, enviada el 3 de agosto de 2021 a las 12:00 p.m. UTC',
      'Notification ntf_x, sent August 3, 2021 at 12:00 PM UTC',
      'Notificação ntf_x, enviada em 3 de agosto de 2021 às 12:00 UTC',
      'Notification ntf_x, envoyée le 3 août 2021 à 12:00 UTC',
    ]);
  });

  it('names the other alerts of a group in the subject, and none when alone', () => {
    const subject = (others: number) => emailText('es', 'subject', { title: 'T', area: 'A', others });
    expect([subject(0), subject(1), subject(4)]).toEqual([
      '[Atalaya] T · A',
      '[Atalaya] T · A (y 1 alerta más)',
      '[Atalaya] T · A (y 4 alertas más)',
    ]);
  });

  it('puts the space French wants before a colon', () => {
    expect(emailText('fr', 'fact', { label: 'Statut', value: 'en vigueur' })).toBe(
      'Statut\u00a0: en vigueur',
    );
    expect(emailText('en', 'fact', { label: 'Status', value: 'in force' })).toBe('Status: in force');
  });
});
