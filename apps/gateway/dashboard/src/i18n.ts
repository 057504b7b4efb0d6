import {
  actionStatusName,
  CAP_LANGUAGE_TAGS,
  dashboardLanguageOf,
  dashboardLanguages,
  formatDashboard,
  levelName,
  type DashboardLanguage,
  type DashboardMessageKey,
} from '@atalaya/cap/texts';

const STORED = 'atalaya.language';

const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

function stored(): DashboardLanguage | undefined {
  const value = localStorage.getItem(STORED);
  return dashboardLanguages.find((l) => l === value);
}

let language: DashboardLanguage = stored() ?? dashboardLanguageOf(navigator.languages);

/** The BCP 47 tag of a language, as the page's `lang` attributes write it. */
export const languageTag = (l: DashboardLanguage): string => CAP_LANGUAGE_TAGS[l];

/** The language the page is written in. */
export const currentLanguage = (): DashboardLanguage => language;

/** Writes the page in another language from now on, and remembers it on this browser. */
export function setLanguage(next: DashboardLanguage): void {
  language = next;
  localStorage.setItem(STORED, next);
  document.documentElement.lang = languageTag(next);
}

/** A dashboard text in the current language, instants in the browser's time zone. */
export const t = (key: DashboardMessageKey, values: Record<string, string | number | Date> = {}): string =>
  formatDashboard(language, key, values, timeZone);

/** A level's name in the current language; "no active alert" for none. */
export const levelText = (level: string | null): string =>
  level === null ? t('noLevel') : levelName(language, level);

export const actionStatusText = (status: string): string => actionStatusName(language, status);

/** A number in the current language's locale. */
export const numberText = (n: number): string => new Intl.NumberFormat(CAP_LANGUAGE_TAGS[language]).format(n);

/** A country's name in the current language (CLDR's, through Intl), or its code. */
export function countryText(iso3: string, alpha2: (iso3: string) => string | undefined): string {
  const code = alpha2(iso3);
  return code === undefined
    ? iso3
    : (new Intl.DisplayNames([CAP_LANGUAGE_TAGS[language]], { type: 'region', fallback: 'code' }).of(code) ??
        iso3);
}

export { dashboardLanguages };
export type { DashboardLanguage };
