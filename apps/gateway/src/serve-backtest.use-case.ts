import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Principal, SharedAlertEvent } from '@atalaya/contracts';
import { DATA_SOURCE, REFERENCE } from '@atalaya/messaging';
import {
  AccessAuditRepository,
  ObservationsRepository,
  TriggerGovernanceRepository,
} from '@atalaya/persistence';
import type { Reference } from '@atalaya/reference';
import { alertAsShown } from '@atalaya/sharing';
import { backtest, byPeriodThenSeries, catalogueEntryOf, type Catalogue } from '@atalaya/triggers';
import type { DataSource } from 'typeorm';
import { SHARING, type GatewaySharing } from './gateway-sharing';
import { GatewayError } from './http-errors';
import { ViewerOf } from './viewer-of';

/** The most stored figures one backtest over the API reads: a larger history is the CLI's job. */
export const BACKTEST_LIMIT = 200_000;

/** A trigger's version in force run over the stored history, its events as the caller may see them. */
export interface BacktestView {
  readonly trigger: { readonly id: string; readonly version: number };
  readonly observations: number;
  readonly events: readonly SharedAlertEvent[];
}

/**
 * `GET /v1/triggers/{id}/backtest`: what the trigger in force would have raised over every stored figure of
 * its indicators, with the engine's evaluator (`backtest`, docs/backtest.md). The events' evidence goes
 * through the sharing policies like a live alert's (purpose early warning), and what it showed is recorded
 * in the access audit, once per state and indicator.
 */
@Injectable()
export class ServeBacktest {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(REFERENCE) private readonly reference: Reference,
    @Inject(SHARING) private readonly sharing: GatewaySharing,
    private readonly observations: ObservationsRepository,
    private readonly governance: TriggerGovernanceRepository,
    private readonly audit: AccessAuditRepository,
    private readonly viewers: ViewerOf,
  ) {}

  async run(principal: Principal, catalogue: Catalogue, triggerId: string): Promise<BacktestView> {
    const file = catalogue.triggers.find((t) => t.id === triggerId);
    if (!file) {
      throw new GatewayError(
        HttpStatus.NOT_FOUND,
        'UNKNOWN_TRIGGER',
        `the catalogue has no trigger ${triggerId}`,
      );
    }
    const viewer = await this.viewers.of(principal);
    return this.dataSource.transaction(async (em) => {
      const versions = await this.governance.versions(em, triggerId);
      const { trigger } = catalogueEntryOf(
        file,
        versions,
        new Date().toISOString().slice(0, 10),
        this.reference,
      );
      const history = await this.observations.latestOfIndicators(em, trigger.scope.indicators);
      if (history.length > BACKTEST_LIMIT) {
        throw new GatewayError(
          HttpStatus.BAD_REQUEST,
          'HISTORY_TOO_LARGE',
          `${trigger.id} reads ${history.length} stored figures, more than the API runs (${BACKTEST_LIMIT}): ` +
            'run `atalaya backtest --from-db` instead',
        );
      }
      const steps = (id: string) => this.reference.corridors.find((c) => c.id === id)?.steps;
      const ordered = [...history].sort((a, b) => a.period.start.localeCompare(b.period.start));
      const result = backtest([trigger], ordered, steps);
      const at = new Date().toISOString();
      const shown = [...result.events].sort(byPeriodThenSeries).map((event) =>
        alertAsShown(this.sharing.policies, this.sharing.context, event, {
          viewer,
          purpose: 'early_warning',
          channel: 'api',
          resource: `backtest:${trigger.id}@${trigger.version}`,
          at,
        }),
      );
      const reads = this.viewers.audited(
        principal,
        shown.flatMap((s) => s.access),
      );
      await this.audit.record(
        em,
        reads.filter(
          (r, i) => reads.findIndex((o) => o.reporter === r.reporter && o.indicator === r.indicator) === i,
        ),
      );
      return {
        trigger: { id: trigger.id, version: trigger.version },
        observations: result.observations,
        events: shown.map((s) => s.event),
      };
    });
  }
}
