import { IntlMessageFormat } from 'intl-messageformat';
import { CAP_LANGUAGE_TAGS, capLanguages } from '../languages';
import { catalogues } from './catalogues';
import { en } from './en.messages';

type Ast = ReturnType<IntlMessageFormat['getAst']>;

/** `TYPE.literal` of @formatjs/icu-messageformat-parser, which intl-messageformat does not re-export. */
const LITERAL = 0;

/** The arguments a message uses, and the options of its selects and plurals: what its translations must keep. */
function signature(ast: Ast): string[] {
  return ast
    .flatMap((element): string[] => {
      const own =
        'value' in element && typeof element.value === 'string' && (element.type as number) !== LITERAL
          ? [element.value]
          : [];
      const options =
        'options' in element
          ? Object.entries(element.options).flatMap(([key, option]) => [
              `${element.value}=${key}`,
              ...signature(option.value),
            ])
          : [];
      return [...own, ...options];
    })
    .filter((s, i, all) => all.indexOf(s) === i)
    .sort();
}

describe('message catalogues', () => {
  const keys = Object.keys(en) as (keyof typeof en)[];

  it.each(capLanguages.filter((l) => l !== 'en'))(
    '%s has every English message, with the same arguments',
    (language) => {
      const catalogue = catalogues[language];
      expect(Object.keys(catalogue).sort()).toEqual([...keys].sort());
      for (const key of keys) {
        const translated = new IntlMessageFormat(catalogue[key], CAP_LANGUAGE_TAGS[language]).getAst();
        const english = new IntlMessageFormat(en[key], 'en').getAst();
        expect({ key, arguments: signature(translated) }).toEqual({ key, arguments: signature(english) });
      }
    },
  );

  it.each(capLanguages.filter((l) => l !== 'en'))('%s is translated, not copied from English', (language) => {
    const untranslated = keys.filter((k) => catalogues[language][k] === en[k]);
    expect(untranslated).toEqual(['placeInCountry']);
  });
});
