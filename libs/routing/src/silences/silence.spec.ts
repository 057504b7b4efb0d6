import fc from 'fast-check';
import { expiredSince, isSilenced, nextSilenceChange, Silence, silenceSchema } from './silence';
import { at, contextOf, DARIEN, lookups, TAPACHULA } from '../testing/routing.fixtures';

const silence = (fields: Partial<Silence> & { matchers?: unknown } = {}): Silence =>
  silenceSchema.parse({
    id: 's1',
    matchers: { state: 'PAN' },
    startsAt: at(0),
    endsAt: at(3600),
    createdBy: 'ops@pan.example.org',
    comment: 'planned maintenance of the reception system',
    ...fields,
  });

describe('isSilenced', () => {
  it('holds back matching alerts from startsAt up to, not including, endsAt', () => {
    const s = [silence()];
    expect(isSilenced(s, contextOf(DARIEN), at(-1))).toBe(false);
    expect(isSilenced(s, contextOf(DARIEN), at(0))).toBe(true);
    expect(isSilenced(s, contextOf(DARIEN), at(3599))).toBe(true);
    expect(isSilenced(s, contextOf(DARIEN), at(3600))).toBe(false);
    expect(isSilenced(s, contextOf(TAPACHULA), at(10))).toBe(false);
  });

  it('keeps a silence set for some recipients to those recipients', () => {
    const s = [silence({ recipients: ['ops_pan'] })];
    expect(isSilenced(s, contextOf(DARIEN), at(10), 'ops_pan')).toBe(true);
    expect(isSilenced(s, contextOf(DARIEN), at(10), 'iom')).toBe(false);
    expect(isSilenced(s, contextOf(DARIEN), at(10))).toBe(false);
  });

  it('compares minLevel as routes do', () => {
    const s = [silence({ matchers: { minLevel: 'warning' } })];
    expect(isSilenced(s, contextOf(DARIEN, { level: 'watch' }), at(1), undefined, lookups.levelsOf)).toBe(
      false,
    );
    expect(isSilenced(s, contextOf(DARIEN, { level: 'emergency' }), at(1), undefined, lookups.levelsOf)).toBe(
      true,
    );
  });

  it('refuses a silence without a reason, or ending before it starts', () => {
    expect(() => silence({ comment: '' })).toThrow();
    expect(() => silence({ endsAt: at(0) })).toThrow();
  });
});

describe('expiredSince', () => {
  it('lists the silences that ended in (from, to], in the order they ended', () => {
    const s = [
      silence({ id: 'b', endsAt: at(200) }),
      silence({ id: 'a', endsAt: at(100) }),
      silence({ id: 'c', endsAt: at(300) }),
    ];
    expect(expiredSince(s, at(100), at(300)).map((x) => x.id)).toEqual(['b', 'c']);
    expect(expiredSince(s, at(0), at(100)).map((x) => x.id)).toEqual(['a']);
  });

  it('announces each expiry once however the time between wake-ups is cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 10 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 1100 }), { minLength: 2, maxLength: 8 }),
        (ends, cuts) => {
          const s = ends.map((e, i) => silence({ id: `s${i}`, startsAt: at(0), endsAt: at(e) }));
          const wakes = [...cuts].sort((x, y) => x - y);
          const announced = wakes
            .slice(1)
            .flatMap((w, i) => expiredSince(s, at(wakes[i]), at(w)).map((x) => x.id));
          const expected = s.filter(
            (x) =>
              Date.parse(x.endsAt) > Date.parse(at(wakes[0])) &&
              Date.parse(x.endsAt) <= Date.parse(at(wakes.at(-1)!)),
          );
          expect([...announced].sort()).toEqual(expected.map((x) => x.id).sort());
          expect(new Set(announced).size).toBe(announced.length);
        },
      ),
    );
  });
});

describe('nextSilenceChange', () => {
  it('is the next start or end after now', () => {
    const s = [
      silence({ startsAt: at(100), endsAt: at(200) }),
      silence({ id: 's2', startsAt: at(0), endsAt: at(150) }),
    ];
    expect(nextSilenceChange(s, at(50))).toBe(at(100));
    expect(nextSilenceChange(s, at(120))).toBe(at(150));
    expect(nextSilenceChange(s, at(200))).toBeNull();
  });
});
