import { z } from 'zod';
import { actionStatuses, identifier, type ActionStatus } from '@atalaya/contracts';
import { triggerId } from '../matching/matcher.schema';
import { languages } from '../recipients/recipient.schema';
import { instant, isoDuration } from '../time';

/** A text in several of the supported languages; Spanish and English always. */
export const textSchema = z
  .partialRecord(z.enum(languages), z.string().min(1))
  .refine((t) => t.es !== undefined && t.en !== undefined, { message: 'write it at least in es and en' });

/** One thing an organisation agreed in advance to do when a trigger reaches a level. */
export const responseActionSchema = z.strictObject({
  /** Unique in the file: statuses are reported against it. */
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a kebab-case id, e.g. "pan-snm-lajas-blancas-capacity"'),
  /** The recipient id of the organisation the action is assigned to. */
  organisation: identifier,
  /** How long after the level was reached the action is due, as an ISO 8601 duration (PT72H, P5D). */
  deadline: isoDuration,
  description: textSchema,
});
export type ResponseAction = z.infer<typeof responseActionSchema>;

/** `responses.yaml`: per trigger id, per level name, the actions that level activates. */
export const responsesFileSchema = z.strictObject({
  responses: z.record(triggerId, z.record(identifier, z.array(responseActionSchema).min(1))),
});
export type ResponsesFile = z.infer<typeof responsesFileSchema>;

/** Statuses after which an action is no longer waited for. */
export const closingStatuses: readonly ActionStatus[] = ['done', 'declined'];

/** What an organisation reports about one of its actions on one alert. */
export const actionStatusReportSchema = z
  .strictObject({
    alertId: z.string().min(1),
    actionId: z.string().min(1),
    /** The recipient reporting, authenticated by whoever takes the report (API key, CLI operator). */
    organisation: identifier,
    status: z.enum(actionStatuses),
    note: z.string().min(1).optional(),
    at: instant,
  })
  .refine((r) => r.status !== 'declined' || r.note !== undefined, {
    message: 'say why the action is declined (note)',
    path: ['note'],
  });
export type ActionStatusReport = z.infer<typeof actionStatusReportSchema>;
