import { readFileSync } from 'node:fs';
import type { Topology } from 'topojson-specification';
import { americas } from './map.geometry';

describe('the map of the Americas', () => {
  const topology = JSON.parse(
    readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'),
  ) as Topology;
  const countries = americas(topology);
  const ids = countries.map((c) => c.id);

  it('has every reporting state of the Americas, named by ISO alpha-3', () => {
    const reporters = 'ARG BRB BLZ BRA CAN CHL COL CRI ECU SLV GTM HTI HND JAM MEX PAN PRY PER USA URY'.split(
      ' ',
    );
    expect(reporters.filter((r) => !ids.includes(r))).toEqual([]);
  });

  it('leaves out the rest of the world, keeping only the American parts of other countries', () => {
    expect(ids).not.toEqual(expect.arrayContaining(['ESP']));
    expect(ids.filter((id) => ['RUS', 'AUS', 'ISL', 'PRT', 'ATA', 'NZL'].includes(id))).toEqual([]);
    const france = countries.find((c) => c.id === 'FRA');
    // French Guiana and the French Caribbean, not metropolitan France or Polynesia.
    expect(france?.geometry.coordinates.every(([ring]) => ring.every(([lon]) => lon < -50))).toBe(true);
    const usa = countries.find((c) => c.id === 'USA');
    expect(usa?.geometry.coordinates.every(([ring]) => ring.every(([lon]) => lon < 0))).toBe(true);
  });
});
