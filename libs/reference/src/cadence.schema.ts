import { z } from 'zod';

/** How often a figure is expected: an indicator's natural period, or how often a state reports. */
export const cadenceSchema = z.enum(['daily', 'weekly', 'monthly']);

export type Cadence = z.infer<typeof cadenceSchema>;
