import fc from 'fast-check';
import { endsToAnnounce, isSilenced, nextSilenceChange, Silence, silenceSchema } from './silence';
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

describe('endsToAnnounce', () => {
  it('lists the silences over by now and not yet announced, in the order they ended', () => {
    const s = [
      { ...silence({ id: 'b', endsAt: at(200) }), announcedAt: null },
      { ...silence({ id: 'a', endsAt: at(100) }), announcedAt: null },
      { ...silence({ id: 'c', endsAt: at(300) }), announcedAt: null },
      { ...silence({ id: 'd', endsAt: at(50) }), announcedAt: at(60) },
    ];
    expect(endsToAnnounce(s, at(250)).map((x) => x.id)).toEqual(['a', 'b']);
    expect(endsToAnnounce(s, at(100)).map((x) => x.id)).toEqual(['a']);
    expect(endsToAnnounce(s, at(99))).toEqual([]);
  });

  it('announces each end once however the wake-ups fall, when each announcement is recorded', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 10 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 1100 }), { minLength: 1, maxLength: 8 }),
        (ends, cuts) => {
          let s = ends.map((e, i) => ({
            ...silence({ id: `s${i}`, startsAt: at(0), endsAt: at(e) }),
            announcedAt: null as string | null,
          }));
          const announced: string[] = [];
          for (const w of [...cuts].sort((x, y) => x - y)) {
            const due = new Set(endsToAnnounce(s, at(w)).map((x) => x.id));
            announced.push(...due);
            s = s.map((x) => (due.has(x.id) ? { ...x, announcedAt: at(w) } : x));
          }
          const last = Math.max(...cuts);
          expect([...announced].sort()).toEqual(
            s
              .filter((x) => Date.parse(x.endsAt) <= Date.parse(at(last)))
              .map((x) => x.id)
              .sort(),
          );
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
