import type { RuntimeConfig } from '@atalaya/config';
import type { Recipient } from '@atalaya/routing';
import { deliveryPolicyOf } from '../delivery.loop';
import type { EmailSettings, EmailTarget } from '../email.deliverer';

/** Every recipient's email channel: its addresses (of all its email channels) and its first language. */
export function emailTargets(recipients: Iterable<Recipient>): Map<string, EmailTarget> {
  const targets = new Map<string, EmailTarget>();
  for (const r of recipients) {
    const to = r.channels.flatMap((c) => (c.type === 'email' ? c.to : []));
    if (to.length > 0) targets.set(r.id, { to: [...new Set(to)], language: r.languages[0] });
  }
  return targets;
}

/**
 * The email channel's settings; `targetOf` gives a recipient's addresses as the recipients now stand. Without ATALAYA_SMTP_URL the channel is off. With it, a From is required:
 * an email from a made-up address would fail the receiving servers' SPF and DMARC checks.
 */
export function emailSettings(
  config: Pick<
    RuntimeConfig,
    | 'ATALAYA_SMTP_URL'
    | 'ATALAYA_EMAIL_FROM'
    | 'ATALAYA_DELIVERY_MAX_ATTEMPTS'
    | 'ATALAYA_DELIVERY_TIMEOUT_MS'
    | 'ATALAYA_RETRY_INITIAL_MS'
    | 'ATALAYA_RETRY_MAX_MS'
  >,
  targetOf: EmailSettings['targetOf'],
): EmailSettings {
  const url = config.ATALAYA_SMTP_URL;
  const from = config.ATALAYA_EMAIL_FROM;
  if (url !== undefined && from === undefined) {
    throw new Error(
      'ATALAYA_SMTP_URL is set but ATALAYA_EMAIL_FROM is not: set the From of email notifications, e.g. ATALAYA_EMAIL_FROM="Atalaya <alerts@atalaya.example.org>"',
    );
  }
  return {
    policy: deliveryPolicyOf(config),
    pollMs: 250,
    timeoutMs: config.ATALAYA_DELIVERY_TIMEOUT_MS,
    concurrency: 8,
    smtp: url !== undefined && from !== undefined ? { url, from } : null,
    targetOf,
  };
}
