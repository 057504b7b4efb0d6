import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AlertEventType } from '@atalaya/contracts';
import { repoRoot } from '@atalaya/testing';
import { CapRenderError } from '../message/cap.error';
import { parseCap } from '../parse/cap.parser';
import { readAtalayaContent } from '../profile/atalaya.parameters';
import { darienEvent, darienInput } from '../testing/cap.fixtures';
import {
  CAP_XSD_FROM_REPO_ROOT,
  missingXsdMessage,
  schemaErrors,
  XsdFile,
} from '../testing/cap.schema-validator';
import { capMsgType, renderCap } from './cap.renderer';
import { CapRenderInput } from './cap-input';

function capXsd(): XsdFile {
  const path = resolve(repoRoot(), CAP_XSD_FROM_REPO_ROOT);
  if (!existsSync(path)) throw new Error(missingXsdMessage(path));
  return { fileName: 'CAP-v1.2.xsd', contents: readFileSync(path, 'utf8') };
}

const xsd = capXsd();

/** Renders, checks the document against the official XSD, and parses it back. */
async function render(input: CapRenderInput) {
  const xml = renderCap(input);
  expect(await schemaErrors(xsd, [xml])).toEqual([]);
  return { xml, cap: parseCap(xml) };
}

const earlier = [
  { sender: 'atalaya@oas.org', identifier: 'ntf-0001', sent: '2021-08-03T12:00:00-00:00' },
  { sender: 'atalaya@oas.org', identifier: 'ntf-0002', sent: '2021-09-02T08:30:00-00:00' },
];

describe('renderCap', () => {
  it('writes the header: identifier, sender, sent in CAP form, Private to the recipient, the alert as incident', async () => {
    const { cap } = await render(darienInput());
    expect(cap).toMatchObject({
      identifier: 'ntf-0001',
      sender: 'atalaya@oas.org',
      sent: '2021-08-03T12:00:00-00:00',
      status: 'Actual',
      msgType: 'Alert',
      scope: 'Private',
      addresses: 'PAN-SNM',
      references: [],
      incidents: 'darien-crossings-surge@2/PAN/irregular_crossings/PAN/-/darien',
    });
  });

  it('writes an offset instant in UTC, whole seconds, as -00:00', async () => {
    const { cap } = await render(darienInput({ sent: '2021-08-03T07:00:00.750-05:00', status: 'Exercise' }));
    expect(cap.sent).toBe('2021-08-03T12:00:00-00:00');
    expect(cap.status).toBe('Exercise');
  });

  it.each<[AlertEventType, string, string]>([
    ['pending', 'Alert', 'Alert'],
    ['firing', 'Alert', 'Alert'],
    ['escalated', 'Alert', 'Update'],
    ['de-escalated', 'Alert', 'Update'],
    ['updated', 'Alert', 'Update'],
    ['resolved', '(refused)', 'Cancel'],
    ['cancelled', '(refused)', 'Cancel'],
  ])('%s is %s as a first message and %s after earlier ones', async (type, first, later) => {
    const event = darienEvent({ type, previousLevel: 'watch', level: 'warning' });
    expect(capMsgType(type, true)).toBe(later);
    const { cap } = await render(darienInput({ event, references: earlier }));
    expect(cap.msgType).toBe(later);
    expect(cap.references).toEqual(earlier);
    if (first === '(refused)') {
      expect(() => renderCap(darienInput({ event }))).toThrow(/must reference the messages it cancels/);
    } else {
      expect((await render(darienInput({ event }))).cap.msgType).toBe(first);
    }
  });

  it('names the earlier messages in references as sender,identifier,sent separated by spaces', () => {
    const xml = renderCap(darienInput({ references: earlier, event: darienEvent({ type: 'escalated' }) }));
    expect(xml).toContain(
      '<references>atalaya@oas.org,ntf-0001,2021-08-03T12:00:00-00:00 atalaya@oas.org,ntf-0002,2021-09-02T08:30:00-00:00</references>',
    );
  });

  it('writes one info block per language, in the recipient order, each in its language', async () => {
    const { cap } = await render(darienInput({ languages: ['fr', 'pt', 'en', 'es'] }));
    expect(cap.info.map((i) => i.language)).toEqual(['fr', 'pt-BR', 'en', 'es-419']);
    const [fr, pt, en, es] = cap.info;
    expect(es.headline).toBe('Alerta (vigilancia): Darién crossings surge');
    expect(en.headline).toBe('Alert (watch): Darién crossings surge');
    expect(pt.headline).toBe('Alerta (vigilância): Darién crossings surge');
    expect(fr.headline).toBe('Alerte (veille)\u00a0: Darién crossings surge');
    // Numbers and periods per locale (CLDR through Intl): es-419 groups with commas, pt-BR with points, French with
    // a narrow no-break space; English and Portuguese ranges put thin spaces around the dash.
    expect(es.description).toBe(
      'La cifra reportada, 18,813 para 1–31 de julio de 2021, alcanzó el umbral de 18,000.',
    );
    expect(en.description).toBe(
      'The reported figure, 18,813 for July 1\u2009–\u200931, 2021, reached the threshold of 18,000.',
    );
    expect(pt.description).toBe(
      'O número informado, 18.813 para 1\u2009–\u200931 de julho de 2021, atingiu o limiar de 18.000.',
    );
    expect(fr.description).toBe(
      'Le chiffre communiqué, 18\u202f813 pour 1–31 juillet 2021, a atteint le seuil de 18\u202f000.',
    );
    expect(es.area[0].areaDesc).toBe('Darién (Panamá)');
    expect(en.area[0].areaDesc).toBe('Darién (Panama)');
    for (const info of cap.info) {
      expect(info).toMatchObject({
        category: ['Safety'],
        event: 'Darién crossings surge',
        responseType: ['Execute'],
        urgency: 'Expected',
        severity: 'Moderate',
        certainty: 'Observed',
        eventCode: [{ valueName: 'atalaya:trigger', value: 'darien-crossings-surge' }],
      });
    }
  });

  it('gives each recipient the instruction of its actions, with deadlines in its time zone and statuses', async () => {
    const input = darienInput({ timeZone: 'America/Panama', languages: ['es', 'en', 'pt'] });
    const actions = [...input.actions, { ...input.actions[0], id: 'second', status: 'in_progress' as const }];
    const { cap } = await render({ ...input, actions });
    const [es, en, pt] = cap.info;
    expect(es.instruction).toBe(
      [
        'Acciones de respuesta asignadas a su organización:',
        '- PAN-SNM: Abrir capacidad adicional en la estación de recepción de Lajas Blancas (plazo: 6 de agosto de 2021 a las 07:00 a.m. GMT-5)',
        '- PAN-SNM: Abrir capacidad adicional en la estación de recepción de Lajas Blancas (plazo: 6 de agosto de 2021 a las 07:00 a.m. GMT-5; estado: en curso)',
      ].join('\n'),
    );
    expect(en.instruction).toContain(
      '- PAN-SNM: Open additional capacity at the Lajas Blancas reception station (by',
    );
    expect(en.instruction).toContain('; status: in progress)');
    // No Portuguese text given: the recipient's first language with one.
    expect(pt.instruction).toContain('Abrir capacidad adicional');
    expect(pt.instruction).toContain('situação: em andamento');
  });

  it('has no instruction and a Monitor response when no action is assigned', async () => {
    const { cap } = await render(darienInput({ actions: [] }));
    expect(cap.info[0].instruction).toBeUndefined();
    expect(cap.info[0].responseType).toEqual(['Monitor']);
  });

  it('says what changed: escalation, de-escalation, revision, withdrawal, end', async () => {
    const text = async (type: AlertEventType, extra: Partial<ReturnType<typeof darienEvent>> = {}) => {
      const event = darienEvent({ type, ...extra });
      const { cap } = await render(darienInput({ event, references: earlier, languages: ['es', 'en'] }));
      return cap.info.map((i) => i.description ?? '');
    };
    const [esUp, enUp] = await text('escalated', { previousLevel: 'watch', level: 'warning' });
    expect(esUp).toContain('El nivel subió de vigilancia a alerta.');
    expect(enUp).toContain('The level rose from watch to warning.');
    const [, enDown] = await text('de-escalated', { previousLevel: 'emergency', level: 'warning' });
    expect(enDown).toContain('The level fell from emergency to warning.');
    const revised = { ...darienEvent().evidence, revisedBy: 'sig-pan-2021-07-r2' };
    const [, enUpdated] = await text('updated', { evidence: revised });
    expect(enUpdated).toContain('A late or revised figure (sig-pan-2021-07-r2) changed this alert');
    const [esCancelled] = await text('cancelled', { evidence: revised });
    expect(esCancelled).toContain('retiró esta alerta: no se habría emitido');
    const cleared = {
      ...darienEvent().evidence,
      value: 7762,
      threshold: 14000,
      comparison: 'below-clear' as const,
    };
    const [, enResolved] = await text('resolved', { evidence: cleared, level: null, previousLevel: 'watch' });
    expect(enResolved).toBe(
      'The reported figure, 7,762 for July 1\u2009–\u200931, 2021, fell below the clearing level of 14,000. The alert has ended.',
    );
  });

  it('says a new-peak re-warning is a new peak, in every language, with its reason and previous peak as parameters', async () => {
    const evidence = {
      ...darienEvent().evidence,
      value: 31665,
      threshold: 31250,
      reason: 'new-peak' as const,
      previousPeak: 25000,
    };
    const event = darienEvent({ type: 'updated', level: 'warning', previousLevel: 'warning', evidence });
    const { cap } = await render(
      darienInput({ event, references: earlier, languages: ['es', 'en', 'pt', 'fr'] }),
    );
    expect(cap.msgType).toBe('Update');
    const [es, en, pt, fr] = cap.info;
    expect(en.headline).toBe('New peak (warning): Darién crossings surge');
    expect(en.description).toBe(
      'The reported figure, 31,665 for July 1\u2009–\u200931, 2021, reached the threshold of 31,250. ' +
        'New peak for this alert, still at warning: 31,665, 1.27× the previous peak of 25,000.',
    );
    expect(en.description).not.toContain('late or revised');
    expect(es.headline).toBe('Nuevo pico (alerta): Darién crossings surge');
    expect(es.description).toContain(
      'que sigue en el nivel alerta: 31,665, 1.27 veces el pico anterior de 25,000',
    );
    expect(pt.description).toContain('1,27 vezes o pico anterior de 25.000');
    expect(fr.description).toContain('soit 1,27\u00a0fois le pic précédent de 25\u202f000');
    const params = Object.fromEntries(en.parameter.map((p) => [p.valueName, p.value]));
    expect(params).toMatchObject({ 'atalaya:reason': 'new-peak', 'atalaya:previousPeak': '25000' });
  });

  it('says a figure is withheld where the recipient may not see it, in every language, and carries no value', async () => {
    const { value: _value, ...rest } = darienEvent().evidence;
    const event = { ...darienEvent(), evidence: rest };
    const { cap } = await render(darienInput({ event, languages: ['es', 'en', 'pt', 'fr'] }));
    const [es, en, pt, fr] = cap.info;
    expect(en.description).toMatch(
      /^The figure for July 1\u2009–\u200931, 2021, not shown here under the reporting state’s data-sharing policy, reached the threshold of 18,000\./,
    );
    expect(es.description).toContain('no permite mostrar aquí');
    expect(pt.description).toContain('não permite mostrar aqui');
    expect(fr.description).toContain('ne permet pas d’afficher ici');
    expect(en.parameter.some((p) => p.valueName === 'atalaya:value')).toBe(false);
    expect(readAtalayaContent(en).event.evidence).toEqual(rest);
  });

  it('writes every piece of evidence as a parameter, one per corridor member and one per action', async () => {
    const evidence = {
      ...darienEvent().evidence,
      measure: 1.3,
      baseline: 14471.5,
      override: 'PAN',
      daysToFull: 2.6,
      silentSince: '2021-06-30T00:00:00.000Z',
      revisedBy: 'sig-r2',
      members: [
        {
          place: 'darien',
          indicator: 'irregular_crossings',
          value: 25332,
          period: darienEvent().evidence.period,
          lagDays: 0,
        },
        {
          place: 'ocotepeque',
          indicator: 'irregular_entries',
          value: 13100,
          period: darienEvent().evidence.period,
          lagDays: 9,
        },
      ],
    };
    const event = darienEvent({ evidence, type: 'updated' });
    const { cap } = await render(darienInput({ event, references: earlier, languages: ['en'] }));
    const params = Object.fromEntries(cap.info[0].parameter.map((p) => [p.valueName, p.value]));
    expect(params).toMatchObject({
      'atalaya:value': '18813',
      'atalaya:threshold': '18000',
      'atalaya:comparison': 'above',
      'atalaya:period': '2021-07-01/2021-07-31',
      'atalaya:measure': '1.3',
      'atalaya:baseline': '14471.5',
      'atalaya:override': 'PAN',
      'atalaya:daysToFull': '2.6',
      'atalaya:silentSince': '2021-06-30T00:00:00.000Z',
      'atalaya:revisedBy': 'sig-r2',
    });
    const values = (name: string) =>
      cap.info[0].parameter.filter((p) => p.valueName === name).map((p) => p.value);
    expect(values('atalaya:corridorMember').map((v) => JSON.parse(v) as unknown)).toEqual(evidence.members);
    expect(values('atalaya:action').map((v) => JSON.parse(v) as unknown)).toEqual([
      {
        id: 'darien-crossings-surge/watch/lajas-blancas',
        organisation: 'PAN-SNM',
        description: 'Open additional capacity at the Lajas Blancas reception station',
        deadline: '2021-08-06T12:00:00.000Z',
      },
    ]);
    expect(readAtalayaContent(cap.info[0]).event).toEqual(event);
    const description = cap.info[0].description ?? '';
    expect(description).toContain('Value compared with the levels: 1.3. Reference value: 14,471.5.');
    expect(description).toContain('The thresholds agreed for the following state apply: Panama.');
    expect(description).toContain('capacity will be reached in 2 days.');
    expect(description).toContain('No figures have been received since June 30, 2021 at 12:00 AM UTC.');
    expect(description).toContain(
      'Corridor members with a surge in play: Darién (irregular_crossings): 25,332 for July 1\u2009–\u200931, 2021, at the end of the corridor and ocotepeque (irregular_entries): 13,100 for July 1\u2009–\u200931, 2021, 9 days from the end of the corridor.',
    );
  });

  it('gives the area its places with ISO 3166 geocodes', async () => {
    const area = {
      places: [
        { id: 'darien', name: 'Darién', country: 'PAN', admin1: 'PA-5' },
        { id: 'paso-canoas', name: 'Paso Canoas', country: 'CRI', admin1: 'CR-P' },
        { country: 'COL' },
      ],
    };
    const { cap } = await render(darienInput({ area, languages: ['es'] }));
    expect(cap.info[0].area).toEqual([
      {
        areaDesc: 'Darién (Panamá), Paso Canoas (Costa Rica) y Colombia',
        polygon: [],
        circle: [],
        geocode: [
          { valueName: 'ISO 3166-1 alpha-3', value: 'PAN' },
          { valueName: 'ISO 3166-1 alpha-3', value: 'CRI' },
          { valueName: 'ISO 3166-1 alpha-3', value: 'COL' },
          { valueName: 'ISO 3166-2', value: 'PA-5' },
          { valueName: 'ISO 3166-2', value: 'CR-P' },
          { valueName: 'atalaya:place', value: 'darien' },
          { valueName: 'atalaya:place', value: 'paso-canoas' },
        ],
      },
    ]);
  });

  it('escapes XML special characters: they reach the reader as written', async () => {
    const title = `Crossings <surge> & "R&D" 'quoted' ]]> </info>`;
    const event = darienEvent({ trigger: { id: 't', version: 1, title } });
    const { xml, cap } = await render(darienInput({ event, languages: ['en'] }));
    expect(xml).toContain(
      '<event>Crossings &lt;surge&gt; &amp; &quot;R&amp;D&quot; &apos;quoted&apos; ]]&gt; &lt;/info&gt;</event>',
    );
    expect(xml).not.toContain('<surge>');
    expect(cap.info[0].event).toBe(title);
    expect(cap.info[0].headline).toBe(`Alert (watch): ${title}`);
  });

  it('refuses input that cannot make a valid document, naming each problem', () => {
    const refused = (input: CapRenderInput) => {
      try {
        renderCap(input);
      } catch (e) {
        expect(e).toBeInstanceOf(CapRenderError);
        return (e as Error).message;
      }
      throw new Error('rendered');
    };
    expect(refused(darienInput({ event: darienEvent({ shadow: true }) }))).toMatch(
      /shadow events are never dispatched/,
    );
    expect(refused(darienInput({ identifier: 'ntf 1', sender: 'a,b' }))).toMatch(
      /identifier "ntf 1" .*; sender "a,b"/,
    );
    expect(refused(darienInput({ languages: [] }))).toMatch(/no language/);
    expect(refused(darienInput({ area: { places: [{ country: 'XYZ', admin1: 'PA-5' }] } }))).toMatch(
      /country "XYZ" is not ISO 3166-1 alpha-3.*"PA-5" is not an ISO 3166-2 first-level subdivision of XYZ/,
    );
    expect(refused(darienInput({ sent: 'yesterday' }))).toMatch(
      /sent "yesterday" is not an ISO 8601 instant/,
    );
    expect(refused(darienInput({ timeZone: 'Mars/Olympus' }))).toMatch(/timeZone "Mars\/Olympus"/);
    const control = darienEvent({ trigger: { id: 't', version: 1, title: 'bell \u0007' } });
    expect(refused(darienInput({ event: control }))).toMatch(
      /\/alert\/info\[0\]\/event has a character XML cannot carry/,
    );
    const surrogate = { ...darienInput().actions[0], description: 'half \ud83d an emoji' };
    expect(refused(darienInput({ actions: [surrogate] }))).toMatch(
      /\/alert\/info\[0\]\/instruction has a character XML cannot carry/,
    );
  });
});
