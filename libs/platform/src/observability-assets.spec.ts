import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerConsumerLag, registerOutboxAge, type OutboxRelay } from '@atalaya/messaging';
import { ServiceMetrics } from '@atalaya/observability';
import { repoRoot } from '@atalaya/testing';
import type { Admin } from 'kafkajs';

const dir = join(repoRoot(), 'deploy/observability');
const assets = readdirSync(dir).filter((f) => f.endsWith('.dashboard.json') || f.endsWith('.rules.yml'));

/** Every metric a service can export, the gauges read at scrape time included; none is collected here. */
function exportedNames(): Set<string> {
  const metrics = new ServiceMetrics('test');
  registerConsumerLag(metrics.registry, {} as Admin, 'group', () => []);
  registerOutboxAge(metrics.registry, {} as OutboxRelay);
  return new Set(metrics.registry.getMetricsAsArray().map((m) => m.name));
}

/** The metric names an expression file refers to, a histogram's series named after their family. */
const referencedNames = (text: string) =>
  [...new Set(text.match(/atalaya_[a-z_]+/g) ?? [])].map((n) => n.replace(/_(bucket|sum|count)$/, ''));

describe('the dashboard and the alerting rules of deploy/observability', () => {
  it('are there: a dashboard and a rules file', () => {
    expect(assets).toEqual(expect.arrayContaining(['atalaya.dashboard.json', 'atalaya.rules.yml']));
  });

  it.each(assets)('%s uses only metrics the services export', (file) => {
    const names = referencedNames(readFileSync(join(dir, file), 'utf8'));
    expect(names.length).toBeGreaterThan(2);
    const exported = exportedNames();
    expect(names.filter((n) => !exported.has(n))).toEqual([]);
  });

  it('the dashboard charts lag, the stages, alerts, deliveries, dead letters and the outbox', () => {
    const names = referencedNames(readFileSync(join(dir, 'atalaya.dashboard.json'), 'utf8'));
    expect(names).toEqual(
      expect.arrayContaining([
        'atalaya_consumer_lag',
        'atalaya_stage_duration_seconds',
        'atalaya_alert_events_total',
        'atalaya_deliveries_total',
        'atalaya_dead_letters_total',
        'atalaya_outbox_backlog_age_seconds',
      ]),
    );
  });
});
