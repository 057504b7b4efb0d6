import { canonicalHashtag, importFields, normaliseColumnName } from './import.vocabulary';

describe('canonicalHashtag', () => {
  it('ignores case, spaces and the order of attributes', () => {
    expect(canonicalHashtag('#Affected +NUM')).toBe('#affected+num');
    expect(canonicalHashtag('#indicator+num+value')).toBe(canonicalHashtag('#indicator+value+num'));
  });

  it.each(['Value', '# affected', '#2023', '#affected+', 'affected+num', ''])(
    'says %p is no hashtag',
    (cell) => {
      expect(canonicalHashtag(cell)).toBeUndefined();
    },
  );
});

describe('normaliseColumnName', () => {
  it('matches a header however a spreadsheet spells it', () => {
    const spellings = ['signal_id', 'Signal ID', 'signal-id', 'signalId', ' SIGNAL_ID '];
    expect(new Set(spellings.map(normaliseColumnName))).toEqual(new Set(['signalid']));
  });
});

describe('the vocabulary', () => {
  it('gives every field one plain column and hashtags no other field uses', () => {
    const columns = importFields.map((f) => normaliseColumnName(f.column));
    const hashtags = importFields.flatMap((f) => f.hashtags.map(canonicalHashtag));
    expect(new Set(columns).size).toBe(columns.length);
    expect(new Set(hashtags).size).toBe(hashtags.length);
    expect(hashtags).not.toContain(undefined);
  });
});
