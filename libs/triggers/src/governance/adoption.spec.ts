import { resolve } from 'node:path';
import { loadReference } from '@atalaya/reference/files';
import { triggerSchema, type TriggerInput } from '../catalogue/trigger.schema';
import { adoptionOf, requiredStates } from './adoption';
import type { Endorsement, Stance } from './governance.types';

const reference = loadReference(resolve(__dirname, '../../../../deploy/catalogue'));

const trigger = (over: Partial<TriggerInput>) =>
  triggerSchema.parse({
    id: 'darien-crossings-surge',
    version: 3,
    title: 'Darién',
    scope: { indicators: ['irregular_crossings'], reporters: ['PAN'] },
    condition: { type: 'threshold' },
    levels: [{ name: 'watch', above: 100, severity: 'Moderate' }],
    status: 'proposed',
    ...over,
  });

const said = (state: string, stance: Stance): Endorsement => ({
  state,
  stance,
  note: null,
  by: `ops_${state.toLowerCase()}`,
  at: '2025-06-01T00:00:00.000Z',
});

const corridor = trigger({
  scope: { indicators: ['irregular_crossings', 'irregular_entries'] },
  condition: {
    type: 'corridor_composite',
    corridor: 'darien_north',
    members: [
      { place: 'darien', indicator: 'irregular_crossings', above: 10 },
      { place: 'trojes', indicator: 'irregular_entries', above: 10 },
    ],
  },
  levels: [{ name: 'watch', above: 2, severity: 'Moderate' }],
  endorsement: 'territory',
  agreedBy: ['PAN', 'HND', 'ARG'],
});

describe('which states adopt a proposal', () => {
  it('rule all: every state of agreedBy', () => {
    expect(requiredStates(trigger({ agreedBy: ['PAN', 'COL'] }), reference)).toEqual(['PAN', 'COL']);
  });

  it('rule territory: the states of agreedBy among its reporters', () => {
    const t = trigger({ agreedBy: ['PAN', 'COL'], endorsement: 'territory' });
    expect(requiredStates(t, reference)).toEqual(['PAN']);
  });

  it("rule territory on a corridor: the states of agreedBy the corridor's steps lie in", () => {
    expect(requiredStates(corridor, reference)).toEqual(['PAN', 'HND']);
  });

  it('rule territory on a trigger that watches every state: all of agreedBy', () => {
    const t = trigger({
      scope: { indicators: ['irregular_crossings'] },
      agreedBy: ['PAN', 'COL'],
      endorsement: 'territory',
    });
    expect(requiredStates(t, reference)).toEqual(['PAN', 'COL']);
  });

  it('rule territory by places: the countries of its places', () => {
    const t = trigger({
      scope: { indicators: ['irregular_crossings'], places: ['darien'] },
      agreedBy: ['COL', 'PAN'],
      endorsement: 'territory',
    });
    expect(requiredStates(t, reference)).toEqual(['PAN']);
  });
});

describe('adoptionOf', () => {
  const two = trigger({ agreedBy: ['PAN', 'COL'] });

  it('is adopted once every required state endorses it', () => {
    expect(adoptionOf(two, [said('PAN', 'endorse')], reference)).toMatchObject({
      adopted: false,
      endorsed: ['PAN'],
      outstanding: ['COL'],
    });
    expect(adoptionOf(two, [said('PAN', 'endorse'), said('COL', 'endorse')], reference)).toMatchObject({
      adopted: true,
      outstanding: [],
    });
  });

  it('an objection holds it until that state endorses instead', () => {
    const held = adoptionOf(two, [said('PAN', 'endorse'), said('COL', 'object')], reference);
    expect(held).toMatchObject({ adopted: false, objected: ['COL'], outstanding: ['COL'] });
  });

  it("a state outside the trigger's territory neither adopts nor holds it under the territory rule", () => {
    expect(
      adoptionOf(
        corridor,
        [said('PAN', 'endorse'), said('HND', 'endorse'), said('ARG', 'object')],
        reference,
      ),
    ).toMatchObject({ adopted: true, objected: ['ARG'] });
  });

  it('says why a proposal no state can adopt never will be', () => {
    const nobody = adoptionOf(trigger({ agreedBy: [] }), [], reference);
    expect(nobody.adopted).toBe(false);
    expect(nobody.never).toContain('agreedBy is empty');
    const elsewhere = trigger({ agreedBy: ['COL'], endorsement: 'territory' });
    const outside = adoptionOf(elsewhere, [said('COL', 'endorse')], reference);
    expect(outside.adopted).toBe(false);
    expect(outside.never).toContain('none of agreedBy (COL)');
  });
});
