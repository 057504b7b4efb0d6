import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { CapInfo, CapMessage } from '../message/cap-message.schema';
import { parseCap } from '../parse/cap.parser';

export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';
export const ATOM_MEDIA_TYPE = 'application/atom+xml';
export const CAP_MEDIA_TYPE = 'application/cap+xml';

/** One recipient's CAP messages as an Atom feed (RFC 4287). */
export interface CapFeedInput {
  /** The installation's CAP sender: with the recipient, it makes the feed's id unique across installations. */
  readonly sender: string;
  readonly recipientId: string;
  /** The absolute URL the feed is served at (its `self` link). */
  readonly selfUrl: string;
  /** The absolute URL one CAP document is served at (each entry's `alternate` link). */
  readonly documentUrl: (identifier: string) => string;
  /** ISO 8601: the feed's `updated` while it has no entry; otherwise its newest entry's. */
  readonly now: string;
  /** The CAP 1.2 documents sent to the recipient, in any order. */
  readonly documents: readonly string[];
}

/** An element in fast-xml-parser's ordered form: its children in document order, its attributes apart. */
type OrderedNode = Record<string, unknown>;

const element = (
  name: string,
  children: readonly OrderedNode[],
  attributes?: Record<string, string>,
): OrderedNode => ({
  [name]: children,
  ...(attributes
    ? { ':@': Object.fromEntries(Object.entries(attributes).map(([k, v]) => [`@_${k}`, v])) }
    : {}),
});
const text = (name: string, value: string, attributes?: Record<string, string>): OrderedNode =>
  element(name, [{ '#text': value }], attributes);

// A document is inlined as parsed, whitespace and order kept. It has been read by parseCap first, which refuses
// a DOCTYPE, so no entity but XML's own is ever expanded.
const ordered = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: true,
  suppressEmptyNode: true,
});

/** An id that never changes for a message: CAP names a message by its sender and identifier together. */
export const capEntryId = (sender: string, identifier: string): string =>
  `urn:atalaya:${encodeURIComponent(sender)}:cap:${encodeURIComponent(identifier)}`;

/** The feed's id: the same for a recipient wherever and however the feed is served. */
export const capFeedId = (sender: string, recipientId: string): string =>
  `urn:atalaya:${encodeURIComponent(sender)}:feed:cap:${encodeURIComponent(recipientId)}`;

/** RFC 3339 in UTC, whole seconds: what feed readers parse, where CAP writes `-00:00`. */
const atomDate = (instant: string): string => new Date(instant).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Newest first; messages sent in the same second by identifier, so the order never depends on the input's. */
const newestFirst = (a: CapMessage, b: CapMessage): number =>
  Date.parse(b.sent) - Date.parse(a.sent) ||
  (a.identifier === b.identifier ? 0 : a.identifier < b.identifier ? 1 : -1);

function entry(cap: CapMessage, document: string, input: CapFeedInput): OrderedNode {
  // The first info block is in the recipient's first language: the renderer writes them in its order.
  const info: CapInfo | undefined = cap.info[0];
  const lang = info ? { 'xml:lang': info.language } : undefined;
  const title = info?.headline ?? info?.event ?? `${cap.msgType} ${cap.identifier}`;
  const summary = info?.description ?? title;
  const alert = (ordered.parse(document) as OrderedNode[]).filter((n) => !('#text' in n));
  return element('entry', [
    text('id', capEntryId(cap.sender, cap.identifier)),
    text('title', title, lang),
    text('updated', atomDate(cap.sent)),
    text('published', atomDate(cap.sent)),
    text('summary', summary, lang),
    element('link', [], { rel: 'alternate', type: CAP_MEDIA_TYPE, href: input.documentUrl(cap.identifier) }),
    element('content', alert, { type: CAP_MEDIA_TYPE }),
  ]);
}

/**
 * A recipient's CAP messages as an Atom 1.0 feed, newest first: one entry per message, titled with its first
 * info block's headline, linked to the document, the document itself as the entry's content. Throws
 * `CapParseError` for a document that is not CAP 1.2.
 */
export function renderCapFeed(input: CapFeedInput): string {
  const messages = input.documents
    .map((document) => ({ cap: parseCap(document), document }))
    .sort((a, b) => newestFirst(a.cap, b.cap));
  const updated = messages.length > 0 ? messages[0].cap.sent : input.now;
  const feed = element(
    'feed',
    [
      text('id', capFeedId(input.sender, input.recipientId)),
      text('title', `Atalaya: CAP alerts for ${input.recipientId}`),
      text('updated', atomDate(updated)),
      element('author', [text('name', `Atalaya (${input.sender})`)]),
      element('link', [], { rel: 'self', type: ATOM_MEDIA_TYPE, href: input.selfUrl }),
      ...messages.map((m) => entry(m.cap, m.document, input)),
    ],
    { xmlns: ATOM_NAMESPACE },
  );
  return builder.build([element('?xml', [{ '#text': '' }], { version: '1.0', encoding: 'UTF-8' }), feed]);
}
