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

/**
 * An ICU MessageFormat text formatted for the language's locale, compiled once per text, language and time
 * zone: plurals and selects in the text, numbers for the locale, `{x, date, instant}` in `timeZone`, named.
 * `what` names the text in the error a text that does not format to a string raises.
 */
export function formatIcu(
  text: string,
  language: CapLanguage,
  values: MessageValues,
  timeZone: string,
  what: string,
): string {
  const cacheKey = `${language}\u0000${timeZone}\u0000${text}`;
  let message = compiled.get(cacheKey);
  if (message === undefined) {
    message = new IntlMessageFormat(text, CAP_LANGUAGE_TAGS[language], formats(timeZone));
    compiled.set(cacheKey, message);
  }
  const formatted = message.format(values);
  if (typeof formatted !== 'string') throw new Error(`${what} did not format to text`);
  return formatted;
}

/** One message of the language's catalogue, formatted for its locale; dates in `timeZone`. */
export function formatMessage(
  language: CapLanguage,
  key: MessageKey,
  values: MessageValues,
  timeZone: string,
): string {
  return formatIcu(catalogues[language][key], language, values, timeZone, `message ${key} (${language})`);
}

/** ICU select keys are written camelCase: `de-escalated` is selected as `deEscalated`, `in_progress` as `inProgress`. */
export function selectKey(value: string): string {
  return value.replace(/[-_](\w)/g, (_, c: string) => c.toUpperCase());
}
