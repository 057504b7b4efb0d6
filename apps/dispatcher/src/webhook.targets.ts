import type { Recipient } from '@atalaya/routing';
import { isWebhookSecret, webhookUrlProblem } from '@atalaya/webhooks';
import type { WebhookTarget } from './channels/webhook.deliverer';

/**
 * Every recipient's webhook: its URL and its secrets read from the environment variables the catalogue
 * names. Refuses to start, naming each problem, when a URL is unusable or a secret is missing or malformed:
 * a dispatcher that cannot sign must not find out at the first alert.
 */
export function webhookTargets(
  recipients: Iterable<Recipient>,
  env: NodeJS.ProcessEnv,
  ownOrigins: readonly string[],
): Map<string, WebhookTarget> {
  const targets = new Map<string, WebhookTarget>();
  const problems: string[] = [];
  for (const r of recipients) {
    for (const channel of r.channels) {
      if (channel.type !== 'webhook') continue;
      const urlProblem = webhookUrlProblem(channel.url, ownOrigins);
      if (urlProblem) problems.push(`recipient ${r.id}: webhook ${urlProblem}`);
      const secrets = channel.secrets.map((name) => {
        const value = env[name];
        if (value === undefined || value === '')
          problems.push(`recipient ${r.id}: ${name} is not set (its webhook signing secret)`);
        else if (!isWebhookSecret(value))
          problems.push(`recipient ${r.id}: ${name} is not a whsec_ secret of 24 to 64 bytes in base64`);
        return value ?? '';
      });
      targets.set(r.id, { url: channel.url, secrets });
    }
  }
  if (problems.length > 0) throw new Error(`webhooks cannot be delivered:\n  ${problems.join('\n  ')}`);
  return targets;
}
