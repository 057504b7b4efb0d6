import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCap } from '@atalaya/cap';
import type { AlertEvent } from '@atalaya/contracts';
import { createProducer } from '@atalaya/messaging';
import { ApiKeysRepository } from '@atalaya/persistence';
import {
  databaseForSuite,
  eventually,
  kafkaForSuite,
  repoRoot,
  serviceEnv,
  startServiceProcess,
  type ServiceProcess,
  type SuiteDatabase,
  type TestKafka,
  iomOffice,
  panamaCentre,
  writeRoutingFixture,
} from '@atalaya/testing';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { darienEvent } from '../libs/cap/src/testing/cap.fixtures';
import { CAP_XSD_FROM_REPO_ROOT, schemaErrors } from '../libs/cap/src/testing/cap.schema-validator';

const xsd = {
  fileName: 'CAP-v1.2.xsd',
  contents: readFileSync(resolve(repoRoot(), CAP_XSD_FROM_REPO_ROOT), 'utf8'),
};

const darien = darienEvent({
  alertId: 'alert-darien',
  seriesKey: 'PAN/irregular_crossings/PAN/-/darien',
  eventId: 'alert-darien/firing/2023-03-01/watch',
});
const darienEscalated = darienEvent({
  alertId: 'alert-darien',
  seriesKey: 'PAN/irregular_crossings/PAN/-/darien',
  eventId: 'alert-darien/escalated/2023-04-01/warning',
  type: 'escalated',
  level: 'warning',
  previousLevel: 'watch',
  severity: 'Severe',
});
const corridor = darienEvent({
  alertId: 'alert-corridor',
  seriesKey: 'corridor/darien_north',
  eventId: 'alert-corridor/firing/2023-03-01/watch',
  trigger: { id: 'darien-north-corridor', version: 1, title: 'Darién north corridor' },
});

/** Panama's centre hears of both alerts, IOM of the corridor only. */
function routingFixture() {
  return writeRoutingFixture('feeds', {
    recipients: [panamaCentre(), iomOffice()],
    routes: [
      { id: 'state-pan', match: { state: 'PAN' }, receivers: ['ops_pan'], continue: true },
      { id: 'iom-corridor', match: { kind: 'corridor' }, receivers: ['iom'] },
    ],
  });
}

interface AtomLink {
  '@_rel': string;
  '@_type': string;
  '@_href': string;
}
interface AtomEntry {
  id: string;
  title: { '#text': string; '@_xml:lang': string };
  updated: string;
  link: AtomLink[];
}
interface AtomFeed {
  id: string;
  updated: string;
  link: AtomLink[];
  entry?: AtomEntry[];
}

const atom = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (name) => ['entry', 'link'].includes(name),
});

describe('the gateway serves each recipient the Atom feed of its own CAP messages', () => {
  let t: TestKafka;
  let db: SuiteDatabase;
  let dispatcher: ServiceProcess;
  let gateway: ServiceProcess;
  let dir: string;
  const keys: Record<string, string> = {};

  const sentTo = async (recipientId: string) =>
    db.dataSource.query<{ identifier: string; document: string }[]>(
      `SELECT identifier, document FROM cap_messages WHERE recipient_id = $1 ORDER BY identifier`,
      [recipientId],
    );
  const get = (path: string, key?: string, headers: Record<string, string> = {}) =>
    fetch(`${gateway.url}${path}`, {
      headers: { ...headers, ...(key ? { authorization: `Bearer ${key}` } : {}) },
    });
  const feedOf = async (key: string, query = '') => {
    const res = await get(`/v1/feeds/cap.atom${query}`, key);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await res.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    return { xml, feed: (atom.parse(xml) as { feed: AtomFeed }).feed };
  };
  const send = async (events: readonly AlertEvent[]) => {
    const producer = createProducer(t.kafka);
    await producer.connect();
    await producer.send({
      topic: t.topics.alerts,
      messages: events.map((e) => ({ key: e.alertId, value: JSON.stringify(e) })),
    });
    await producer.disconnect();
  };
  const messagesSent = (recipientId: string, count: number) =>
    eventually(`${count} CAP messages sent to ${recipientId}`, async () => {
      const rows = await sentTo(recipientId);
      return rows.length >= count ? rows : undefined;
    });

  beforeAll(async () => {
    const routing = routingFixture();
    dir = routing.dir;
    [t, db] = await Promise.all([kafkaForSuite('feeds'), databaseForSuite('feeds')]);
    const env = {
      ...serviceEnv(t, db.url),
      ...routing.env,
      ATALAYA_DISPATCH_TICK_MS: '200',
    };
    [dispatcher, gateway] = await Promise.all([
      startServiceProcess('dispatcher', env),
      startServiceProcess('gateway', env),
    ]);
    for (const id of ['ops_pan', 'iom']) {
      keys[id] = (
        await new ApiKeysRepository().issueForRecipient(db.dataSource.manager, id, `${id} feed`)
      ).secret;
    }
    await send([darien, corridor]);
    await Promise.all([messagesSent('ops_pan', 2), messagesSent('iom', 1)]);
    // A later message, sent at least a second after the first ones: the newest of Panama's feed.
    await new Promise((r) => setTimeout(r, 1100));
    await send([darienEscalated]);
    await messagesSent('ops_pan', 3);
  });

  afterAll(async () => {
    await Promise.all([dispatcher?.stop(), gateway?.stop()]);
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists exactly the CAP messages sent to the key’s recipient, newest first, each titled in its language', async () => {
    const sent = await sentTo('ops_pan');
    expect(sent).toHaveLength(3);
    const { feed } = await feedOf(keys.ops_pan);
    expect(feed.id).toBe('urn:atalaya:atalaya%40oas.org:feed:cap:ops_pan');
    expect(feed.link).toEqual([
      { '@_rel': 'self', '@_type': 'application/atom+xml', '@_href': `${gateway.url}/v1/feeds/cap.atom` },
    ]);
    const entries = feed.entry ?? [];
    expect(entries.map((e) => e.id).sort()).toEqual(
      sent.map((s) => `urn:atalaya:atalaya%40oas.org:cap:${encodeURIComponent(s.identifier)}`).sort(),
    );
    const updated = entries.map((e) => Date.parse(e.updated));
    expect(updated).toEqual([...updated].sort((a, b) => b - a));
    expect(feed.updated).toBe(entries[0].updated);
    expect(entries[0].title).toEqual({
      '#text': 'Alerta elevada (alerta): Darién crossings surge',
      '@_xml:lang': 'es-419',
    });
    expect(updated[0]).toBeGreaterThan(updated[2]);
  });

  it('links each entry to its document, served as sent, as application/cap+xml, valid against the CAP XSD', async () => {
    const sent = await sentTo('ops_pan');
    const { feed } = await feedOf(keys.ops_pan);
    const documents: string[] = [];
    for (const entry of feed.entry ?? []) {
      const [link] = entry.link;
      expect(link['@_rel']).toBe('alternate');
      expect(link['@_type']).toBe('application/cap+xml');
      const res = await fetch(link['@_href'], { headers: { authorization: `Bearer ${keys.ops_pan}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/cap+xml; charset=utf-8');
      const document = await res.text();
      expect(sent.map((s) => s.document)).toContain(document);
      expect(`urn:atalaya:atalaya%40oas.org:cap:${encodeURIComponent(parseCap(document).identifier)}`).toBe(
        entry.id,
      );
      documents.push(document);
    }
    expect(documents).toHaveLength(3);
    expect(await schemaErrors(xsd, documents)).toEqual([]);
  });

  it('never shows a recipient another’s messages: its feed lists its own, their documents are unknown to it', async () => {
    const iomSent = await sentTo('iom');
    const { feed } = await feedOf(keys.iom);
    expect((feed.entry ?? []).map((e) => e.id)).toEqual(
      iomSent.map((s) => `urn:atalaya:atalaya%40oas.org:cap:${encodeURIComponent(s.identifier)}`),
    );
    expect(feed.entry?.[0].title['@_xml:lang']).toBe('en');
    const [panama] = await sentTo('ops_pan');
    const theirs = await get(`/v1/feeds/cap/${encodeURIComponent(panama.identifier)}.xml`, keys.iom);
    const never = await get('/v1/feeds/cap/ntf_never-sent.1.xml', keys.iom);
    expect(theirs.headers.get('content-type')).toMatch(/^application\/json/);
    expect([theirs.status, ((await theirs.json()) as { code: string }).code]).toEqual([
      404,
      'UNKNOWN_CAP_MESSAGE',
    ]);
    expect([never.status, ((await never.json()) as { code: string }).code]).toEqual([
      404,
      'UNKNOWN_CAP_MESSAGE',
    ]);
  });

  it('answers 401 without a recipient key, and 400 for a limit out of bounds', async () => {
    const [panama] = await sentTo('ops_pan');
    for (const path of ['/v1/feeds/cap.atom', `/v1/feeds/cap/${encodeURIComponent(panama.identifier)}.xml`]) {
      for (const key of [undefined, 'not-a-key']) {
        const res = await get(path, key);
        expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([401, 'UNAUTHENTICATED']);
      }
    }
    for (const limit of ['0', '201', 'ten', '2.5']) {
      const res = await get(`/v1/feeds/cap.atom?limit=${limit}`, keys.ops_pan);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([400, 'INVALID_VALUE']);
    }
  });

  it('gives the newest `limit` messages, and 304 to a reader that already has the feed', async () => {
    const all = (await feedOf(keys.ops_pan)).feed.entry ?? [];
    const { feed } = await feedOf(keys.ops_pan, '?limit=1');
    expect((feed.entry ?? []).map((e) => e.id)).toEqual([all[0].id]);
    const first = await get('/v1/feeds/cap.atom', keys.ops_pan);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    // As a feed reader revalidates; without a Cache-Control of its own, fetch would add `no-cache`.
    const again = await get('/v1/feeds/cap.atom', keys.ops_pan, {
      'if-none-match': etag!,
      'cache-control': 'max-age=0',
    });
    expect(again.status).toBe(304);
  });

  it('answers 410 for a message sent before documents were kept, and leaves it out of the feed', async () => {
    await db.dataSource.query(
      `INSERT INTO cap_messages (recipient_id, alert_id, identifier, sent)
       VALUES ('ops_pan', 'alert-darien', 'ntf_before-feeds.1', '2023-02-01T00:00:00-00:00')`,
    );
    const res = await get('/v1/feeds/cap/ntf_before-feeds.1.xml', keys.ops_pan);
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([
      410,
      'CAP_DOCUMENT_NOT_KEPT',
    ]);
    const { feed } = await feedOf(keys.ops_pan);
    expect(feed.entry).toHaveLength(3);
  });
});
