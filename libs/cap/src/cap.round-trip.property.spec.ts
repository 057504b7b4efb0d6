import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { AlertEvent, alertEventTypes, alertLevels, Period } from '@atalaya/contracts';
import { repoRoot } from '@atalaya/testing';
import { parseCap } from './parse/cap.parser';
import { readAtalayaContent } from './profile/atalaya.parameters';
import { renderCap } from './render/cap.renderer';
import { CapRenderInput, ResponseAction } from './render/cap-input';
import {
  CAP_XSD_FROM_REPO_ROOT,
  missingXsdMessage,
  schemaErrors,
  XsdFile,
} from './testing/cap.schema-validator';
import { CapLanguage, capLanguages } from './texts/languages';

function capXsd(): XsdFile {
  const path = resolve(repoRoot(), CAP_XSD_FROM_REPO_ROOT);
  if (!existsSync(path)) throw new Error(missingXsdMessage(path));
  return { fileName: 'CAP-v1.2.xsd', contents: readFileSync(path, 'utf8') };
}

// Written out here rather than taken from the code under test.
const MSG_TYPE = {
  pending: 'Alert',
  firing: 'Alert',
  escalated: 'Update',
  'de-escalated': 'Update',
  updated: 'Update',
  resolved: 'Cancel',
  cancelled: 'Cancel',
} as const;
const TAG = { es: 'es-419', en: 'en', pt: 'pt-BR', fr: 'fr' } as const;

// Text as catalogues and reference data may hold it: accents, XML's specials, ICU's braces, line ends, emoji.
const text = fc
  .array(
    fc.constantFrom(
      'a',
      'Z',
      'é',
      'ñ',
      'ç',
      ' ',
      '<',
      '>',
      '&',
      '"',
      "'",
      ']]>',
      '{',
      '}',
      '#',
      '\n',
      '—',
      '😀',
    ),
    {
      maxLength: 12,
    },
  )
  .map((chars) => chars.join(''));
const id = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,11}$/);
// Numbers are written as JSON writes them, which knows no -0.
const number = fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n));
const day = fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2030, 11, 31) });
const instant = day.map((ms) => new Date(ms).toISOString());
const period: fc.Arbitrary<Period> = fc.tuple(day, fc.integer({ min: 0, max: 400 })).map(([start, days]) => ({
  start: new Date(start).toISOString().slice(0, 10),
  end: new Date(start + days * 86_400_000).toISOString().slice(0, 10),
}));
const level = fc.option(fc.constantFrom(...alertLevels), { nil: null });

const event: fc.Arbitrary<AlertEvent> = fc
  .record({
    eventId: id,
    alertId: id,
    type: fc.constantFrom(...alertEventTypes),
    level,
    previousLevel: level,
    severity: fc.constantFrom('Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'),
    urgency: fc.constantFrom('Immediate', 'Expected', 'Future', 'Past', 'Unknown'),
    shadow: fc.constant(false),
    trigger: fc.record({ id, version: fc.integer({ min: 1, max: 99 }), title: text }),
    seriesKey: id,
    evidence: fc.record(
      {
        value: number,
        period,
        threshold: number,
        comparison: fc.constantFrom('above', 'below-clear', 'below'),
        signalId: id,
        measure: number,
        baseline: number,
        override: fc.constantFrom('PAN', 'MEX', 'HND'),
        daysToFull: fc.double({ min: 0, max: 1000, noNaN: true }),
        members: fc.array(
          fc.record({ place: id, indicator: id, value: number, period, lagDays: fc.nat({ max: 60 }) }),
          { minLength: 1, maxLength: 3 },
        ),
        silentSince: instant,
        revisedBy: id,
        reason: fc.constantFrom('new-peak' as const, 'version-change' as const),
        previousPeak: number,
      },
      { requiredKeys: ['value', 'period', 'threshold', 'comparison', 'signalId'] },
    ),
  })
  .map((e) => e as AlertEvent);

const localized = fc.oneof(
  text,
  fc
    .record({ es: text, en: text, pt: text, fr: text }, { requiredKeys: [] })
    .filter((t) => Object.keys(t).length > 0),
);
const action: fc.Arbitrary<ResponseAction> = fc.record(
  {
    id,
    organisation: id,
    description: localized,
    deadline: instant,
    status: fc.constantFrom('acknowledged', 'in_progress', 'done', 'declined'),
  },
  { requiredKeys: ['id', 'organisation', 'description', 'deadline'] },
);
const place = fc.constantFrom(
  { id: 'darien', name: 'Darién', country: 'PAN', admin1: 'PA-5' },
  { id: 'tapachula', name: 'Tapachula', country: 'MEX', admin1: 'MX-CHP' },
  { country: 'HND' },
);
const reference = fc.record({
  sender: fc.constant('atalaya@oas.org'),
  identifier: id,
  sent: instant.map((i) => `${i.slice(0, 19)}-00:00`),
});

const input: fc.Arbitrary<CapRenderInput> = fc
  .record({
    event,
    identifier: id,
    sent: instant,
    recipient: id,
    references: fc.array(reference, { maxLength: 3 }),
    languages: fc.shuffledSubarray([...capLanguages], { minLength: 1 }),
    places: fc.uniqueArray(place, { minLength: 1, maxLength: 3 }),
    actions: fc.array(action, { maxLength: 3 }),
  })
  .map(({ places, references, ...rest }) => ({
    ...rest,
    sender: 'atalaya@oas.org',
    area: { places },
    // A resolution or withdrawal always follows a message the recipient received.
    references:
      MSG_TYPE[rest.event.type] === 'Cancel' && references.length === 0
        ? [{ sender: 'atalaya@oas.org', identifier: 'first', sent: '2021-01-01T00:00:00-00:00' }]
        : references,
  }));

function inLanguage(t: ResponseAction['description'], language: CapLanguage, order: readonly CapLanguage[]) {
  if (typeof t === 'string') return t;
  return [language, ...order, ...capLanguages].map((l) => t[l]).find((x) => x !== undefined);
}

describe('render, then parse: the same content', () => {
  const rendered: string[] = [];

  it('reads back the header, one info per language and, in each, the event and the actions', () => {
    fc.assert(
      fc.property(input, (i) => {
        const xml = renderCap(i);
        rendered.push(xml);
        const cap = parseCap(xml);
        expect(cap.identifier).toBe(i.identifier);
        expect(cap.sent).toBe(`${i.sent.slice(0, 19)}-00:00`);
        const first = i.references.length === 0;
        expect(cap.msgType).toBe(
          first && MSG_TYPE[i.event.type] === 'Update' ? 'Alert' : MSG_TYPE[i.event.type],
        );
        expect(cap.references).toEqual(i.references);
        expect(cap.info.map((info) => info.language)).toEqual(i.languages.map((l) => TAG[l]));
        cap.info.forEach((info, n) => {
          const content = readAtalayaContent(info);
          expect(content.event).toEqual(i.event);
          expect(content.actions).toEqual(
            i.actions.map((a) => ({
              ...a,
              description: inLanguage(a.description, i.languages[n], i.languages),
            })),
          );
          const countries = info.area[0].geocode.filter((g) => g.valueName === 'ISO 3166-1 alpha-3');
          expect(countries.map((g) => g.value)).toEqual([...new Set(i.area.places.map((p) => p.country))]);
          expect(info.headline).toContain(i.event.trigger.title);
        });
      }),
    );
  });

  it('every document rendered by the property validates against the official schema', async () => {
    expect(rendered.length).toBeGreaterThanOrEqual(100);
    expect(await schemaErrors(capXsd(), rendered)).toEqual([]);
  });
});
