import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from '@atalaya/testing';
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { CapParseError } from '../message/cap.error';
import { parseCap } from '../parse/cap.parser';
import { renderCap } from '../render/cap.renderer';
import { darienEvent, darienInput } from '../testing/cap.fixtures';
import { CAP_XSD_FROM_REPO_ROOT, missingXsdMessage, schemaErrors } from '../testing/cap.schema-validator';
import { renderCapFeed, type CapFeedInput } from './cap.feed';

const xsdPath = resolve(repoRoot(), CAP_XSD_FROM_REPO_ROOT);
if (!existsSync(xsdPath)) throw new Error(missingXsdMessage(xsdPath));
const xsd = { fileName: 'CAP-v1.2.xsd', contents: readFileSync(xsdPath, 'utf8') };

const first = renderCap(darienInput({ identifier: 'ntf_a.1', sent: '2021-08-03T12:00:00.000Z' }));
const second = renderCap(
  darienInput({
    identifier: 'ntf_b.1',
    sent: '2021-09-02T08:30:00.000Z',
    event: darienEvent({
      eventId: 'evt-2021-08-darien',
      type: 'escalated',
      level: 'warning',
      previousLevel: 'watch',
    }),
    references: [{ sender: 'atalaya@oas.org', identifier: 'ntf_a.1', sent: '2021-08-03T12:00:00-00:00' }],
  }),
);
const english = renderCap(
  darienInput({ identifier: 'ntf_c.1', sent: '2021-10-01T00:00:00.000Z', languages: ['en', 'es'] }),
);

const feedInput = (documents: readonly string[]): CapFeedInput => ({
  sender: 'atalaya@oas.org',
  recipientId: 'ops_pan',
  selfUrl: 'https://atalaya.example.org/v1/feeds/cap.atom?limit=2&x=1',
  documentUrl: (id) => `https://atalaya.example.org/v1/feeds/cap/${id}.xml`,
  now: '2026-12-01T22:00:00.000Z',
  documents,
});

const reader = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (name) => ['entry', 'link'].includes(name),
});

interface AtomEntry {
  id: string;
  title: { '#text': string; '@_xml:lang': string };
  updated: string;
  published: string;
  summary: { '#text': string; '@_xml:lang': string };
  link: { '@_rel': string; '@_type': string; '@_href': string }[];
  content: { '@_type': string; alert: unknown };
}
interface AtomFeed {
  '@_xmlns': string;
  id: string;
  title: string;
  updated: string;
  author: { name: string };
  link: { '@_rel': string; '@_type': string; '@_href': string }[];
  entry?: AtomEntry[];
}

function readFeed(xml: string): AtomFeed {
  expect(XMLValidator.validate(xml)).toBe(true);
  return (reader.parse(xml) as { feed: AtomFeed }).feed;
}

/** The CAP document an entry carries, written out again from the feed alone. */
function inlined(xml: string): string[] {
  const tree = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    trimValues: false,
  }).parse(xml) as Record<string, unknown>[];
  const children = (node: Record<string, unknown>, name: string) =>
    (Object.values(node)[0] as Record<string, unknown>[]).filter((n) => name in n);
  const feed = tree.find((n) => 'feed' in n)!;
  const builder = new XMLBuilder({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '@_' });
  return children(feed, 'entry').map((e) => {
    const [content] = children(e, 'content');
    return builder.build(content.content);
  });
}

describe('renderCapFeed', () => {
  it('writes an Atom 1.0 feed that parses back: id, title, updated, author and self link', () => {
    const feed = readFeed(renderCapFeed(feedInput([first, second])));
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe('urn:atalaya:atalaya%40oas.org:feed:cap:ops_pan');
    expect(feed.title).toBe('Atalaya: CAP alerts for ops_pan');
    expect(feed.updated).toBe('2021-09-02T08:30:00Z');
    expect(feed.author).toEqual({ name: 'Atalaya (atalaya@oas.org)' });
    expect(feed.link).toEqual([
      {
        '@_rel': 'self',
        '@_type': 'application/atom+xml',
        '@_href': 'https://atalaya.example.org/v1/feeds/cap.atom?limit=2&x=1',
      },
    ]);
  });

  it('lists the entries newest first, whatever order the documents come in', () => {
    for (const documents of [
      [first, second, english],
      [english, first, second],
      [second, english, first],
    ]) {
      const feed = readFeed(renderCapFeed(feedInput(documents)));
      expect(feed.entry!.map((e) => [e.id, e.updated])).toEqual([
        ['urn:atalaya:atalaya%40oas.org:cap:ntf_c.1', '2021-10-01T00:00:00Z'],
        ['urn:atalaya:atalaya%40oas.org:cap:ntf_b.1', '2021-09-02T08:30:00Z'],
        ['urn:atalaya:atalaya%40oas.org:cap:ntf_a.1', '2021-08-03T12:00:00Z'],
      ]);
    }
  });

  it('titles each entry with the headline of the first info block, in the recipient’s first language', () => {
    const [c, b, a] = readFeed(renderCapFeed(feedInput([first, second, english]))).entry!;
    expect(a.title).toEqual({
      '#text': 'Alerta (vigilancia): Darién crossings surge',
      '@_xml:lang': 'es-419',
    });
    expect(b.title['#text']).toBe('Alerta elevada (alerta): Darién crossings surge');
    expect(c.title).toEqual({ '#text': 'Alert (watch): Darién crossings surge', '@_xml:lang': 'en' });
    expect(c.summary['@_xml:lang']).toBe('en');
    expect(c.summary['#text']).toMatch(/^The reported figure, 18,813 for /);
    expect(a.summary['#text']).toMatch(/^La cifra reportada, 18,813 para /);
    expect(a.published).toBe(a.updated);
  });

  it('links each entry to its document as application/cap+xml', () => {
    const [entry] = readFeed(renderCapFeed(feedInput([first]))).entry!;
    expect(entry.link).toEqual([
      {
        '@_rel': 'alternate',
        '@_type': 'application/cap+xml',
        '@_href': 'https://atalaya.example.org/v1/feeds/cap/ntf_a.1.xml',
      },
    ]);
    expect(entry.content['@_type']).toBe('application/cap+xml');
  });

  it('carries each CAP document as the entry’s content, valid against the XSD and the same message', async () => {
    const documents = inlined(renderCapFeed(feedInput([first, second, english])));
    expect(await schemaErrors(xsd, documents)).toEqual([]);
    expect(documents.map(parseCap)).toEqual([english, second, first].map(parseCap));
  });

  it('has no entry and is updated now while nothing was sent', () => {
    const feed = readFeed(renderCapFeed(feedInput([])));
    expect(feed.entry).toBeUndefined();
    expect(feed.updated).toBe('2026-12-01T22:00:00Z');
  });

  it('refuses a document that is not CAP 1.2, naming why', () => {
    expect(() => renderCapFeed(feedInput(['<alert><identifier>x</identifier></alert>']))).toThrow(
      CapParseError,
    );
  });
});
