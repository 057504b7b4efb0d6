import { IntlMessageFormat } from 'intl-messageformat';
import { CAP_LANGUAGE_TAGS, CapLanguage } from './languages';
import { catalogues } from './messages/catalogues';
import { MessageKey } from './messages/en.messages';

export type MessageValues = Record<string, string | number | Date>;

const compiled = new Map<string, IntlMessageFormat>();

/** `{x, date, instant}`: date and time in the given zone, the zone named, e.g. "3 de agosto de 2021, 07:00 GMT-5". */
function formats(timeZone: string) {
  return {
    date: {
      instant: {
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone,
        timeZoneName: 'short',
      },
    },
  } as const;
}

/** One message of the language's catalogue, formatted for its locale; dates in `timeZone`. */
export function formatMessage(
  language: CapLanguage,
  key: MessageKey,
  values: MessageValues,
  timeZone: string,
): string {
  const cacheKey = `${language}\u0000${key}\u0000${timeZone}`;
  let message = compiled.get(cacheKey);
  if (message === undefined) {
    message = new IntlMessageFormat(
      catalogues[language][key],
      CAP_LANGUAGE_TAGS[language],
      formats(timeZone),
    );
    compiled.set(cacheKey, message);
  }
  const text = message.format(values);
  if (typeof text !== 'string') throw new Error(`message ${key} (${language}) did not format to text`);
  return text;
}
