import { Inject, Injectable } from '@nestjs/common';
import type { RuntimeConfig } from '@atalaya/config';
import { CONFIG, DATA_SOURCE, REFERENCE } from '@atalaya/messaging';
import { RecipientRegistryRepository } from '@atalaya/persistence';
import type { Reference } from '@atalaya/reference';
import { withRecipientChanges, type Recipient, type RoutingFile } from '@atalaya/routing';
import { loadCatalogueRouting } from '@atalaya/routing/files';
import type { Viewer } from '@atalaya/sharing';
import type { DataSource } from 'typeorm';

/** The recipients in force, `recipients.yaml` with the operators' changes: who a recipient key answers as. */
@Injectable()
export class RecipientsInForce {
  private readonly routing: RoutingFile;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) config: RuntimeConfig,
    @Inject(REFERENCE) reference: Reference,
    private readonly registry: RecipientRegistryRepository,
  ) {
    this.routing = loadCatalogueRouting(
      {
        catalogue: config.ATALAYA_CATALOGUE,
        recipients: config.ATALAYA_RECIPIENTS,
        responses: config.ATALAYA_RESPONSES,
      },
      reference,
    ).files.routing;
  }

  async find(id: string): Promise<Recipient | undefined> {
    const changes = await this.registry.changes(this.dataSource.manager);
    return withRecipientChanges(this.routing, changes).recipients.find((r) => r.id === id);
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
}
