import type { AlertPage, AlertSummary, SessionView } from '@atalaya/contracts';
import type { ReferenceView } from '@atalaya/reference';
import { alpha3ToAlpha2 } from 'i18n-iso-countries';
import type { Api } from './api';
import { countryText } from './i18n';
import type { LiveAlerts } from './live.alerts';

/** What every view is drawn with: the API, the signed-in session, and the reference data (fetched once). */
export interface ViewContext {
  readonly api: Api;
  readonly session: SessionView;
  readonly reference: () => Promise<ReferenceView>;
  /** The alerts the live stream told of, beside what the API lists. */
  readonly heard: LiveAlerts;
}

/** Whether the session's key holds a scope. */
export const holds = (ctx: ViewContext, scope: string): boolean =>
  ctx.session.scopes.some((s) => s === scope);

/** A country's name in the page's language. */
export const countryName = (iso3: string): string => countryText(iso3, (c) => alpha3ToAlpha2(c));

/** A place's name, or its id when the reference data does not know it. */
export const placeName = (reference: ReferenceView, id: string): string =>
  reference.places.find((p) => p.id === id)?.name ?? id;

/** Every alert of a filter, page after page, up to `max`. */
export async function allAlerts(api: Api, query: string, max = 400): Promise<AlertSummary[]> {
  const items: AlertSummary[] = [];
  let cursor: string | null = null;
  do {
    const page: AlertPage = await api.get<AlertPage>(
      `/v1/alerts?${query}&limit=200${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
    );
    items.push(...page.items);
    cursor = page.next;
  } while (cursor !== null && items.length < max);
  return items;
}

/** The path of an alert's page. */
export const alertHref = (alertId: string): string => `#/alerts/${encodeURIComponent(alertId)}`;
