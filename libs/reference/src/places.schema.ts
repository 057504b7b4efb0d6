import { z } from 'zod';
import { admin1Code, identifier, iso3 } from '@atalaya/contracts';

export const placeTypes = ['border_point', 'transit_point', 'shelter', 'border_region'] as const;

export const placeSchema = z
  .strictObject({
    id: identifier,
    name: z.string().min(1),
    type: z.enum(placeTypes),
    country: iso3.describe('the country whose authorities count at this place'),
    admin1: admin1Code.optional(),
    across: iso3.optional().describe('for a border point or region: the country on the other side'),
    corridors: z.array(identifier).readonly().default([]),
  })
  .readonly();

/** `places.yaml`: the registry of border points, transit points, shelters and border regions. */
export const placesFileSchema = z.strictObject({ places: z.array(placeSchema).min(1).readonly() });

export type Place = z.infer<typeof placeSchema>;
