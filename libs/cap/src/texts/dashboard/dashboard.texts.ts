import { CapLanguage } from '../languages';
import { formatIcu, formatMessage, MessageValues, selectKey } from '../message.formatter';
import { DashboardCatalogue, DashboardMessageKey, dashboardEn } from './dashboard.en.messages';
import { dashboardEs } from './dashboard.es.messages';

/** The languages the dashboard is written in, a subset of the CAP texts' languages. */
export const dashboardLanguages = ['es', 'en'] as const satisfies readonly CapLanguage[];
export type DashboardLanguage = (typeof dashboardLanguages)[number];

export const dashboardCatalogues: Readonly<Record<DashboardLanguage, DashboardCatalogue>> = {
  es: dashboardEs,
  en: dashboardEn,
};

/** One dashboard text in the language, through the CAP texts' formatter; dates in `timeZone`, named. */
export function formatDashboard(
  language: DashboardLanguage,
  key: DashboardMessageKey,
  values: MessageValues,
  timeZone: string,
): string {
  return formatIcu(
    dashboardCatalogues[language][key],
    language,
    values,
    timeZone,
    `dashboard message ${key} (${language})`,
  );
}

/** A level's name as the CAP texts write it (vigilancia, alerta, emergencia); another level as named. */
export function levelName(language: DashboardLanguage, level: string): string {
  return formatMessage(language, 'level', { level }, 'UTC');
}

/** An action status as the CAP texts write it (`in_progress`: en curso, in progress). */
export function actionStatusName(language: DashboardLanguage, status: string): string {
  return formatMessage(language, 'actionStatus', { status: selectKey(status) }, 'UTC');
}

/** The language of a browser's preferences (`navigator.languages`), Spanish when none is one of ours. */
export function dashboardLanguageOf(preferences: readonly string[]): DashboardLanguage {
  const primaries = preferences.map((tag) => tag.split('-')[0].toLowerCase());
  return primaries.map((p) => dashboardLanguages.find((l) => l === p)).find((l) => l !== undefined) ?? 'es';
}
