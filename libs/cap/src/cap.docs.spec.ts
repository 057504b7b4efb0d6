import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from '@atalaya/testing';
import { parseCapAck } from './parse/cap.parser';
import { renderCap } from './render/cap.renderer';
import { darienEvent, darienInput } from './testing/cap.fixtures';
import {
  CAP_XSD_FROM_REPO_ROOT,
  missingXsdMessage,
  schemaErrors,
  XsdFile,
} from './testing/cap.schema-validator';

// docs/cap.md shows what renderCap writes, not a hand copy: this test fails when the two differ, and
// `ATALAYA_WRITE_DOCS=1 npx jest --selectProjects unit --testPathPattern libs/cap/src/cap.docs` rewrites it.
const DOC = resolve(repoRoot(), 'docs/cap.md');
const START = '<!-- rendered by libs/cap/src/cap.docs.spec.ts: start -->';
const END = '<!-- rendered by libs/cap/src/cap.docs.spec.ts: end -->';

function capXsd(): XsdFile {
  const path = resolve(repoRoot(), CAP_XSD_FROM_REPO_ROOT);
  if (!existsSync(path)) throw new Error(missingXsdMessage(path));
  return { fileName: 'CAP-v1.2.xsd', contents: readFileSync(path, 'utf8') };
}

/** The demo's August 2021 escalation of the Darién alert, for Panama's operations centre. */
function example(): string {
  const base = darienInput();
  return renderCap({
    ...base,
    identifier: 'ntf_Yq3kR2v8d0uWcE5mZpLxTa.1',
    sent: '2021-09-02T14:30:00Z',
    event: darienEvent({
      eventId: 'evt-2021-08-darien',
      type: 'escalated',
      level: 'warning',
      previousLevel: 'watch',
      severity: 'Severe',
      evidence: {
        value: 25332,
        period: { start: '2021-08-01', end: '2021-08-31' },
        threshold: 25000,
        comparison: 'above',
        signalId: 'sig-pan-2021-08',
      },
    }),
    references: [
      {
        sender: 'atalaya@oas.org',
        identifier: 'ntf_0Hq9xJc4LwT2bVn7sKdRfA.1',
        sent: '2021-08-03T12:00:00-00:00',
      },
    ],
    timeZone: 'America/Panama',
    actions: [
      { ...base.actions[0], status: 'in_progress' },
      {
        id: 'darien-crossings-surge/warning/convene',
        organisation: 'PAN-SNM',
        description: {
          es: 'Convocar al comité del paquete de acción con la Secretaría Técnica',
          en: 'Convene the action-package committee with the Technical Secretariat',
        },
        deadline: '2021-09-03T14:30:00Z',
      },
    ],
    web: 'https://atalaya.example.org/alerts/darien-crossings-surge@2/PAN/irregular_crossings/PAN/-/darien',
  });
}

/** Where the text between the markers lies. */
function span(text: string, start: string, end: string): [number, number] {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1) throw new Error(`${DOC} lacks the markers ${start} … ${end}`);
  return [from + start.length, to];
}

function between(text: string, start: string, end: string): string {
  return text.slice(...span(text, start, end));
}

describe('docs/cap.md', () => {
  it('shows the document renderCap writes, and that document is valid CAP 1.2', async () => {
    const xml = example();
    expect(await schemaErrors(capXsd(), [xml])).toEqual([]);
    const block = `\n\n\`\`\`xml\n${xml}\`\`\`\n\n`;
    const doc = readFileSync(DOC, 'utf8');
    if (process.env.ATALAYA_WRITE_DOCS === '1') {
      const [from, to] = span(doc, START, END);
      writeFileSync(DOC, doc.slice(0, from) + block + doc.slice(to));
    } else {
      expect(between(doc, START, END)).toBe(block);
    }
  });

  it('shows an Ack that parseCapAck reads and the schema accepts', async () => {
    const ack = between(readFileSync(DOC, 'utf8'), '<!-- ack example: start -->', '<!-- ack example: end -->')
      .replace(/^\s*```xml\n/, '')
      .replace(/```\s*$/, '');
    expect(await schemaErrors(capXsd(), [ack])).toEqual([]);
    expect(parseCapAck(ack).references).toEqual([
      {
        sender: 'atalaya@oas.org',
        identifier: 'ntf_Yq3kR2v8d0uWcE5mZpLxTa.1',
        sent: '2021-09-02T14:30:00-00:00',
      },
    ]);
  });
});
