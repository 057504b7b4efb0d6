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
    lat: z.number().min(-90).max(90).optional().describe('approximate latitude, for maps only'),
    lon: z.number().min(-180).max(180).optional().describe('approximate longitude, for maps only'),
  })
  .refine((p) => (p.lat === undefined) === (p.lon === undefined), {
    message: 'give both lat and lon, or neither',
    path: ['lon'],
  })
  .readonly();

/** `places.yaml`: the registry of border points, transit points, shelters and border regions. */
export const placesFileSchema = z.strictObject({ places: z.array(placeSchema).min(1).readonly() });

export type Place = z.infer<typeof placeSchema>;
