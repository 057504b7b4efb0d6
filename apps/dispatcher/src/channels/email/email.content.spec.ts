import { capLanguages, type CapLanguage } from '@atalaya/cap';
import { emailContent, escapeHtml } from './email.content';
import { darienNotification } from './testing/email.fixtures';

const sentAt = new Date('2021-08-03T12:00:00Z');
const contentIn = (language: CapLanguage) =>
  emailContent(
    darienNotification({ languages: language === 'en' ? ['en'] : [language, 'en'] }),
    language,
    sentAt,
  );

describe('an email notification’s content', () => {
  it('is written in the recipient’s language, its CAP texts included, numbers in the locale', () => {
    const expected: Record<CapLanguage, [headline: string, figure: string, status: string]> = {
      es: [
        'Alerta (vigilancia): Darién crossings surge',
        'La cifra reportada, 18,813 para',
        'Estado: vigente',
      ],
      en: ['Alert (watch): Darién crossings surge', 'The reported figure, 18,813 for', 'Status: in force'],
      pt: [
        'Alerta (vigilância): Darién crossings surge',
        'O número informado, 18.813 para',
        'Situação: em vigor',
      ],
      fr: [
        'Alerte (veille)\u00a0: Darién crossings surge',
        'Le chiffre communiqué, 18\u202f813 pour',
        'Statut\u00a0: en vigueur',
      ],
    };
    for (const language of capLanguages) {
      const { text, html } = contentIn(language);
      const [headline, figure, status] = expected[language];
      expect(text).toContain(`${headline}\n`);
      expect(text).toContain(figure);
      expect(text).toContain(status);
      expect(html).toContain(`<h2 style="font-size:1.2em;margin:1.2em 0 0.4em">${headline}</h2>`);
    }
  });

  it('has a subject that stays the same for every event of the alert, so the thread keeps it', () => {
    const first = darienNotification({ languages: ['es'] });
    const escalated = darienNotification({
      id: 'ntf_later',
      languages: ['es'],
      reason: 'update',
      event: { type: 'escalated', level: 'warning', previousLevel: 'watch' },
    });
    expect(emailContent(first, 'es', sentAt).subject).toBe(
      '[Atalaya] Darién crossings surge · Darién (Panamá)',
    );
    expect(emailContent(escalated, 'es', sentAt).subject).toBe(emailContent(first, 'es', sentAt).subject);
  });

  it('attaches each alert’s CAP document as it is, one file per alert', () => {
    const one = darienNotification({ id: 'ntf_group', languages: ['en'] });
    const other = darienNotification({
      id: 'ntf_group',
      identifier: 'ntf_group.2',
      languages: ['en'],
      event: { alertId: 'darien-crossings-surge@2/PAN/irregular_crossings/PAN/-/other' },
    });
    const group = { ...one, alerts: [one.alerts[0], { ...other.alerts[0], status: 'resolved' as const }] };
    const content = emailContent(group, 'en', sentAt);
    expect(content.attachments).toEqual([
      { filename: 'ntf_group.1.cap.xml', content: one.alerts[0].cap },
      { filename: 'ntf_group.2.cap.xml', content: other.alerts[0].cap },
    ]);
    expect(content.subject).toBe('[Atalaya] Darién crossings surge · Darién (Panama) (and 1 more alert)');
    expect(content.text).toContain(
      'The CAP 1.2 document of each alert is attached (ntf_group.1.cap.xml, ntf_group.2.cap.xml).',
    );
    expect(content.text).toContain('Status: in force');
    expect(content.text).toContain('Status: ended');
  });

  it('lists the actions assigned to the recipient, in HTML as a list', () => {
    const { text, html } = contentIn('es');
    expect(text).toContain(
      'Acción de respuesta asignada a su organización:\n- PAN-SNM: Abrir capacidad adicional en la estación de recepción de Lajas Blancas',
    );
    expect(html).toContain(
      '<ul><li>PAN-SNM: Abrir capacidad adicional en la estación de recepción de Lajas Blancas',
    );
  });

  it('escapes what it puts in HTML', () => {
    const hostile = darienNotification({
      languages: ['en'],
      event: { alertId: '<script>alert("x")</script>' },
    });
    const { html } = emailContent(hostile, 'en', sentAt);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(escapeHtml(`a&b<c>"d'`)).toBe('a&amp;b&lt;c&gt;&quot;d&#39;');
  });

  it('is the same every time it is made from the same notification', () => {
    expect(contentIn('pt')).toEqual(contentIn('pt'));
  });
});
