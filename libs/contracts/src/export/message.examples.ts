import { AlertEvent } from '../alert-event.schema';
import { Notification } from '../notification.schema';
import { Observation } from '../observation.schema';
import { Rejection } from '../rejection.schema';
import { seriesKeyOf, SignalInput } from '../signal.schema';

/*
 * The published example of every message: Panama's figure of irregular crossings through the Darién gap for
 * July 2023 (55,387, SNM), and what Atalaya made of it with the catalogue in force (darien-crossings-surge
 * version 3, as `atalaya backtest` reports it): the alert raised at watch in January rose to emergency. The
 * contract tests check each example against its zod schema and its JSON Schema, so none can drift.
 */

/** July 2023 at the Darién gap, as Panama's SNM sends it. */
export const signalExample = {
  signalId: 'PAN:irregular_crossings:darien:2023-07',
  reporter: 'PAN',
  indicator: 'irregular_crossings',
  location: { country: 'PAN', place: 'darien' },
  period: { start: '2023-07-01', end: '2023-07-31' },
  value: 55387,
  revision: 1,
  quality: 'provisional',
  reportedAt: '2023-08-07T09:30:00-05:00',
} satisfies SignalInput;

export const seriesKeyExample = seriesKeyOf(signalExample);

export const observationExample = {
  ...signalExample,
  seriesKey: seriesKeyExample,
  receivedAt: '2023-08-07T14:05:12.418Z',
  source: { topic: 'atalaya.signals.PAN', partition: 0, offset: '1043' },
} satisfies Observation;

/** The August figure sent as text, with its thousands separator, as a spreadsheet exports it. */
export const rejectionExample = {
  reporter: 'PAN',
  code: 'WRONG_TYPE',
  help: '/v1/codes/WRONG_TYPE',
  message: '$.value must be of type number',
  path: '$.value',
  signalId: 'PAN:irregular_crossings:darien:2023-08',
  source: { door: 'kafka', topic: 'atalaya.signals.PAN', partition: 0, offset: '1044' },
  payload:
    '{"signalId":"PAN:irregular_crossings:darien:2023-08","reporter":"PAN","indicator":"irregular_crossings",' +
    '"location":{"country":"PAN","place":"darien"},"period":{"start":"2023-08-01","end":"2023-08-31"},"value":"81,946"}',
  rejectedAt: '2023-09-06T13:20:44.102Z',
} satisfies Rejection;

/** July's figure crossed the emergency level (50,000): the alert open since January escalated. */
export const alertEventExample = {
  eventId: 'alert-129bf2e8b4d808554ad821dd006be1bf/escalated/2023-07-01/emergency',
  alertId: 'alert-129bf2e8b4d808554ad821dd006be1bf',
  type: 'escalated',
  level: 'emergency',
  previousLevel: 'warning',
  severity: 'Extreme',
  urgency: 'Immediate',
  shadow: false,
  trigger: { id: 'darien-crossings-surge', version: 3, title: 'Irregular crossings through the Darién gap' },
  seriesKey: seriesKeyExample,
  evidence: {
    value: 55387,
    period: { start: '2023-07-01', end: '2023-07-31' },
    threshold: 50000,
    comparison: 'above',
    signalId: signalExample.signalId,
  },
} satisfies AlertEvent;

/** The CAP sender, notification and sending time of the example notification's CAP document. */
export const capExample = {
  sender: 'atalaya@oas.org',
  identifier: 'ntf_xAOJ8MAnQXmtVO18caJGxU4r.1',
  sent: '2023-08-07T14:05:13Z',
  references: [
    {
      sender: 'atalaya@oas.org',
      identifier: 'ntf_Qm9Jx2k7VdLr0c8sYpWuTa3E.1',
      sent: '2023-02-06T15:12:40-00:00',
    },
    {
      sender: 'atalaya@oas.org',
      identifier: 'ntf_Zt4nB8wq1HsKe6yGmRj0LxPc.1',
      sent: '2023-04-05T13:48:02-00:00',
    },
  ],
} as const;

/** Panama's operations centre told of the escalation, with the actions the protocol gives it up to emergency. */
export const notificationExample = {
  notificationId: 'ntf_xAOJ8MAnQXmtVO18caJGxU4r',
  recipientId: 'ops_pan',
  reason: 'update',
  alerts: [
    {
      status: 'firing',
      event: alertEventExample,
      actions: [
        {
          id: 'pan-snm-reception-readiness',
          organisation: 'ops_pan',
          description:
            'SNM de Panamá: revisar personal, agua, alimentos y atención de salud en las estaciones de ' +
            'recepción migratoria de San Vicente y Lajas Blancas, y comunicar la capacidad disponible.',
          deadline: '2023-02-09T15:12:40Z',
        },
        {
          id: 'pan-snm-lajas-blancas-capacity',
          organisation: 'ops_pan',
          description:
            'SNM de Panamá abre capacidad adicional en la estación de recepción migratoria de Lajas Blancas en 72 h.',
          deadline: '2023-04-08T13:48:02Z',
        },
        {
          id: 'pan-lead-state-route-call',
          organisation: 'ops_pan',
          description:
            'Panamá, como estado líder del paquete de acción: convocar a los estados de la ruta (Colombia, Costa ' +
            'Rica, Honduras, Guatemala, México, Estados Unidos) a una llamada de coordinación en 72 h.',
          deadline: '2023-08-10T14:05:13Z',
        },
      ],
      cap: `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>ntf_xAOJ8MAnQXmtVO18caJGxU4r.1</identifier>
  <sender>atalaya@oas.org</sender>
  <sent>2023-08-07T14:05:13-00:00</sent>
  <status>Actual</status>
  <msgType>Update</msgType>
  <scope>Private</scope>
  <addresses>ops_pan</addresses>
  <references>atalaya@oas.org,ntf_Qm9Jx2k7VdLr0c8sYpWuTa3E.1,2023-02-06T15:12:40-00:00 atalaya@oas.org,ntf_Zt4nB8wq1HsKe6yGmRj0LxPc.1,2023-04-05T13:48:02-00:00</references>
  <incidents>alert-129bf2e8b4d808554ad821dd006be1bf</incidents>
  <info>
    <language>es-419</language>
    <category>Safety</category>
    <event>Irregular crossings through the Darién gap</event>
    <responseType>Execute</responseType>
    <urgency>Immediate</urgency>
    <severity>Extreme</severity>
    <certainty>Observed</certainty>
    <eventCode>
      <valueName>atalaya:trigger</valueName>
      <value>darien-crossings-surge</value>
    </eventCode>
    <senderName>Atalaya, alerta temprana de movimientos migratorios mixtos (Declaración de Los Ángeles)</senderName>
    <headline>Alerta elevada (emergencia): Irregular crossings through the Darién gap</headline>
    <description>La cifra reportada, 55,387 para 1–31 de julio de 2023, alcanzó el umbral de 50,000. El nivel subió de alerta a emergencia.</description>
    <instruction>Acciones de respuesta asignadas a su organización:
- ops_pan: SNM de Panamá: revisar personal, agua, alimentos y atención de salud en las estaciones de recepción migratoria de San Vicente y Lajas Blancas, y comunicar la capacidad disponible. (plazo: 9 de febrero de 2023 a las 03:12 p.m. UTC)
- ops_pan: SNM de Panamá abre capacidad adicional en la estación de recepción migratoria de Lajas Blancas en 72 h. (plazo: 8 de abril de 2023 a las 01:48 p.m. UTC)
- ops_pan: Panamá, como estado líder del paquete de acción: convocar a los estados de la ruta (Colombia, Costa Rica, Honduras, Guatemala, México, Estados Unidos) a una llamada de coordinación en 72 h. (plazo: 10 de agosto de 2023 a las 02:05 p.m. UTC)</instruction>
    <parameter>
      <valueName>atalaya:triggerVersion</valueName>
      <value>3</value>
    </parameter>
    <parameter>
      <valueName>atalaya:alertId</valueName>
      <value>alert-129bf2e8b4d808554ad821dd006be1bf</value>
    </parameter>
    <parameter>
      <valueName>atalaya:eventId</valueName>
      <value>alert-129bf2e8b4d808554ad821dd006be1bf/escalated/2023-07-01/emergency</value>
    </parameter>
    <parameter>
      <valueName>atalaya:eventType</valueName>
      <value>escalated</value>
    </parameter>
    <parameter>
      <valueName>atalaya:level</valueName>
      <value>emergency</value>
    </parameter>
    <parameter>
      <valueName>atalaya:previousLevel</valueName>
      <value>warning</value>
    </parameter>
    <parameter>
      <valueName>atalaya:seriesKey</valueName>
      <value>PAN/irregular_crossings/PAN/-/darien</value>
    </parameter>
    <parameter>
      <valueName>atalaya:value</valueName>
      <value>55387</value>
    </parameter>
    <parameter>
      <valueName>atalaya:threshold</valueName>
      <value>50000</value>
    </parameter>
    <parameter>
      <valueName>atalaya:comparison</valueName>
      <value>above</value>
    </parameter>
    <parameter>
      <valueName>atalaya:period</valueName>
      <value>2023-07-01/2023-07-31</value>
    </parameter>
    <parameter>
      <valueName>atalaya:signalId</valueName>
      <value>PAN:irregular_crossings:darien:2023-07</value>
    </parameter>
    <parameter>
      <valueName>atalaya:action</valueName>
      <value>{&quot;id&quot;:&quot;pan-snm-reception-readiness&quot;,&quot;organisation&quot;:&quot;ops_pan&quot;,&quot;description&quot;:&quot;SNM de Panamá: revisar personal, agua, alimentos y atención de salud en las estaciones de recepción migratoria de San Vicente y Lajas Blancas, y comunicar la capacidad disponible.&quot;,&quot;deadline&quot;:&quot;2023-02-09T15:12:40Z&quot;}</value>
    </parameter>
    <parameter>
      <valueName>atalaya:action</valueName>
      <value>{&quot;id&quot;:&quot;pan-snm-lajas-blancas-capacity&quot;,&quot;organisation&quot;:&quot;ops_pan&quot;,&quot;description&quot;:&quot;SNM de Panamá abre capacidad adicional en la estación de recepción migratoria de Lajas Blancas en 72 h.&quot;,&quot;deadline&quot;:&quot;2023-04-08T13:48:02Z&quot;}</value>
    </parameter>
    <parameter>
      <valueName>atalaya:action</valueName>
      <value>{&quot;id&quot;:&quot;pan-lead-state-route-call&quot;,&quot;organisation&quot;:&quot;ops_pan&quot;,&quot;description&quot;:&quot;Panamá, como estado líder del paquete de acción: convocar a los estados de la ruta (Colombia, Costa Rica, Honduras, Guatemala, México, Estados Unidos) a una llamada de coordinación en 72 h.&quot;,&quot;deadline&quot;:&quot;2023-08-10T14:05:13Z&quot;}</value>
    </parameter>
    <area>
      <areaDesc>Darién gap (Panamá)</areaDesc>
      <geocode>
        <valueName>ISO 3166-1 alpha-3</valueName>
        <value>PAN</value>
      </geocode>
      <geocode>
        <valueName>ISO 3166-2</valueName>
        <value>PA-5</value>
      </geocode>
      <geocode>
        <valueName>atalaya:place</valueName>
        <value>darien</value>
      </geocode>
    </area>
  </info>
</alert>
`,
    },
  ],
} satisfies Notification;

/** Panama's operations centre acknowledging that CAP document. */
export const capAckExample = `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>ops_pan-ack-2023-08-07-01</identifier>
  <sender>operaciones@pan.example.org</sender>
  <sent>2023-08-07T10:12:00-05:00</sent>
  <status>Actual</status>
  <msgType>Ack</msgType>
  <scope>Private</scope>
  <addresses>atalaya@oas.org</addresses>
  <references>atalaya@oas.org,ntf_xAOJ8MAnQXmtVO18caJGxU4r.1,2023-08-07T14:05:13-00:00</references>
</alert>
`;
