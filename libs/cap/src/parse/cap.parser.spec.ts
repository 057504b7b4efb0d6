import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from '@atalaya/testing';
import { CapParseError, CapParseErrorCode } from '../message/cap.error';
import {
  CAP_XSD_FROM_REPO_ROOT,
  missingXsdMessage,
  schemaErrors,
  XsdFile,
} from '../testing/cap.schema-validator';
import { parseCap, parseCapAck } from './cap.parser';

const standards = resolve(repoRoot(), CAP_XSD_FROM_REPO_ROOT, '..');

function capXsd(): XsdFile {
  const path = resolve(repoRoot(), CAP_XSD_FROM_REPO_ROOT);
  if (!existsSync(path)) throw new Error(missingXsdMessage(path));
  return { fileName: 'CAP-v1.2.xsd', contents: readFileSync(path, 'utf8') };
}

const xsd = capXsd();
const example = (name: string) => readFileSync(resolve(standards, 'examples', `${name}.cap`), 'utf8');

function refusal(xml: string, parse: (xml: string) => unknown = parseCap): CapParseError {
  try {
    parse(xml);
  } catch (e) {
    if (e instanceof CapParseError) return e;
    throw e;
  }
  throw new Error('accepted');
}

const ack = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>PAN-SNM-ack-17</identifier>
  <sender>coe@snm.gob.pa</sender>
  <sent>2021-08-03T08:15:00-05:00</sent>
  <status>Actual</status>
${body}
</alert>`;

const ackOfTwo = ack(`  <msgType>Ack</msgType>
  <scope>Private</scope>
  <addresses>atalaya@oas.org</addresses>
  <note>Recibido; el COE está activado.</note>
  <references>atalaya@oas.org,ntf-0001,2021-08-03T12:00:00-00:00 atalaya@oas.org,ntf-0002,2021-09-02T08:30:00-00:00</references>`);

describe('parseCap on the shared CAP examples', () => {
  const valid = ['australia', 'canada', 'canada_errors', 'wcatwc-warning'];
  const invalid = ['earthquake', 'invalid', 'no_optional_fields', 'noaa_errors', 'weather', 'xee'];

  it('accepts exactly those the official schema accepts', async () => {
    for (const name of valid) expect(await schemaErrors(xsd, [example(name)])).toEqual([]);
    for (const name of invalid) expect(await schemaErrors(xsd, [example(name)])).not.toEqual([]);
    for (const name of valid) expect(() => parseCap(example(name))).not.toThrow();
    for (const name of invalid) expect(refusal(example(name))).toBeInstanceOf(CapParseError);
  });

  it('reads a prefixed document (australia) into CAP names', () => {
    const cap = parseCap(example('australia'));
    expect(cap).toMatchObject({
      identifier: 'tag:www.rfs.nsw.gov.au2011-10-06:40184',
      sender: 'webmaster@rfs.nsw.gov.au',
      sent: '2011-10-05T23:04:00+10:00',
      status: 'Actual',
      msgType: 'Alert',
      scope: 'Public',
    });
    expect(cap.info.length).toBeGreaterThan(0);
    expect(cap.info[0].area[0].areaDesc).not.toBe('');
  });

  it('reads an Update with its references and geocodes (canada)', () => {
    const cap = parseCap(example('canada'));
    expect(cap.msgType).toBe('Update');
    expect(cap.references.length).toBeGreaterThan(0);
    for (const r of cap.references) expect(r.sent).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$/);
    expect(cap.info.map((i) => i.language)).toEqual(expect.arrayContaining(['en-CA', 'fr-CA']));
    expect(cap.info[0].area.some((a) => a.geocode.length > 0)).toBe(true);
  });

  it.each<[string, CapParseErrorCode, RegExp]>([
    ['invalid', 'invalid', /\/alert\/scope is missing/],
    ['earthquake', 'not-cap', /namespace "urn:oasis:names:tc:emergency:cap:1\.1", not CAP 1\.2's/],
    ['weather', 'not-cap', /cap:1\.1/],
    ['xee', 'doctype', /DOCTYPE/],
  ])('refuses %s as %s, saying why', (name, code, why) => {
    const error = refusal(example(name));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(why);
  });
});

describe('parseCap never expands an entity', () => {
  it('refuses the XXE example before any entity is read', () => {
    const error = refusal(example('xee'));
    expect(error.code).toBe('doctype');
    expect(error.problems).toEqual([
      'the document has a DOCTYPE: CAP needs none, and Atalaya reads no DTD or entity declaration',
    ]);
  });

  it('refuses internal entities too (a billion laughs needs no network)', () => {
    const lol = ack(`<!-- --><msgType>Ack</msgType><scope>Private</scope><note>&lol;</note>`).replace(
      '<alert',
      '<!DOCTYPE alert [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n<alert',
    );
    expect(refusal(lol).code).toBe('doctype');
  });

  it('decodes XML escapes and character references once', () => {
    const cap = parseCap(
      ack(`  <msgType>Ack</msgType>
  <scope>Private</scope>
  <note>&lt;b&gt; &amp;lt; &#233;&#xE9; &amp;#233; &quot;x&apos;</note>
  <references>a,b,2021-08-03T12:00:00-00:00</references>`),
    );
    expect(cap.note).toBe(`<b> &lt; éé &#233; "x'`);
  });
});

describe('parseCap names what is wrong', () => {
  const alert = (replace: [string | RegExp, string]) => ackOfTwo.replace(...replace);

  it.each<[string, string | RegExp, string, CapParseErrorCode, string]>([
    ['a missing element', /<sent>.*<\/sent>/, '', 'invalid', '/alert/sent is missing'],
    [
      'a bad msgType',
      '<msgType>Ack</msgType>',
      '<msgType>Acknowledge</msgType>',
      'invalid',
      '/alert/msgType is "Acknowledge"; CAP 1.2 allows Alert, Update, Cancel, Ack, Error',
    ],
    [
      'a date without offset',
      '2021-08-03T08:15:00-05:00',
      '2021-08-03T08:15:00Z',
      'invalid',
      '/alert/sent "2021-08-03T08:15:00Z": is not a CAP dateTime (YYYY-MM-DDThh:mm:ss±hh:mm)',
    ],
    [
      'an unknown element',
      '<note>',
      '<acknowledged>yes</acknowledged><note>',
      'invalid',
      '/alert/acknowledged is not a CAP 1.2 element of <alert>',
    ],
    [
      'a repeated element',
      '<scope>Private</scope>',
      '<scope>Private</scope><scope>Public</scope>',
      'invalid',
      '/alert/scope appears 2 times; CAP allows it once',
    ],
    [
      'a malformed reference',
      'ntf-0001,',
      'ntf-0001;',
      'invalid',
      '/alert/references entry "atalaya@oas.org,ntf-0001;2021-08-03T12:00:00-00:00" is not sender,identifier,sent',
    ],
    [
      'a wrong namespace',
      'cap:1.2"',
      'cap:1.1"',
      'not-cap',
      '<alert> is in namespace "urn:oasis:names:tc:emergency:cap:1.1", not CAP 1.2\'s urn:oasis:names:tc:emergency:cap:1.2',
    ],
    [
      'no namespace',
      ' xmlns="urn:oasis:names:tc:emergency:cap:1.2"',
      '',
      'not-cap',
      "<alert> is in no namespace, not CAP 1.2's urn:oasis:names:tc:emergency:cap:1.2",
    ],
    ['another root', /<(\/?)alert/g, '<$1ack', 'not-cap', 'the root element is <ack>, not <alert>'],
    [
      'broken XML',
      '</note>',
      '</nope>',
      'not-xml',
      "line 10, column 40: Expected closing tag 'note' (opened in line 10, col 3) instead of closing tag 'nope'.",
    ],
  ])('%s', (_, from, to, code, problem) => {
    const error = refusal(alert([from, to]));
    expect(error.code).toBe(code);
    expect(error.problems).toContain(problem);
  });

  it('reports every problem at once, with its place in an info block', () => {
    const info = `<info><category>Safety</category><category>Migration</category><event>x</event>
      <urgency>Now</urgency><severity>Severe</severity>
      <parameter><valueName>a</valueName></parameter></info>`;
    const error = refusal(alert(['</references>', `</references>${info}`]));
    expect(error.problems).toEqual(
      expect.arrayContaining([
        '/alert/info[0]/category[1] is "Migration"; CAP 1.2 allows Geo, Met, Safety, Security, Rescue, Fire, Health, Env, Transport, Infra, CBRNE, Other',
        '/alert/info[0]/urgency is "Now"; CAP 1.2 allows Immediate, Expected, Future, Past, Unknown',
        '/alert/info[0]/certainty is missing',
        '/alert/info[0]/parameter[0]/value is missing',
      ]),
    );
  });
});

describe('parseCapAck', () => {
  it('reads a recipient acknowledgement of two messages', async () => {
    expect(await schemaErrors(xsd, [ackOfTwo])).toEqual([]);
    expect(parseCapAck(ackOfTwo)).toEqual({
      sender: 'coe@snm.gob.pa',
      identifier: 'PAN-SNM-ack-17',
      sent: '2021-08-03T08:15:00-05:00',
      status: 'Actual',
      note: 'Recibido; el COE está activado.',
      references: [
        { sender: 'atalaya@oas.org', identifier: 'ntf-0001', sent: '2021-08-03T12:00:00-00:00' },
        { sender: 'atalaya@oas.org', identifier: 'ntf-0002', sent: '2021-09-02T08:30:00-00:00' },
      ],
    });
  });

  it('refuses a message that is not an Ack', () => {
    const error = refusal(
      ackOfTwo.replace('<msgType>Ack</msgType>', '<msgType>Alert</msgType>'),
      parseCapAck,
    );
    expect(error.code).toBe('not-ack');
    expect(error.message).toBe(
      'CAP document refused (not-ack): /alert/msgType is Alert: an acknowledgement is msgType Ack',
    );
  });

  it('refuses an Ack that names no message', async () => {
    const unreferenced = ackOfTwo.replace(/<references>.*<\/references>/, '');
    expect(await schemaErrors(xsd, [unreferenced])).toEqual([]);
    const error = refusal(unreferenced, parseCapAck);
    expect(error.code).toBe('ack-without-references');
    expect(error.problems).toEqual([
      '/alert/references is missing: an Ack must name the message it acknowledges',
    ]);
  });

  it('refuses what is not CAP, as parseCap does', () => {
    expect(refusal('{"ack": true}', parseCapAck).code).toBe('not-xml');
    expect(refusal(example('xee'), parseCapAck).code).toBe('doctype');
    expect(refusal('', parseCapAck).code).toBe('not-xml');
  });
});
