import { parseLocatedYaml } from './yaml.positions';

const text = `places:
  - id: darien
    country: PAN
  - { id: tapachula, country: MEX }
`;

describe('parseLocatedYaml', () => {
  const doc = parseLocatedYaml(text, 'places.yaml');

  it('gives the plain value', () => {
    expect(doc.errors).toEqual([]);
    expect(doc.value).toEqual({
      places: [
        { id: 'darien', country: 'PAN' },
        { id: 'tapachula', country: 'MEX' },
      ],
    });
  });

  it('says where a value along a path is written', () => {
    expect(doc.where(['places', 0, 'country'])).toBe('places.yaml:3:14');
    expect(doc.where(['places', 1, 'country'])).toBe('places.yaml:4:31');
  });

  it('points a missing key at its parent', () => {
    expect(doc.where(['places', 1, 'admin1'])).toBe('places.yaml:4:5');
  });

  it('reports syntax errors with their position and no value', () => {
    const broken = parseLocatedYaml('places:\n  - { id: [darien\n', 'places.yaml');
    expect(broken.value).toBeUndefined();
    expect(broken.errors.length).toBeGreaterThan(0);
    expect(broken.errors[0].at).toMatch(/^places\.yaml:\d+:\d+$/);
    expect(broken.errors[0].message).not.toBe('');
  });
});
