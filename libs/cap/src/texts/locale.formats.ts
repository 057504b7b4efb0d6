import { alpha3ToAlpha2 } from 'i18n-iso-countries';
import { Period } from '@atalaya/contracts';
import { CAP_LANGUAGE_TAGS, CapLanguage } from './languages';

/** Intl's formatters are costly to build and safe to share: one per language. */
function perLanguage<T>(build: (locale: string) => T): (language: CapLanguage) => T {
  const built = new Map<CapLanguage, T>();
  return (language) => {
    let formatter = built.get(language);
    if (formatter === undefined) {
      formatter = build(CAP_LANGUAGE_TAGS[language]);
      built.set(language, formatter);
    }
    return formatter;
  };
}

const dayFormat = perLanguage(
  (locale) =>
    new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }),
);
const regionNames = perLanguage(
  (locale) => new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }),
);
const conjunction = perLanguage((locale) => new Intl.ListFormat(locale, { type: 'conjunction' }));

// formatRange is slow, and one event goes to many recipients: the periods of recent events, kept.
const periods = new Map<string, string>();

/** A period of plain dates, as a range in the locale ("1–31 de julio de 2021"); its days never shift zone. */
export function formatPeriod(language: CapLanguage, period: Period): string {
  const key = `${language} ${period.start} ${period.end}`;
  let text = periods.get(key);
  if (text === undefined) {
    const start = new Date(`${period.start}T00:00:00Z`);
    const end = new Date(`${period.end}T00:00:00Z`);
    const format = dayFormat(language);
    text = period.start === period.end ? format.format(start) : format.formatRange(start, end);
    if (periods.size >= 10_000) periods.clear();
    periods.set(key, text);
  }
  return text;
}

/** The country's name in the language (CLDR's, through Intl), or its code if it has none. */
export function countryName(language: CapLanguage, iso3: string): string {
  const alpha2 = alpha3ToAlpha2(iso3);
  return alpha2 === undefined ? iso3 : (regionNames(language).of(alpha2) ?? iso3);
}

/** "a, b and c" in the language. */
export function formatList(language: CapLanguage, items: readonly string[]): string {
  return conjunction(language).format(items);
}
