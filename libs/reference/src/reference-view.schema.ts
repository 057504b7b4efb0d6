import { z } from 'zod';
import { corridorSchema } from './corridors.schema';
import { indicatorSchema } from './indicators.schema';
import { placeSchema } from './places.schema';
import { reporterSchema } from './reporters.schema';

/** `GET /v1/reference`: the reference data a screen needs to name and place what the alerts speak of. */
export const referenceViewSchema = z.strictObject({
  states: z.array(reporterSchema).describe('the reporting states and their agreed cadence'),
  places: z.array(placeSchema),
  corridors: z.array(corridorSchema),
  indicators: z.array(indicatorSchema),
});

export type ReferenceView = z.infer<typeof referenceViewSchema>;
