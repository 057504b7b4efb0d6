import { z } from 'zod';
import { iso3 } from '../primitives.schema';
import { seriesKeyOf } from '../signal.schema';
import { topicNames } from '../topics';
import { messageJsonSchemas, type JsonSchema, type MessageName } from './json-schemas';

export type AsyncApiDocument = Record<string, unknown>;

/** The version of the contracts, not of the software: raise it when a message changes incompatibly. */
const CONTRACTS_VERSION = '1.0.0';
const KAFKA_BINDING_VERSION = '0.5.0';
const JSON_SCHEMA_FORMAT = 'application/schema+json;version=draft-07';

const seriesKey: JsonSchema = {
  type: 'string',
  description:
    'the series: reporter/indicator/country/admin1/place, with "-" for an absent admin1 or place. ' +
    'One key per series keeps a series in order on one partition.',
  examples: [
    seriesKeyOf({
      reporter: 'PAN',
      indicator: 'irregular_crossings',
      location: { country: 'PAN', place: 'darien' },
    }),
  ],
};

const { $schema: _dialect, ...reporterPattern } = z.toJSONSchema(iso3, { target: 'draft-07' });

interface MessageSpec {
  readonly summary: string;
  readonly key: JsonSchema;
}

const messages: Record<MessageName, MessageSpec> = {
  signal: {
    summary: 'One aggregate figure from one reporting state, as the agency sends it.',
    key: seriesKey,
  },
  rejection: {
    summary: 'A signal that failed validation, with a stable code, a message and the JSON path at fault.',
    key: {
      ...reporterPattern,
      description: "the reporting state the signal was sent for: its topic's, or its API key's",
    },
  },
  observation: {
    summary: 'A validated, normalised signal on its way to the engine.',
    key: seriesKey,
  },
  'alert-event': {
    summary: "One step of an alert's life, with the evidence and the trigger version that produced it.",
    key: {
      type: 'string',
      description: "the alert id, the same for every event of one alert, so an alert's events stay in order",
    },
  },
  notification: {
    summary:
      'One alert event for one recipient: the event, the actions assigned to it and the CAP 1.2 document.',
    key: {
      type: 'string',
      description:
        "the notification id (the idempotency key); a group's notifications share one partition by their route and group",
    },
  },
};

const CAP_ACK = 'cap-ack';

/** XML, not one of the JSON contracts: CAP 1.2's own schema (OASIS) describes it. */
const capAckMessage = {
  name: CAP_ACK,
  title: 'CAP 1.2 Ack',
  summary:
    'A CAP 1.2 document of msgType Ack whose references name the Atalaya messages acknowledged, each as sender,identifier,sent.',
  contentType: 'application/xml',
  payload: {
    type: 'string',
    description:
      'The XML document, valid against the OASIS CAP 1.2 schema (urn:oasis:names:tc:emergency:cap:1.2), without a DOCTYPE.',
  },
  bindings: {
    kafka: {
      key: { type: 'string', description: 'any key; the recipient is the topic' },
      bindingVersion: KAFKA_BINDING_VERSION,
    },
  },
};

/**
 * The AsyncAPI 3.0 description of every Atalaya topic, from Atalaya's side: it receives the signals agencies
 * publish and sends rejections, observations and alert events, notifies recipients and receives their CAP Acks. The reporters are the endorsing states of the
 * topic plan, each with its own signals topic.
 */
export function asyncApiDocument(reporters: readonly string[]): AsyncApiDocument {
  const topics = topicNames();
  const schemas = messageJsonSchemas();
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Atalaya',
      version: CONTRACTS_VERSION,
      description:
        'Early warning for mixed migration movements in the Americas. National migration agencies publish ' +
        'aggregate figures as signals; Atalaya validates them, evaluates the agreed triggers and publishes ' +
        'alert lifecycle events.',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'The broker of the local stack (`npm run stack:up`).',
      },
    },
    channels: {
      signals: {
        address: topics.signals('{reporter}'),
        title: 'Signals of one reporting state',
        description:
          'Raw signals as one state published them; the reporter in each message must match the topic.',
        parameters: {
          reporter: {
            description: 'ISO 3166-1 alpha-3 code of the reporting state that owns the topic',
            enum: [...reporters],
          },
        },
        messages: { signal: componentRef('messages', 'signal') },
      },
      rejections: {
        address: topics.rejections('{reporter}'),
        title: 'Rejected signals of one reporting state',
        description:
          'Every signal of one reporter that is not accepted, keyed by reporter; only that reporter may read it.',
        parameters: {
          reporter: {
            description: 'ISO 3166-1 alpha-3 code of the reporting state whose signals were rejected',
            enum: [...reporters],
          },
        },
        messages: { rejection: componentRef('messages', 'rejection') },
      },
      observations: {
        address: topics.observations,
        title: 'Observations',
        description:
          'Validated, normalised observations keyed by series; the engine is partitioned by this key.',
        messages: { observation: componentRef('messages', 'observation') },
      },
      alerts: {
        address: topics.alerts,
        title: 'Alert events',
        description: "Alert lifecycle events keyed by alert id, published from the engine's outbox.",
        messages: { alertEvent: componentRef('messages', 'alert-event') },
      },
      notifications: {
        address: topics.notify('{recipientId}'),
        title: 'Notifications of one recipient',
        description:
          'What Atalaya sends one recipient (an operations centre or a partner) on its own topic: each alert event routed to it, with its response actions and CAP document.',
        parameters: {
          recipientId: { description: 'The recipient id of deploy/catalogue/recipients.yaml' },
        },
        messages: { notification: componentRef('messages', 'notification') },
      },
      acks: {
        address: topics.acks('{recipientId}'),
        title: 'CAP acknowledgements of one recipient',
        description:
          'A recipient acknowledges alerts here with a CAP 1.2 Ack referencing the CAP messages Atalaya sent it (docs/cap.md). An Ack that is not one, or that references nothing sent to this recipient, is set aside on atalaya.deadletter.atalaya.acks.{recipientId} with the reason, and changes nothing.',
        parameters: {
          recipientId: { description: 'The recipient id of deploy/catalogue/recipients.yaml' },
        },
        messages: { capAck: { $ref: `#/components/messages/${CAP_ACK}` } },
      },
    },
    operations: {
      receiveSignals: operation(
        'receive',
        'signals',
        'signal',
        'Atalaya reads the signals agencies publish.',
      ),
      sendRejections: operation(
        'send',
        'rejections',
        'rejection',
        'Atalaya answers every signal it cannot accept.',
      ),
      sendObservations: operation(
        'send',
        'observations',
        'observation',
        'Atalaya passes every accepted signal on to its engine.',
      ),
      sendAlertEvents: operation(
        'send',
        'alerts',
        'alertEvent',
        'Atalaya announces every step of every alert.',
      ),
      sendNotifications: operation(
        'send',
        'notifications',
        'notification',
        'Atalaya notifies each recipient of the alert events routed to it.',
      ),
      receiveAcks: operation(
        'receive',
        'acks',
        'capAck',
        'Atalaya records the alerts each recipient acknowledges with a CAP Ack.',
      ),
    },
    components: {
      schemas: Object.fromEntries(
        schemas.map(({ name, document }) => [name, { schemaFormat: JSON_SCHEMA_FORMAT, schema: document }]),
      ),
      messages: Object.fromEntries([
        ...schemas.map(({ name, document }): [string, unknown] => [
          name,
          {
            name,
            title: document.title,
            summary: messages[name].summary,
            contentType: 'application/json',
            payload: componentRef('schemas', name),
            bindings: { kafka: { key: messages[name].key, bindingVersion: KAFKA_BINDING_VERSION } },
          },
        ]),
        [CAP_ACK, capAckMessage],
      ]),
    },
  };
}

function componentRef(kind: 'schemas' | 'messages', name: MessageName): { $ref: string } {
  return { $ref: `#/components/${kind}/${name}` };
}

/** AsyncAPI 3 operations name the channel's own message entries, not the components behind them. */
function operation(
  action: 'send' | 'receive',
  channel: string,
  message: string,
  summary: string,
): JsonSchema {
  return {
    action,
    channel: { $ref: `#/channels/${channel}` },
    summary,
    messages: [{ $ref: `#/channels/${channel}/messages/${message}` }],
  };
}
