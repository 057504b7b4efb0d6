import type { SessionView } from '@atalaya/contracts';
import type { ReferenceView } from '@atalaya/reference';
import { Api } from './api';
import { renderAlert } from './alert.view';
import { resizeCharts } from './charts';
import { renderCatalogue } from './catalogue.view';
import { fill, h } from './dom';
import { currentLanguage, dashboardLanguages, languageTag, setLanguage, t } from './i18n';
import { followLive } from './live';
import { LiveAlerts } from './live.alerts';
import { renderLogin } from './login.view';
import { renderOverview } from './overview.view';
import type { ViewContext } from './view.context';
import { notice } from './widgets';

const LANGUAGE_NAMES = { es: 'Español', en: 'English' } as const;

/** Which view the address names: `#/`, `#/alerts/<id>`, `#/catalogue`. */
type Route = { view: 'overview' } | { view: 'alert'; alertId: string } | { view: 'catalogue' };

export function routeOf(hash: string): Route {
  const alert = /^#\/alerts\/(.+)$/.exec(hash);
  if (alert) return { view: 'alert', alertId: decodeURIComponent(alert[1]) };
  return hash === '#/catalogue' ? { view: 'catalogue' } : { view: 'overview' };
}

/** The page: its header (views, language, session, live state) and the view the address names. */
export class Dashboard {
  private readonly api = new Api();
  private stopLive: (() => void) | undefined;
  private live = false;
  private readonly heard = new LiveAlerts();
  private reference: Promise<ReferenceView> | undefined;
  private drawing = Promise.resolve();

  constructor(
    private readonly header: HTMLElement,
    private readonly main: HTMLElement,
  ) {
    this.api.onSessionEnded = () => this.signedOut();
    window.addEventListener('hashchange', () => this.draw(true));
    window.addEventListener('resize', () =>
      resizeCharts([...this.main.querySelectorAll<HTMLElement>('.map, .chart')]),
    );
  }

  async start(): Promise<void> {
    document.documentElement.lang = languageTag(currentLanguage());
    const session = await this.api.resume();
    if (session) this.signedIn();
    else this.signedOut();
  }

  private signedIn(): void {
    this.stopLive = followLive(
      () => this.draw(false),
      (on) => {
        this.live = on;
        this.drawHeader();
      },
      (alert) => this.heard.note(alert, new Date().toISOString()),
    );
    this.drawHeader();
    this.draw(true);
  }

  private signedOut(): void {
    this.stopLive?.();
    this.stopLive = undefined;
    this.reference = undefined;
    this.drawHeader();
    renderLogin(this.api, this.main, () => this.signedIn());
  }

  private context(session: SessionView): ViewContext {
    this.reference ??= this.api.get<ReferenceView>('/v1/reference');
    const reference = this.reference;
    return { api: this.api, session, reference: () => reference, heard: this.heard };
  }

  /** Redraws the view, one drawing at a time; keeps the focus where it was unless the view changed. */
  private draw(moveFocus: boolean): void {
    this.drawing = this.drawing.then(() => this.drawView(moveFocus));
  }

  private async drawView(moveFocus: boolean): Promise<void> {
    const session = this.api.current;
    if (!session) return;
    const focused = document.activeElement?.id;
    const ctx = this.context(session);
    const route = routeOf(location.hash);
    this.main.setAttribute('aria-busy', 'true');
    try {
      if (route.view === 'alert') await renderAlert(ctx, this.main, route.alertId);
      else if (route.view === 'catalogue') await renderCatalogue(ctx, this.main);
      else await renderOverview(ctx, this.main);
    } catch (e) {
      fill(
        this.main,
        notice(t('requestFailed', { message: e instanceof Error ? e.message : String(e) }), 'error'),
      );
    } finally {
      this.main.removeAttribute('aria-busy');
    }
    const again = focused === undefined || focused === '' ? null : document.getElementById(focused);
    if (moveFocus || !again) document.getElementById('view-heading')?.focus();
    else again.focus();
  }

  private drawHeader(): void {
    const session = this.api.current;
    const languages = h(
      'div',
      { class: 'languages', role: 'group', 'aria-label': t('languageLabel') },
      ...dashboardLanguages.map((l) =>
        h(
          'button',
          {
            type: 'button',
            id: `language-${l}`,
            lang: languageTag(l),
            'aria-pressed': String(l === currentLanguage()),
            on: {
              click: () => {
                setLanguage(l);
                this.drawHeader();
                if (this.api.current) this.draw(false);
                else renderLogin(this.api, this.main, () => this.signedIn());
              },
            },
          },
          LANGUAGE_NAMES[l],
        ),
      ),
    );
    fill(
      this.header,
      h(
        'div',
        { class: 'brand' },
        h('p', { class: 'title' }, t('appTitle')),
        h('p', { class: 'subtitle' }, t('appSubtitle')),
      ),
      session
        ? h(
            'nav',
            { 'aria-label': t('navigation') },
            h('a', { href: '#/', id: 'nav-overview' }, t('navOverview')),
            h('a', { href: '#/catalogue', id: 'nav-catalogue' }, t('navCatalogue')),
          )
        : null,
      languages,
      session
        ? h(
            'div',
            { class: 'session' },
            h(
              'p',
              { id: 'live-state', role: 'status', 'data-live': String(this.live) },
              this.live ? t('liveOn') : t('liveOff'),
            ),
            h(
              'button',
              { type: 'button', id: 'refresh', on: { click: () => this.draw(false) } },
              t('refresh'),
            ),
            h('p', {}, t('signedInAs', { label: session.label, role: session.role })),
            h(
              'button',
              {
                type: 'button',
                id: 'sign-out',
                on: {
                  click: () => {
                    this.api
                      .logout()
                      .then(() => this.signedOut())
                      .catch(() => this.signedOut());
                  },
                },
              },
              t('signOut'),
            ),
          )
        : null,
    );
  }
}
