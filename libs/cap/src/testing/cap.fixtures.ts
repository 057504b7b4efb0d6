import { AlertEvent } from '@atalaya/contracts';
import { CapRenderInput } from '../render/cap-input';

/** A Darién crossings alert as the engine publishes it (the demo's July 2021 firing). */
export function darienEvent(overrides: Partial<AlertEvent> = {}): AlertEvent {
  return {
    eventId: 'evt-2021-07-darien',
    alertId: 'darien-crossings-surge@2/PAN/irregular_crossings/PAN/-/darien',
    type: 'firing',
    level: 'watch',
    previousLevel: null,
    severity: 'Moderate',
    urgency: 'Expected',
    shadow: false,
    trigger: { id: 'darien-crossings-surge', version: 2, title: 'Darién crossings surge' },
    seriesKey: 'PAN/irregular_crossings/PAN/-/darien',
    evidence: {
      value: 18813,
      period: { start: '2021-07-01', end: '2021-07-31' },
      threshold: 18000,
      comparison: 'above',
      signalId: 'sig-pan-2021-07',
    },
    ...overrides,
  };
}

/** That event for Panama's operations centre, with one action of the protocol assigned to it. */
export function darienInput(overrides: Partial<CapRenderInput> = {}): CapRenderInput {
  return {
    event: darienEvent(),
    identifier: 'ntf-0001',
    sender: 'atalaya@oas.org',
    sent: '2021-08-03T12:00:00.000Z',
    recipient: 'PAN-SNM',
    references: [],
    languages: ['es', 'en'],
    area: { places: [{ id: 'darien', name: 'Darién', country: 'PAN', admin1: 'PA-5' }] },
    actions: [
      {
        id: 'darien-crossings-surge/watch/lajas-blancas',
        organisation: 'PAN-SNM',
        description: {
          es: 'Abrir capacidad adicional en la estación de recepción de Lajas Blancas',
          en: 'Open additional capacity at the Lajas Blancas reception station',
        },
        deadline: '2021-08-06T12:00:00.000Z',
      },
    ],
    ...overrides,
  };
}

/** A recipient's CAP `Ack` of the messages it names, each as `sender,identifier,sent`. */
export function capAckXml(ack: {
  identifier: string;
  sender: string;
  sent: string;
  references: readonly string[];
  note?: string;
  status?: string;
}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${ack.identifier}</identifier>
  <sender>${ack.sender}</sender>
  <sent>${ack.sent}</sent>
  <status>${ack.status ?? 'Actual'}</status>
  <msgType>Ack</msgType>
  <scope>Private</scope>
  <addresses>atalaya@oas.org</addresses>${ack.note === undefined ? '' : `\n  <note>${ack.note}</note>`}
  <references>${ack.references.join(' ')}</references>
</alert>`;
}
