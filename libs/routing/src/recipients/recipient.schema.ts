import { z } from 'zod';
import { identifier, iso3 } from '@atalaya/contracts';
import { isoDuration } from '../time';

/** Languages a recipient may be written to in: the four of the endorsing states. */
export const languages = ['es', 'en', 'pt', 'fr'] as const;
export type Language = (typeof languages)[number];

export const recipientKinds = ['state_operations_centre', 'partner'] as const;

/** The name of an environment variable, never its value: secrets stay out of the catalogue. */
const envName = z
  .string()
  .regex(
    /^[A-Z][A-Z0-9_]*$/,
    'must be the NAME of an environment variable holding the secret (e.g. ATALAYA_WEBHOOK_SECRET_PAN), never the secret itself',
  );

const webhookUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

export const channelSchema = z.discriminatedUnion('type', [
  /** `atalaya.notify.<recipient id>`: the JSON notification and its CAP document. */
  z.strictObject({ type: z.literal('kafka') }),
  z.strictObject({
    type: z.literal('webhook'),
    url: webhookUrl,
    /** One secret, or two while rotating (Standard Webhooks): names of environment variables. */
    secrets: z.array(envName).min(1).max(2, 'at most two secrets at once: the current one and the next'),
  }),
  z.strictObject({ type: z.literal('email'), to: z.array(z.email()).min(1) }),
  /** An Atom feed of CAP alerts, served by the gateway to this recipient's key. */
  z.strictObject({ type: z.literal('atom') }),
]);
export type Channel = z.infer<typeof channelSchema>;

export const contactSchema = z.strictObject({
  name: z.string().min(1),
  email: z.email().optional(),
  phone: z
    .string()
    .regex(/^\+[0-9 ]{7,20}$/, 'must be an international number such as +507 500 0000')
    .optional(),
});

/** A step of an escalation policy: after `after` without an acknowledgement, tell a contact or another recipient. */
export const escalationStepSchema = z.union([
  z.strictObject({ after: isoDuration, contact: identifier }),
  z.strictObject({ after: isoDuration, recipient: identifier }),
]);
export type EscalationStep = z.infer<typeof escalationStepSchema>;

export const recipientSchema = z
  .strictObject({
    id: identifier,
    name: z.string().min(1),
    kind: z.enum(recipientKinds),
    /** For a state's operations centre: the state (ISO 3166-1 alpha-3). */
    state: iso3.optional(),
    /** Preferred first. */
    languages: z.array(z.enum(languages)).min(1),
    channels: z.array(channelSchema).min(1),
    /** Who the escalation steps may name, e.g. `duty_officer`, `alternate`. */
    contacts: z.record(identifier, contactSchema).default({}),
    /** Ordered steps; each `after` counts from the notification. */
    escalation: z.array(escalationStepSchema).default([]),
  })
  .superRefine((r, ctx) => {
    if (r.kind === 'state_operations_centre' && r.state === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['state'],
        message: "a state's operations centre names its state",
      });
    }
    if (r.kind === 'partner' && r.state !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['state'],
        message: 'a partner speaks for no state: leave state out, or make it a state_operations_centre',
      });
    }
  });
export type Recipient = z.infer<typeof recipientSchema>;
