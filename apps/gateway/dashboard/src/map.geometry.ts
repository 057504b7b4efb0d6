import { numericToAlpha3 } from 'i18n-iso-countries';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

type Ring = GeoJSON.Position[];
type PolygonCoordinates = Ring[];

/** A country of the map: its ISO 3166-1 alpha-3 code (the atlas's name where it has none), and its shape. */
export interface MapCountry {
  readonly id: string;
  readonly name: string;
  readonly geometry: GeoJSON.MultiPolygon;
}

function meanOf(ring: Ring): [number, number] {
  const [lon, lat] = ring.reduce(([x, y], [px, py]) => [x + px, y + py], [0, 0]);
  return [lon / ring.length, lat / ring.length];
}

/**
 * Whether a polygon lies in the Americas: west of the mid-Atlantic and east of the date line, and neither in
 * Antarctica nor among the Pacific islands of France, Kiribati or the United States south of Hawaii. A
 * country's parts (France's and the Netherlands' Caribbean, Russia's Chukotka) are judged one by one; one that
 * wraps round the date line is not drawn.
 */
export function inTheAmericas(polygon: PolygonCoordinates): boolean {
  const [lon, lat] = meanOf(polygon[0]);
  const lons = polygon[0].map(([x]) => x);
  const wrapsTheDateLine = Math.max(...lons) - Math.min(...lons) > 180;
  return !wrapsTheDateLine && lon > -169 && lon < -32 && lat > -58 && !(lon < -115 && lat < 15);
}

/** The countries of a Natural Earth topology (world-atlas) with land in the Americas, only that land. */
export function americas(topology: Topology, objectName = 'countries'): MapCountry[] {
  const object = topology.objects[objectName] as GeometryCollection<{ name: string }>;
  const { features } = feature(topology, object);
  return features.flatMap((f): MapCountry[] => {
    const g = f.geometry;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    const kept = polygons.filter(inTheAmericas);
    if (kept.length === 0) return [];
    const id = f.id === undefined ? undefined : numericToAlpha3(String(f.id));
    return [
      {
        id: id ?? f.properties.name,
        name: f.properties.name,
        geometry: { type: 'MultiPolygon', coordinates: kept },
      },
    ];
  });
}

/** The countries as GeoJSON whose features are named by id, as ECharts' registerMap takes them. */
export function asGeoJson(
  countries: readonly MapCountry[],
): GeoJSON.FeatureCollection<GeoJSON.MultiPolygon, { name: string }> {
  return {
    type: 'FeatureCollection',
    features: countries.map((c) => ({ type: 'Feature', properties: { name: c.id }, geometry: c.geometry })),
  };
}
