import { z } from 'zod';
import { alertEventSchema } from '../alert-event.schema';
import { notificationSchema } from '../notification.schema';
import { observationSchema } from '../observation.schema';
import { rejectionSchema } from '../rejection.schema';
import { signalSchema } from '../signal.schema';
import {
  alertEventExample,
  notificationExample,
  observationExample,
  rejectionExample,
  signalExample,
} from './message.examples';

export type JsonSchema = Record<string, unknown>;

export const messageNames = ['signal', 'observation', 'rejection', 'alert-event', 'notification'] as const;
export type MessageName = (typeof messageNames)[number];

export interface MessageJsonSchema {
  readonly name: MessageName;
  readonly fileName: string;
  readonly document: JsonSchema;
}

interface MessageSource {
  readonly schema: z.ZodType;
  /**
   * A signal is described as a sender writes it, so fields with a default may be left out; every other
   * message as Atalaya writes it, with every default filled in.
   */
  readonly io: 'input' | 'output';
  readonly title: string;
  /** A real message, checked against the schema by the contract tests. */
  readonly example: unknown;
}

const sources: Record<MessageName, MessageSource> = {
  signal: { schema: signalSchema, io: 'input', title: 'Signal', example: signalExample },
  observation: { schema: observationSchema, io: 'output', title: 'Observation', example: observationExample },
  rejection: { schema: rejectionSchema, io: 'output', title: 'Rejection', example: rejectionExample },
  'alert-event': { schema: alertEventSchema, io: 'output', title: 'Alert event', example: alertEventExample },
  notification: {
    schema: notificationSchema,
    io: 'output',
    title: 'Notification',
    example: notificationExample,
  },
};

/** The zod schema of a message: what validates it at run time. */
export const messageSchemaOf = (name: MessageName): z.ZodType => sources[name].schema;

/**
 * The JSON Schema of every message, generated from its zod schema. Draft-07 rather than zod's default
 * 2020-12: it is the JSON Schema dialect every AsyncAPI 3.0 tool must understand, so the AsyncAPI document
 * can embed these very documents. The `$id` is a URN so that it names the schema without promising a host
 * that serves it.
 */
export function messageJsonSchemas(): MessageJsonSchema[] {
  return messageNames.map((name) => {
    const { schema, io, title, example } = sources[name];
    const { $schema, description, ...body } = z.toJSONSchema(schema, { target: 'draft-07', io });
    return {
      name,
      fileName: `${name}.schema.json`,
      document: { $schema, $id: `urn:atalaya:${name}`, title, description, ...body, examples: [example] },
    };
  });
}
