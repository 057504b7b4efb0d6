import { Gauge, type Registry } from 'prom-client';
import type { OutboxRelay } from './outbox.relay';

/**
 * `atalaya_outbox_backlog_age_seconds`: how long the oldest outbox row still unpublished has waited, read from
 * the database at every scrape, so it keeps growing while the relay cannot reach the broker.
 */
export function registerOutboxAge(registry: Registry, relay: OutboxRelay): Gauge {
  return new Gauge({
    name: 'atalaya_outbox_backlog_age_seconds',
    help: 'Seconds the oldest outbox row not yet published to Kafka has waited; 0 when none waits.',
    registers: [registry],
    async collect() {
      const age = await relay.backlogAgeSeconds().catch(() => undefined);
      // With the database unreachable the last value stands: /metrics must answer when things are worst.
      if (age !== undefined) this.set(age);
    },
  });
}
