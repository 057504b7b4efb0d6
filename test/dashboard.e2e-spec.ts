import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { seriesKeyOf, type SignalInput } from '@atalaya/contracts';
import { createProducer } from '@atalaya/messaging';
import { ApiKeysRepository } from '@atalaya/persistence';
import {
  databaseForSuite,
  hondurasCentre,
  kafkaForSuite,
  repoRoot,
  serviceEnv,
  startStack,
  writeRoutingFixture,
  type ServiceProcess,
  type SuiteDatabase,
  type TestKafka,
} from '@atalaya/testing';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Screenshots go here, outside git (.gitignore), kept after the run for a person to look at. */
const OUTPUT = process.env.ATALAYA_TEST_OUTPUT ?? join(repoRoot(), 'test-output', 'dashboard');

/** Debian's chromium (deploy/local/test-tools.sh installs it); the suite never downloads a browser. */
const CHROMIUM = process.env.ATALAYA_CHROMIUM ?? '/usr/bin/chromium';

function lastMonth(): { start: string; end: string } {
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

/** Honduras' entries at 30,000 last month: honduras-entries-surge fires at emergency. */
const signal: SignalInput = {
  signalId: `dash-hnd-${Date.now().toString(36)}`,
  reporter: 'HND',
  indicator: 'irregular_entries',
  location: { country: 'HND' },
  period: lastMonth(),
  value: 30000,
};

const ACTION = 'hnd-inm-open-reception';

/**
 * The dashboard in a real browser against the real services: a recipient signs in with its key, sees an alert
 * the engine raised from a signal sent through Kafka appear without reloading, acknowledges it, reports its
 * action done, sees both on the page, and reads it in Spanish; no request ever leaves the gateway's origin.
 */
describe('the dashboard, in a browser', () => {
  let t: TestKafka;
  let db: SuiteDatabase;
  let services: ServiceProcess[] = [];
  let gateway: ServiceProcess;
  let dir: string;
  let browser: Browser;
  let page: Page;
  let key: string;
  const offOrigin: string[] = [];

  beforeAll(async () => {
    const routing = writeRoutingFixture('dashboard', {
      recipients: [hondurasCentre()],
      routes: [{ id: 'honduras', match: { state: 'HND' }, receivers: ['ops_hnd'] }],
      responses: `responses:
  honduras-entries-surge:
    emergency:
      - id: ${ACTION}
        organisation: ops_hnd
        deadline: P2D
        description: { es: Abrir el centro de recepción de Trojes., en: Open the Trojes reception centre. }
`,
    });
    dir = routing.dir;
    mkdirSync(OUTPUT, { recursive: true });
    [t, db] = await Promise.all([kafkaForSuite('dashboard'), databaseForSuite('dashboard')]);
    const env = { ...serviceEnv(t, db.url), ...routing.env };
    services = await startStack(env);
    gateway = services[0];
    key = (
      await new ApiKeysRepository().issueForRecipient(db.dataSource.manager, 'ops_hnd', 'Honduras duty desk')
    ).secret;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('request', (r) => {
      if (!r.url().startsWith(`${gateway.url}/`)) offOrigin.push(r.url());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all(services.map((p) => p?.stop()));
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page without a credential, under a Content-Security-Policy of its own origin only', async () => {
    const res = await fetch(`${gateway.url}/dashboard/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|https:|\*/);
    expect(await res.text()).not.toMatch(/<script>|<style>| style=/);
  });

  it('signs in with the recipient’s key', async () => {
    await page.goto(`${gateway.url}/dashboard/`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Regional overview' }).waitFor();
    await page.getByText('No active alerts.').first().waitFor();
  });

  it('shows an alert raised from a signal sent through Kafka, without reloading', async () => {
    const producer = createProducer(t.kafka);
    await producer.connect();
    await producer.send({
      topic: t.topics.signals('HND'),
      acks: -1,
      messages: [{ key: seriesKeyOf(signal), value: JSON.stringify(signal) }],
    });
    await producer.disconnect();
    const alert = page.locator('#active-alerts li', { hasText: 'Irregular entries into Honduras' });
    await alert.waitFor({ timeout: 60_000 });
    await expect(alert.locator('.level-chip').textContent()).resolves.toBe('emergency');
    await page
      .getByRole('row', { name: /Honduras/ })
      .getByText('emergency')
      .waitFor();
    await page.screenshot({ path: join(OUTPUT, 'overview.png'), fullPage: true });
  });

  it('acknowledges the alert and reports its action done, and shows both', async () => {
    await page.getByRole('link', { name: /Open alert: Irregular entries into Honduras/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Irregular entries into Honduras' }).waitFor();
    await page.getByRole('button', { name: 'Acknowledge this alert' }).click();
    await page.getByText('Your organisation has acknowledged this alert.').waitFor();
    await page.locator('#acks li', { hasText: 'ops_hnd' }).waitFor();
    await page.getByRole('button', { name: `Mark ${ACTION} as done` }).click();
    await page.locator(`#status-${ACTION}`, { hasText: 'done' }).waitFor();
    await page.getByRole('cell', { name: 'action reported' }).waitFor();
    await page.screenshot({ path: join(OUTPUT, 'alert.png'), fullPage: true });
  });

  it('shows the catalogue: each trigger’s levels, versions and endorsements, and its backtest', async () => {
    await page.getByRole('link', { name: 'Trigger catalogue' }).click();
    const trigger = page.locator('#trigger-honduras-entries-surge');
    await trigger.getByRole('heading', { name: 'Irregular entries into Honduras' }).waitFor();
    await trigger.getByText('fires at 23,000, clears below 18,000').waitFor();
    await trigger.getByRole('cell', { name: 'adopted, in force' }).waitFor();
    await trigger.getByRole('button', { name: 'Show its backtest over the stored figures' }).click();
    await trigger.getByText('1 alert event over 1 stored figure').waitFor();
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Irregular entries into Honduras' }).waitFor();
  });

  it('switches to Spanish', async () => {
    await page.getByRole('button', { name: 'Español' }).click();
    await page.getByRole('heading', { level: 2, name: 'Acciones de respuesta' }).waitFor();
    await page.locator(`#status-${ACTION}`, { hasText: 'realizada' }).waitFor();
    await page.getByText('Su organización acusó recibo de esta alerta.').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('es-419');
    await page.getByRole('link', { name: 'Volver al panorama' }).click();
    await page.getByRole('heading', { level: 1, name: 'Panorama regional' }).waitFor();
    await page.screenshot({ path: join(OUTPUT, 'overview-es.png'), fullPage: true });
  });

  it('made no request outside the gateway’s origin', () => {
    expect(offOrigin).toEqual([]);
  });
});
