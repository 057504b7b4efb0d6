import { alpha3ToAlpha2 } from 'i18n-iso-countries';
import { Period } from '@atalaya/contracts';
import { CAP_LANGUAGE_TAGS, CapLanguage } from './languages';

/** A period of plain dates, as a range in the locale ("1–31 de julio de 2021"); its days never shift zone. */
export function formatPeriod(language: CapLanguage, period: Period): string {
  const format = new Intl.DateTimeFormat(CAP_LANGUAGE_TAGS[language], {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });
  const start = new Date(`${period.start}T00:00:00Z`);
  const end = new Date(`${period.end}T00:00:00Z`);
  return period.start === period.end ? format.format(start) : format.formatRange(start, end);
}

/** The country's name in the language (CLDR's, through Intl), or its code if it has none. */
export function countryName(language: CapLanguage, iso3: string): string {
  const alpha2 = alpha3ToAlpha2(iso3);
  if (alpha2 === undefined) return iso3;
  return (
    new Intl.DisplayNames([CAP_LANGUAGE_TAGS[language]], { type: 'region', fallback: 'code' }).of(alpha2) ??
    iso3
  );
}

/** "a, b and c" in the language. */
export function formatList(language: CapLanguage, items: readonly string[]): string {
  return new Intl.ListFormat(CAP_LANGUAGE_TAGS[language], { type: 'conjunction' }).format(items);
}
