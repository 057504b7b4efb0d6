/** The CAP texts' languages and formatter, and the dashboard's texts: what a browser bundle may import. */
export { capLanguages, CAP_LANGUAGE_TAGS } from './languages';
export type { CapLanguage } from './languages';
export { formatIcu, selectKey } from './message.formatter';
export * from './dashboard/dashboard.texts';
export type { DashboardMessageKey } from './dashboard/dashboard.en.messages';
