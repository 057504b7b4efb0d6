import {
  routingConfigWith,
  type RecipientChange,
  type RoutingConfig,
  type RoutingFile,
  type RoutingReference,
  type TriggerLevels,
} from '@atalaya/routing';
import type { Reference } from '@atalaya/reference';
import type { ResponsesFile } from '@atalaya/routing';
import type { Logger } from 'pino';
import { emailTargets } from './channels/email/email.settings';
import type { EmailTarget } from './channels/email.deliverer';
import type { WebhookTarget } from './channels/webhook.deliverer';
import { webhookTargets } from './webhook.targets';

/** What the source builds the configuration from; only the registry's changes move while it runs. */
export interface RoutingInputs {
  readonly files: { readonly routing: RoutingFile; readonly responses: ResponsesFile };
  readonly reference: Pick<Reference, 'place' | 'corridors'> & RoutingReference;
  readonly catalogue: TriggerLevels;
  /** The recipients that have a notify topic (topics.yaml's `recipients`). */
  readonly topicRecipients: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** The services' own origins, which no webhook may point at. */
  readonly ownOrigins: readonly string[];
}

/** One configuration and the channel targets derived from it, checked together. */
interface Built {
  readonly config: RoutingConfig;
  readonly webhooks: ReadonlyMap<string, WebhookTarget>;
  readonly emails: ReadonlyMap<string, EmailTarget>;
}

/**
 * The routing configuration in force: the catalogue's files with the recipient registry's changes. At start
 * a bad change refuses the start; while running, a change that would not work (a webhook secret missing, a
 * Kafka channel without a topic) is refused in the log and the configuration before it stays in force.
 */
export class RoutingSource {
  private built: Built;

  constructor(
    private readonly inputs: RoutingInputs,
    changes: readonly RecipientChange[],
    private revision: number,
    private readonly logger: Logger,
  ) {
    this.built = build(inputs, changes);
  }

  get current(): RoutingConfig {
    return this.built.config;
  }

  webhookTarget(recipientId: string): WebhookTarget | undefined {
    return this.built.webhooks.get(recipientId);
  }

  emailTarget(recipientId: string): EmailTarget | undefined {
    return this.built.emails.get(recipientId);
  }

  /** Takes the registry's changes when its revision has moved; returns whether the configuration changed. */
  async refresh(revision: number, changes: () => Promise<readonly RecipientChange[]>): Promise<boolean> {
    if (revision === this.revision) return false;
    const seen = this.revision;
    this.revision = revision;
    try {
      this.built = build(this.inputs, await changes());
      this.logger.info(
        { revision, was: seen, recipients: this.built.config.recipients.size },
        'recipients changed: routing reloaded',
      );
      return true;
    } catch (err) {
      this.logger.error(
        { err, revision },
        'a recipient change cannot be applied; routing goes on with the recipients before it — correct or revert the change with `atalaya recipients`',
      );
      return false;
    }
  }
}

function build(inputs: RoutingInputs, changes: readonly RecipientChange[]): Built {
  const config = routingConfigWith(inputs.files, changes, inputs.reference, inputs.catalogue);
  const withoutTopic = [...config.recipients.values()]
    .filter((r) => r.channels.some((c) => c.type === 'kafka') && !inputs.topicRecipients.includes(r.id))
    .map((r) => r.id);
  if (withoutTopic.length > 0) {
    throw new Error(
      `recipients with a kafka channel but no topic: ${withoutTopic.join(', ')}; add them to recipients in topics.yaml and run \`atalaya topics\``,
    );
  }
  return {
    config,
    webhooks: webhookTargets(config.recipients.values(), inputs.env, inputs.ownOrigins),
    emails: emailTargets(config.recipients.values()),
  };
}
