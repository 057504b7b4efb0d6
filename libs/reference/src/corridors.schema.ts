import { z } from 'zod';
import { identifier } from '@atalaya/contracts';

export const corridorStepSchema = z
  .strictObject({
    place: identifier,
    lagDays: z
      .number()
      .int()
      .min(0)
      .max(365)
      .describe('indicative travel time in days from the previous step; 0 for the first'),
  })
  .readonly();

export const corridorSchema = z
  .strictObject({
    id: identifier,
    name: z.string().min(1),
    description: z.string().min(1).optional(),
    steps: z.array(corridorStepSchema).min(2, 'a corridor needs at least two steps').readonly(),
  })
  .readonly()
  .superRefine((corridor, ctx) => {
    // Runs even when `steps` failed its own checks, so it must not assume a first step.
    const first = corridor.steps.at(0);
    if (first !== undefined && first.lagDays !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['steps', 0, 'lagDays'],
        message: 'the first step has no step before it: set its lagDays to 0',
      });
    }
  });

/** `corridors.yaml`: migration corridors as ordered lists of places. */
export const corridorsFileSchema = z.strictObject({ corridors: z.array(corridorSchema).min(1).readonly() });

export type Corridor = z.infer<typeof corridorSchema>;
export type CorridorStep = z.infer<typeof corridorStepSchema>;
