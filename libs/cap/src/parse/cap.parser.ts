import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { CAP_NAMESPACE, CapAck, CapMessage, capMessageSchema } from '../message/cap-message.schema';
import { CapParseError } from '../message/cap.error';
import { splitReferences } from '../message/cap-references';

/** The CAP elements that may repeat, read as arrays even when they appear once. */
const REPEATED = new Set([
  'code',
  'info',
  'category',
  'responseType',
  'eventCode',
  'parameter',
  'resource',
  'area',
  'polygon',
  'circle',
  'geocode',
]);

/** The children each CAP element may have, in its schema's order; anything else in CAP's namespace is refused. */
const CHILDREN: Record<string, readonly string[]> = {
  alert: [
    'identifier',
    'sender',
    'sent',
    'status',
    'msgType',
    'source',
    'scope',
    'restriction',
    'addresses',
    'code',
    'note',
    'references',
    'incidents',
    'info',
  ],
  info: [
    'language',
    'category',
    'event',
    'responseType',
    'urgency',
    'severity',
    'certainty',
    'audience',
    'eventCode',
    'effective',
    'onset',
    'expires',
    'senderName',
    'headline',
    'description',
    'instruction',
    'web',
    'contact',
    'parameter',
    'resource',
    'area',
  ],
  eventCode: ['valueName', 'value'],
  parameter: ['valueName', 'value'],
  geocode: ['valueName', 'value'],
  resource: ['resourceDesc', 'mimeType', 'size', 'uri', 'derefUri', 'digest'],
  area: ['areaDesc', 'polygon', 'circle', 'geocode', 'altitude', 'ceiling'],
};

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

// Entities: XML's five and character references only. A DOCTYPE, the only place another entity can be declared
// (and external ones fetched), is refused before parsing, so nothing is ever expanded or resolved.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => REPEATED.has(localName(name)),
});

type XmlNode = string | { [key: string]: XmlNode | XmlNode[] };

/** The CAP content of a parsed element: its children in CAP's namespace, prefix stripped; whitespace dropped. */
class CapReader {
  readonly problems: string[] = [];

  constructor(private readonly prefix: string) {}

  /** A plain element's text, or an object of its CAP children as arrays or values. */
  read(node: XmlNode | XmlNode[], element: string, path: string): unknown {
    if (Array.isArray(node)) return node.map((n, i) => this.read(n, element, `${path}[${i}]`));
    const children = CHILDREN[element];
    if (children === undefined) {
      if (typeof node === 'string') return node;
      this.problems.push(`${path} must be text, not elements`);
      return undefined;
    }
    if (typeof node === 'string') {
      if (node.trim() !== '') this.problems.push(`${path} must hold elements, not text`);
      return {};
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('@_') || key === '#text') continue;
      const name = this.capName(key, value);
      if (name === undefined) continue;
      if (!children.includes(name)) {
        this.problems.push(`${path}/${name} is not a CAP 1.2 element of <${element}>`);
      } else if (Array.isArray(value) && !REPEATED.has(name)) {
        this.problems.push(`${path}/${name} appears ${value.length} times; CAP allows it once`);
      } else {
        out[name] = this.read(value, name, `${path}/${name}`);
      }
    }
    for (const name of children) if (REPEATED.has(name) && out[name] === undefined) out[name] = [];
    return out;
  }

  /** The element's CAP name, or none for an element of another namespace (an XML signature, say). */
  private capName(key: string, value: XmlNode | XmlNode[]): string | undefined {
    const colon = key.indexOf(':');
    const ownNamespace = !Array.isArray(value) && typeof value === 'object' ? value['@_xmlns'] : undefined;
    if (ownNamespace !== undefined && ownNamespace !== CAP_NAMESPACE) return undefined;
    if (this.prefix === '') return colon === -1 ? key : undefined;
    return key.slice(0, colon) === this.prefix ? key.slice(colon + 1) : undefined;
  }
}

/** The root `alert` and the prefix CAP's namespace has on it, or why the document is not CAP 1.2. */
function capRoot(document: Record<string, XmlNode>): { node: XmlNode; prefix: string } {
  const roots = Object.entries(document).filter(
    ([k]) => !k.startsWith('?') && k !== '#text' && !k.startsWith('#'),
  );
  if (roots.length !== 1)
    throw new CapParseError('not-xml', [`expected one root element, found ${roots.length}`]);
  const [[name, node]] = roots;
  if (localName(name) !== 'alert')
    throw new CapParseError('not-cap', [`the root element is <${name}>, not <alert>`]);
  const prefix = name.includes(':') ? name.slice(0, name.indexOf(':')) : '';
  const declared =
    typeof node === 'object' && !Array.isArray(node)
      ? node[prefix === '' ? '@_xmlns' : `@_xmlns:${prefix}`]
      : undefined;
  if (declared !== CAP_NAMESPACE) {
    const found = declared === undefined ? 'no namespace' : `namespace ${JSON.stringify(declared)}`;
    throw new CapParseError('not-cap', [`<${name}> is in ${found}, not CAP 1.2's ${CAP_NAMESPACE}`]);
  }
  return { node, prefix };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = ['/alert', ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `/${String(p)}`))]
    .join('')
    .replace(/\/\[/g, '[');
  if (issue.input === undefined) return `${path} is missing`;
  if (issue.code === 'invalid_value') {
    return `${path} is ${JSON.stringify(issue.input)}; CAP 1.2 allows ${issue.values.map(String).join(', ')}`;
  }
  return `${path} ${JSON.stringify(issue.input)}: ${issue.message}`;
}

/**
 * A CAP 1.2 document as a `CapMessage`. Refuses, with a `CapParseError` naming each problem: what is not
 * well-formed XML, any DOCTYPE (no entity is ever declared, expanded or fetched), a root other than CAP 1.2's
 * `alert`, unknown or repeated elements, and missing or invalid values.
 */
export function parseCap(xml: string): CapMessage {
  if (/<!DOCTYPE/i.test(xml)) {
    throw new CapParseError('doctype', [
      'the document has a DOCTYPE: CAP needs none, and Atalaya reads no DTD or entity declaration',
    ]);
  }
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    const { msg, line, col } = wellFormed.err;
    throw new CapParseError('not-xml', [`line ${line}, column ${col}: ${msg}`]);
  }
  let document: Record<string, XmlNode>;
  try {
    document = parser.parse(xml) as Record<string, XmlNode>;
  } catch (e) {
    throw new CapParseError('not-xml', [e instanceof Error ? e.message : String(e)]);
  }
  const { node, prefix } = capRoot(document);
  const reader = new CapReader(prefix);
  const alert = reader.read(node, 'alert', '/alert') as Record<string, unknown>;
  const { references, malformed } = splitReferences(
    typeof alert.references === 'string' ? alert.references : '',
  );
  const problems = [
    ...reader.problems,
    ...malformed.map((m) => `/alert/references entry "${m}" is not sender,identifier,sent`),
  ];
  const parsed = capMessageSchema.safeParse({ ...alert, references }, { reportInput: true });
  if (!parsed.success) problems.push(...parsed.error.issues.map(describeIssue));
  if (problems.length > 0 || !parsed.success) throw new CapParseError('invalid', problems);
  return parsed.data;
}

/**
 * A recipient's CAP `Ack`: the document must be valid CAP 1.2, of msgType `Ack`, and name in `references` the
 * message(s) it acknowledges. Anything else throws a `CapParseError` saying which (the dispatcher dead-letters
 * it with that reason).
 */
export function parseCapAck(xml: string): CapAck {
  const message = parseCap(xml);
  if (message.msgType !== 'Ack') {
    throw new CapParseError('not-ack', [
      `/alert/msgType is ${message.msgType}: an acknowledgement is msgType Ack`,
    ]);
  }
  if (message.references.length === 0) {
    throw new CapParseError('ack-without-references', [
      '/alert/references is missing: an Ack must name the message it acknowledges',
    ]);
  }
  const { sender, identifier, sent, status, references, note } = message;
  return { sender, identifier, sent, status, references, ...(note === undefined ? {} : { note }) };
}
