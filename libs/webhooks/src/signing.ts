import { Webhook } from 'standardwebhooks';

/** The three headers of the Standard Webhooks convention. */
export interface WebhookHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/**
 * Signs one delivery the Standard Webhooks way: HMAC-SHA256 over `id.timestamp.body`, base64, as `v1,<sig>`.
 * With two secrets (during a rotation) the header carries both signatures, space-separated, so a receiver
 * holding either the old or the new secret verifies it. The id is the notification's, the receiver's
 * idempotency key: a retry carries the same id and the same body.
 */
export function signWebhook(id: string, at: Date, body: string, secrets: readonly string[]): WebhookHeaders {
  if (secrets.length === 0) throw new Error(`webhook ${id}: no signing secret configured`);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((s) => new Webhook(s).sign(id, at, body)).join(' '),
  };
}

/** A signing secret as Standard Webhooks writes them: `whsec_` and 24 to 64 random bytes in base64. */
export function isWebhookSecret(secret: string): boolean {
  if (!secret.startsWith('whsec_')) return false;
  const bytes = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return bytes.length >= 24 && bytes.length <= 64;
}
