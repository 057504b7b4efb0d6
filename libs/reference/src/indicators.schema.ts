import { z } from 'zod';
import { identifier } from '@atalaya/contracts';
import { cadenceSchema } from './cadence.schema';

export const indicatorSchema = z
  .strictObject({
    name: identifier,
    title: z.string().min(1),
    unit: z.enum(['persons', 'events', 'applications', 'beds']),
    // A flow counts what happened during the period and adds up over time; a stock counts what stands at
    // the period's end and does not.
    kind: z.enum(['flow', 'stock']),
    cadence: cadenceSchema,
    description: z.string().min(1),
  })
  .readonly();

/** `indicators.yaml`: every figure a state may send. */
export const indicatorsFileSchema = z.strictObject({
  indicators: z.array(indicatorSchema).min(1).readonly(),
});

export type Indicator = z.infer<typeof indicatorSchema>;
