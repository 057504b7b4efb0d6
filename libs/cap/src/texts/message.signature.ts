import { IntlMessageFormat } from 'intl-messageformat';

type Ast = ReturnType<IntlMessageFormat['getAst']>;

/** `TYPE.literal` of @formatjs/icu-messageformat-parser, which intl-messageformat does not re-export. */
const LITERAL = 0;

function signatureOf(ast: Ast): string[] {
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
              ...signatureOf(option.value),
            ])
          : [];
      return [...own, ...options];
    })
    .filter((s, i, all) => all.indexOf(s) === i)
    .sort();
}

/** The arguments a message uses, and the options of its selects and plurals: what its translations must keep. */
export function messageSignature(text: string, locale: string): string[] {
  return signatureOf(new IntlMessageFormat(text, locale).getAst());
}
