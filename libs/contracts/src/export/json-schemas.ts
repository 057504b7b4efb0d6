import { z } from 'zod';
import { alertEventSchema } from '../alert-event.schema';
import { notificationSchema } from '../notification.schema';
import { observationSchema } from '../observation.schema';
import { rejectionSchema } from '../rejection.schema';
import { signalSchema } from '../signal.schema';

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
  /** For schemas that carry no `.describe()` of their own: the schema's own description wins. */
  readonly description?: string;
}

const sources: Record<MessageName, MessageSource> = {
  signal: { schema: signalSchema, io: 'input', title: 'Signal' },
  observation: {
    schema: observationSchema,
    io: 'output',
    title: 'Observation',
    description:
      'A signal that passed validation, normalised, with its series key and where it was read from',
  },
  rejection: {
    schema: rejectionSchema,
    io: 'output',
    title: 'Rejection',
    description: 'Why a signal was not accepted: a stable code, a message and the JSON path at fault',
  },
  'alert-event': {
    schema: alertEventSchema,
    io: 'output',
    title: 'Alert event',
    description: "One step of an alert's life (firing, escalated, de-escalated, resolved) with its evidence",
  },
  notification: { schema: notificationSchema, io: 'output', title: 'Notification' },
};

/**
 * The JSON Schema of every message, generated from its zod schema. Draft-07 rather than zod's default
 * 2020-12: it is the JSON Schema dialect every AsyncAPI 3.0 tool must understand, so the AsyncAPI document
 * can embed these very documents. The `$id` is a URN so that it names the schema without promising a host
 * that serves it.
 */
export function messageJsonSchemas(): MessageJsonSchema[] {
  return messageNames.map((name) => {
    const { schema, io, title, description } = sources[name];
    const { $schema, ...body } = z.toJSONSchema(schema, { target: 'draft-07', io });
    return {
      name,
      fileName: `${name}.schema.json`,
      document: {
        $schema,
        $id: `urn:atalaya:${name}`,
        title,
        description: body.description ?? description,
        ...body,
      },
    };
  });
}
