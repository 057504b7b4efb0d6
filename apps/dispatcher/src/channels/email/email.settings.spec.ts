import type { Recipient } from '@atalaya/routing';
import { emailSettings, emailTargets } from './email.settings';

const recipient = (
  id: string,
  languages: Recipient['languages'],
  channels: Recipient['channels'],
): Recipient => ({ id, name: id, kind: 'partner', languages, channels, contacts: {}, escalation: [] });

const recipients = [
  recipient(
    'hti-coe',
    ['fr', 'es'],
    [
      { type: 'email', to: ['coe@hti.example.org'] },
      { type: 'email', to: ['duty@hti.example.org', 'coe@hti.example.org'] },
    ],
  ),
  recipient('iom', ['en'], [{ type: 'kafka' }]),
];

const config = {
  ATALAYA_DELIVERY_MAX_ATTEMPTS: 5,
  ATALAYA_DELIVERY_TIMEOUT_MS: 10000,
  ATALAYA_RETRY_INITIAL_MS: 100,
  ATALAYA_RETRY_MAX_MS: 1000,
};

describe('email settings', () => {
  it('writes to every address of a recipient’s email channels, once each, in its first language', () => {
    expect([...emailTargets(recipients)]).toEqual([
      ['hti-coe', { to: ['coe@hti.example.org', 'duty@hti.example.org'], language: 'fr' }],
    ]);
  });

  it('turns the channel off without an SMTP server', () => {
    const settings = emailSettings(
      { ...config, ATALAYA_SMTP_URL: undefined, ATALAYA_EMAIL_FROM: undefined },
      (id) => emailTargets(recipients).get(id),
    );
    expect(settings.smtp).toBeNull();
  });

  it('refuses an SMTP server without a From', () => {
    expect(() =>
      emailSettings(
        { ...config, ATALAYA_SMTP_URL: 'smtp://127.0.0.1:2525', ATALAYA_EMAIL_FROM: undefined },
        (id) => emailTargets(recipients).get(id),
      ),
    ).toThrow('ATALAYA_SMTP_URL is set but ATALAYA_EMAIL_FROM is not');
  });

  it('retries as the webhooks do', () => {
    const settings = emailSettings(
      { ...config, ATALAYA_SMTP_URL: 'smtp://127.0.0.1:2525', ATALAYA_EMAIL_FROM: 'a@b.example.org' },
      (id) => emailTargets(recipients).get(id),
    );
    expect(settings.policy).toEqual({ maxAttempts: 5, initialMs: 100, maxMs: 1000 });
    expect(settings.smtp).toEqual({ url: 'smtp://127.0.0.1:2525', from: 'a@b.example.org' });
    expect(settings.targetOf('iom')).toBeUndefined();
    expect(settings.targetOf('hti-coe')?.language).toBe('fr');
  });
});
