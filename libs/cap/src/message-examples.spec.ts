import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { capAckExample, capExample, notificationExample } from '@atalaya/contracts';
import { repoRoot } from '@atalaya/testing';
import { parseCapAck } from './parse/cap.parser';
import { renderCap } from './render/cap.renderer';
import { CAP_XSD_FROM_REPO_ROOT, missingXsdMessage, schemaErrors } from './testing/cap.schema-validator';

// The example notification of the contract documents carries a CAP document: it must be what renderCap
// writes for that alert, and valid CAP 1.2, or the published example would teach a consumer the wrong thing.
const [alert] = notificationExample.alerts;

function xsd() {
  const path = resolve(repoRoot(), CAP_XSD_FROM_REPO_ROOT);
  if (!existsSync(path)) throw new Error(missingXsdMessage(path));
  return { fileName: 'CAP-v1.2.xsd', contents: readFileSync(path, 'utf8') };
}

describe('the published message examples', () => {
  it("carry the CAP document renderCap writes for the example notification's alert", () => {
    const rendered = renderCap({
      event: alert.event,
      identifier: capExample.identifier,
      sender: capExample.sender,
      sent: capExample.sent,
      recipient: notificationExample.recipientId,
      references: capExample.references,
      languages: ['es'],
      area: { places: [{ id: 'darien', name: 'Darién gap', country: 'PAN', admin1: 'PA-5' }] },
      actions: alert.actions.map((a) => ({ ...a, description: { es: a.description } })),
    });
    expect(alert.cap).toBe(rendered);
  });

  it('are valid CAP 1.2, the notification and the Ack that answers it', async () => {
    expect(await schemaErrors(xsd(), [alert.cap, capAckExample])).toEqual([]);
  });

  it('acknowledge the example CAP document by its sender, identifier and sent', () => {
    const sent = alert.cap.match(/<sent>([^<]+)<\/sent>/)?.[1];
    expect(parseCapAck(capAckExample).references).toEqual([
      { sender: capExample.sender, identifier: capExample.identifier, sent },
    ]);
  });
});
