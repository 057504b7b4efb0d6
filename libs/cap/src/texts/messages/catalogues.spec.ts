import { CAP_LANGUAGE_TAGS, capLanguages } from '../languages';
import { messageSignature } from '../message.signature';
import { catalogues } from './catalogues';
import { en } from './en.messages';

describe('message catalogues', () => {
  const keys = Object.keys(en) as (keyof typeof en)[];

  it.each(capLanguages.filter((l) => l !== 'en'))(
    '%s has every English message, with the same arguments',
    (language) => {
      const catalogue = catalogues[language];
      expect(Object.keys(catalogue).sort()).toEqual([...keys].sort());
      for (const key of keys) {
        const translated = messageSignature(catalogue[key], CAP_LANGUAGE_TAGS[language]);
        expect({ key, arguments: translated }).toEqual({ key, arguments: messageSignature(en[key], 'en') });
      }
    },
  );

  it.each(capLanguages.filter((l) => l !== 'en'))('%s is translated, not copied from English', (language) => {
    const untranslated = keys.filter((k) => catalogues[language][k] === en[k]);
    expect(untranslated).toEqual(['placeInCountry']);
  });
});
