import { Inject, Injectable } from '@nestjs/common';
import type { RuntimeConfig } from '@atalaya/config';
import { CONFIG, DATA_SOURCE, LOGGER, REFERENCE } from '@atalaya/messaging';
import { RecipientRegistryRepository } from '@atalaya/persistence';
import type { Reference } from '@atalaya/reference';
import {
  routingConfigWith,
  withRecipientChanges,
  type Recipient,
  type RoutingConfig,
  type TriggerLevels,
} from '@atalaya/routing';
import { loadCatalogueRouting, type RoutingFiles } from '@atalaya/routing/files';
import type { Viewer } from '@atalaya/sharing';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

/**
 * The recipients in force, `recipients.yaml` with the operators' changes: who a recipient key answers as,
 * and the routing the live stream decides a recipient's alerts by.
 */
@Injectable()
export class RecipientsInForce {
  private readonly files: RoutingFiles;
  private readonly catalogue: TriggerLevels;
  private readonly against: ReturnType<typeof loadCatalogueRouting>['against'];
  private inForce?: { readonly revision: number; readonly config: RoutingConfig };

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) config: RuntimeConfig,
    @Inject(REFERENCE) reference: Reference,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly registry: RecipientRegistryRepository,
  ) {
    const loaded = loadCatalogueRouting(
      {
        catalogue: config.ATALAYA_CATALOGUE,
        recipients: config.ATALAYA_RECIPIENTS,
        responses: config.ATALAYA_RESPONSES,
      },
      reference,
    );
    this.files = loaded.files;
    this.catalogue = loaded.catalogue;
    this.against = loaded.against;
  }

  async find(id: string): Promise<Recipient | undefined> {
    const changes = await this.registry.changes(this.dataSource.manager);
    return withRecipientChanges(this.files.routing, changes).recipients.find((r) => r.id === id);
  }

  /** The recipient as the sharing policies see it; one removed since its key was issued sees as the public. */
  async viewer(id: string): Promise<Viewer> {
    const recipient = await this.find(id);
    if (!recipient) return { type: 'public' };
    return {
      type: 'recipient',
      id: recipient.id,
      kind: recipient.kind,
      ...(recipient.state ? { state: recipient.state } : {}),
    };
  }

  /**
   * The routing in force, rebuilt when the registry's revision moves. A change that cannot be applied
   * leaves the routing before it in force, as the dispatcher does.
   */
  async routing(): Promise<RoutingConfig> {
    const em = this.dataSource.manager;
    const revision = await this.registry.revision(em);
    if (this.inForce?.revision === revision) return this.inForce.config;
    try {
      const config = routingConfigWith(
        this.files,
        await this.registry.changes(em),
        this.against,
        this.catalogue,
      );
      this.inForce = { revision, config };
    } catch (err) {
      if (!this.inForce) throw err;
      this.logger.error(
        { err, revision },
        'a recipient change cannot be applied; the live stream routes by the recipients before it',
      );
      this.inForce = { revision, config: this.inForce.config };
    }
    return this.inForce.config;
  }
}
