import { z } from 'zod';
import { iso3 } from '../primitives.schema';
import { topicNames } from '../topics';
import { messageJsonSchemas, type JsonSchema, type MessageName } from './json-schemas';
import { alertEventExample, capAckExample, seriesKeyExample } from './message.examples';

export type AsyncApiDocument = Record<string, unknown>;

/** The version of the contracts, not of the software: raise it when a message changes incompatibly. */
export const CONTRACTS_VERSION = '1.1.0';
const KAFKA_BINDING_VERSION = '0.5.0';

/** The topics of the topic plan (deploy/topics.yaml), expanded: what the channel bindings are read from. */
export interface ContractTopicPlan {
  readonly reporters: readonly string[];
  readonly recipients: readonly string[];
  readonly topics: readonly {
    readonly topic: string;
    readonly numPartitions: number;
    readonly configEntries: readonly { readonly name: string; readonly value: string }[];
  }[];
}

/** How the broker names the principal of an agency and of a recipient (libs/messaging's access plan). */
export interface ContractPrincipals {
  agency(reporter: string): string;
  recipient(recipientId: string): string;
}

export interface ContractPlan {
  readonly topics: ContractTopicPlan;
  readonly principals: ContractPrincipals;
}

/** A three-broker cluster keeps every partition on three brokers and acknowledges a write on two. */
const REPLICAS = 3;
const MIN_INSYNC_REPLICAS = 2;
const SCRAM = 'scramSha512';
const EXAMPLE_REPORTER = 'PAN';
const EXAMPLE_RECIPIENT = 'ops_pan';

const seriesKey: JsonSchema = {
  type: 'string',
  description:
    'the series: reporter/indicator/country/admin1/place, with "-" for an absent admin1 or place. ' +
    'One key per series keeps a series in order on one partition.',
  examples: [seriesKeyExample],
};

const { $schema: _dialect, ...reporterPattern } = z.toJSONSchema(iso3, { target: 'draft-07' });

interface MessageSpec {
  readonly summary: string;
  readonly key: JsonSchema;
  /** The example's name and summary; its payload is the message schema's own example. */
  readonly example: { readonly name: string; readonly summary: string };
}

const messages: Record<MessageName, MessageSpec> = {
  signal: {
    summary: 'One aggregate figure from one reporting state, as the agency sends it.',
    key: seriesKey,
    example: {
      name: 'darien-july-2023',
      summary: 'Irregular crossings through the Darién gap in July 2023, as Panama’s SNM reports them',
    },
  },
  rejection: {
    summary: 'A signal that failed validation, with a stable code, a message and the JSON path at fault.',
    key: {
      ...reporterPattern,
      description: "the reporting state the signal was sent for: its topic's, or its API key's",
      examples: [EXAMPLE_REPORTER],
    },
    example: {
      name: 'figure-sent-as-text',
      summary: 'The August 2023 figure sent as text with a thousands separator',
    },
  },
  observation: {
    summary: 'A validated, normalised signal on its way to the engine.',
    key: seriesKey,
    example: {
      name: 'darien-july-2023',
      summary: 'The July 2023 Darién figure as accepted',
    },
  },
  'alert-event': {
    summary: "One step of an alert's life, with the evidence and the trigger version that produced it.",
    key: {
      type: 'string',
      description: "the alert id, the same for every event of one alert, so an alert's events stay in order",
      examples: [alertEventExample.alertId],
    },
    example: {
      name: 'darien-emergency',
      summary: 'The Darién alert open since January 2023 rises to emergency with July’s 55,387 crossings',
    },
  },
  notification: {
    summary:
      'One alert event for one recipient: the event, the actions assigned to it and the CAP 1.2 document.',
    key: {
      type: 'string',
      description:
        "the route and group of the notification, so that a group's notifications keep their order; the " +
        'notification id (the idempotency key) is in the body',
      examples: ['state-pan|trigger=darien-crossings-surge/state=PAN'],
    },
    example: {
      name: 'darien-emergency-to-panama',
      summary: 'Panama’s operations centre told of the emergency, with the action the protocol gives it',
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
      key: {
        type: 'string',
        description: 'any key; the recipient is the topic',
        examples: [EXAMPLE_RECIPIENT],
      },
      bindingVersion: KAFKA_BINDING_VERSION,
    },
  },
  examples: [
    {
      name: 'panama-acknowledges',
      summary: 'Panama’s operations centre acknowledges the CAP document of the emergency',
      payload: capAckExample,
    },
  ],
};

/**
 * The AsyncAPI 3.0 description of every Atalaya topic, from Atalaya's side: it receives the signals agencies
 * publish and sends rejections, observations and alert events, notifies recipients and receives their CAP
 * Acks. The reporters are the endorsing states of the topic plan, each with its own signals topic; each
 * channel's Kafka binding gives its partitions, replicas and retention from that plan.
 */
export function asyncApiDocument(plan: ContractPlan): AsyncApiDocument {
  const topics = topicNames();
  const { reporters, recipients } = plan.topics;
  const agency = plan.principals.agency(EXAMPLE_REPORTER);
  const recipient = plan.principals.recipient(EXAMPLE_RECIPIENT);
  const binding = (example: string) => channelBinding(plan.topics, example);
  const schemas = messageJsonSchemas();
  return {
    asyncapi: '3.1.0',
    info: {
      title: 'Atalaya',
      version: CONTRACTS_VERSION,
      description:
        'Early warning for mixed migration movements in the Americas. National migration agencies publish ' +
        'aggregate figures as signals; Atalaya validates them, evaluates the agreed triggers and publishes ' +
        'alert lifecycle events, and notifies each recipient on its own topic.\n\n' +
        'Every client authenticates with SASL/SCRAM-SHA-512 over TLS as its own principal: ' +
        `\`agency-<iso3>\` for a reporting state (e.g. \`${agency}\`), \`recipient-<id>\` for a recipient ` +
        `(e.g. \`${recipient}\`, \`_\` written \`-\`). The ACLs let an agency write only its own signals topic ` +
        'and read only its own rejections, and a recipient read only its own notifications and write only its ' +
        'own acknowledgements; a consumer group must start with the principal name.\n\n' +
        'A deployment may put a prefix before every topic name (ATALAYA_TOPIC_PREFIX, e.g. `test-` for a ' +
        'test run on a shared broker); the operators say which. The addresses here are without one.',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    defaultContentType: 'application/json',
    servers: {
      production: {
        host: '{bootstrap}',
        protocol: 'kafka-secure',
        description:
          'The SASL_SSL listener of an installation’s Kafka cluster (three brokers, every partition on ' +
          `${REPLICAS}, a write acknowledged by ${MIN_INSYNC_REPLICAS}). The operators give you the bootstrap ` +
          'address, the CA certificate, your principal and its password.',
        variables: {
          bootstrap: {
            description: 'host:port of the cluster’s bootstrap service',
            default: 'atalaya-kafka-bootstrap:9093',
          },
        },
        security: [{ $ref: `#/components/securitySchemes/${SCRAM}` }],
      },
      local: {
        host: '127.0.0.1:9094',
        protocol: 'kafka-secure',
        description:
          'The broker `npm run stack:up` starts: SASL_SSL on KAFKA_TLS_PORT (9094) with a CA the scripts ' +
          'generate (`$ATALAYA_RUN_DIR/kafka/security/ca.crt`), and a kcat configuration per principal ' +
          '(`$ATALAYA_RUN_DIR/kafka/security/kcat/<principal>.conf`). One broker: one replica.',
        security: [{ $ref: `#/components/securitySchemes/${SCRAM}` }],
      },
    },
    channels: {
      signals: {
        address: topics.signals('{reporter}'),
        title: 'Signals of one reporting state',
        description:
          'Raw signals as one state published them; the reporter in each message must match the topic. Only ' +
          "that state's principal may write here.",
        parameters: {
          reporter: {
            description: 'ISO 3166-1 alpha-3 code of the reporting state that owns the topic',
            enum: [...reporters],
            examples: [EXAMPLE_REPORTER],
          },
        },
        messages: { signal: componentRef('messages', 'signal') },
        bindings: binding(topics.signals(EXAMPLE_REPORTER)),
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
            examples: [EXAMPLE_REPORTER],
          },
        },
        messages: { rejection: componentRef('messages', 'rejection') },
        bindings: binding(topics.rejections(EXAMPLE_REPORTER)),
      },
      observations: {
        address: topics.observations,
        title: 'Observations',
        description:
          'Validated, normalised observations keyed by series; the engine is partitioned by this key.',
        messages: { observation: componentRef('messages', 'observation') },
        bindings: binding(topics.observations),
      },
      alerts: {
        address: topics.alerts,
        title: 'Alert events',
        description: "Alert lifecycle events keyed by alert id, published from the engine's outbox.",
        messages: { alertEvent: componentRef('messages', 'alert-event') },
        bindings: binding(topics.alerts),
      },
      notifications: {
        address: topics.notify('{recipientId}'),
        title: 'Notifications of one recipient',
        description:
          'What Atalaya sends one recipient (an operations centre or a partner) on its own topic: each alert event routed to it, with its response actions and CAP document.',
        parameters: {
          recipientId: {
            description: 'The recipient id of deploy/catalogue/recipients.yaml',
            enum: [...recipients],
            examples: [EXAMPLE_RECIPIENT],
          },
        },
        messages: { notification: componentRef('messages', 'notification') },
        bindings: binding(topics.notify(EXAMPLE_RECIPIENT)),
      },
      acks: {
        address: topics.acks('{recipientId}'),
        title: 'CAP acknowledgements of one recipient',
        description:
          'A recipient acknowledges alerts here with a CAP 1.2 Ack referencing the CAP messages Atalaya sent it (docs/cap.md). An Ack that is not one, or that references nothing sent to this recipient, is set aside on atalaya.deadletter.atalaya.acks.{recipientId} with the reason, and changes nothing.',
        parameters: {
          recipientId: {
            description: 'The recipient id of deploy/catalogue/recipients.yaml',
            enum: [...recipients],
            examples: [EXAMPLE_RECIPIENT],
          },
        },
        messages: { capAck: { $ref: `#/components/messages/${CAP_ACK}` } },
        bindings: binding(topics.acks(EXAMPLE_RECIPIENT)),
      },
    },
    operations: {
      receiveSignals: operation('receive', 'signals', 'signal', 'agencies', {
        summary: 'Atalaya reads the signals agencies publish.',
        description:
          `An agency produces as its own principal (e.g. \`${agency}\`), idempotent with acks=all, each ` +
          'message keyed by its series so that a series keeps its order.',
        groupId: group('atalaya-ingest', 'the group of Atalaya’s ingest service'),
      }),
      sendRejections: operation('send', 'rejections', 'rejection', 'agencies', {
        summary: 'Atalaya answers every signal it cannot accept.',
        description: 'The agency reads its own rejections, with a consumer group of its own principal.',
        groupId: group(
          `${agency}-rejections`,
          'a group of the agency’s own: its name starts with its principal',
        ),
      }),
      sendObservations: operation('send', 'observations', 'observation', 'internal', {
        summary: 'Atalaya passes every accepted signal on to its engine.',
        description: 'Internal to Atalaya: its engine reads this topic.',
        groupId: group('atalaya-engine', 'the group of Atalaya’s engine'),
      }),
      sendAlertEvents: operation('send', 'alerts', 'alertEvent', 'internal', {
        summary: 'Atalaya announces every step of every alert.',
        description: 'Internal to Atalaya: its dispatcher reads this topic and notifies the recipients.',
        groupId: group('atalaya-dispatcher', 'the group of Atalaya’s dispatcher'),
      }),
      sendNotifications: operation('send', 'notifications', 'notification', 'recipients', {
        summary: 'Atalaya notifies each recipient of the alert events routed to it.',
        description:
          'The recipient reads its own topic with a consumer group of its own principal; a redelivery carries ' +
          'the same notificationId and the same body.',
        groupId: group(
          `${recipient}-notifications`,
          'a group of the recipient’s own: its name starts with its principal',
        ),
      }),
      receiveAcks: operation('receive', 'acks', 'capAck', 'recipients', {
        summary: 'Atalaya records the alerts each recipient acknowledges with a CAP Ack.',
        description: `The recipient produces as its own principal (e.g. \`${recipient}\`).`,
        groupId: group('atalaya-dispatcher', 'the group of Atalaya’s dispatcher'),
      }),
    },
    components: {
      tags: {
        agencies: { name: 'agencies', description: 'What a national migration agency sends and reads' },
        recipients: {
          name: 'recipients',
          description: 'What an operations centre or a humanitarian partner reads and sends',
        },
        internal: { name: 'internal', description: 'Between Atalaya’s own services; no client reads these' },
      },
      securitySchemes: {
        [SCRAM]: {
          type: 'scramSha512',
          description:
            'SASL/SCRAM-SHA-512 over TLS. The username is your principal (agency-<iso3> or recipient-<id>); ' +
            'the operators give you its password and the CA certificate that signed the brokers’ certificates.',
        },
      },
      schemas: Object.fromEntries(schemas.map(({ name, document }) => [name, embedded(document)])),
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
            examples: [{ ...messages[name].example, payload: (document.examples as unknown[])[0] }],
          },
        ]),
        [CAP_ACK, capAckMessage],
      ]),
    },
  };
}

/** A JSON Schema inside the document: AsyncAPI's own schema format, which draft-07 is a subset of. */
function embedded(document: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...schema } = document;
  return schema;
}

/** A channel's Kafka binding, read from the example topic of the plan (every topic of a template is alike). */
function channelBinding(plan: ContractTopicPlan, example: string): JsonSchema {
  const topic = plan.topics.find((t) => t.topic === example);
  if (!topic)
    throw new Error(`the topic plan has no topic ${example}: add its template to deploy/topics.yaml`);
  const retention = topic.configEntries.find((e) => e.name === 'retention.ms');
  return {
    kafka: {
      partitions: topic.numPartitions,
      replicas: REPLICAS,
      topicConfiguration: {
        'cleanup.policy': ['delete'],
        ...(retention ? { 'retention.ms': Number(retention.value) } : {}),
      },
      bindingVersion: KAFKA_BINDING_VERSION,
    },
  };
}

function group(example: string, description: string): JsonSchema {
  return { type: 'string', description, examples: [example] };
}

function componentRef(kind: 'schemas' | 'messages', name: MessageName): { $ref: string } {
  return { $ref: `#/components/${kind}/${name}` };
}

interface OperationText {
  readonly summary: string;
  readonly description: string;
  readonly groupId: JsonSchema;
}

/** AsyncAPI 3 operations name the channel's own message entries, not the components behind them. */
function operation(
  action: 'send' | 'receive',
  channel: string,
  message: string,
  tag: 'agencies' | 'recipients' | 'internal',
  text: OperationText,
): JsonSchema {
  return {
    action,
    channel: { $ref: `#/channels/${channel}` },
    summary: text.summary,
    description: text.description,
    security: [{ $ref: `#/components/securitySchemes/${SCRAM}` }],
    tags: [{ $ref: `#/components/tags/${tag}` }],
    bindings: { kafka: { groupId: text.groupId, bindingVersion: KAFKA_BINDING_VERSION } },
    messages: [{ $ref: `#/channels/${channel}/messages/${message}` }],
  };
}
