import type { SessionView } from '@atalaya/contracts';
import type { Api } from './api';
import { fill, h } from './dom';
import { t } from './i18n';

/** The sign-in form: an API key exchanged for a session (`POST /v1/session`); `signedIn` takes it from there. */
export function renderLogin(api: Api, target: HTMLElement, signedIn: (session: SessionView) => void): void {
  const key = h('input', {
    id: 'api-key',
    name: 'key',
    type: 'password',
    autocomplete: 'off',
    required: true,
    'aria-describedby': 'api-key-help',
  });
  const status = h('p', { id: 'login-status', role: 'alert', class: 'notice-error' });
  const form = h(
    'form',
    {
      id: 'login',
      on: {
        submit: (event) => {
          event.preventDefault();
          status.textContent = '';
          api
            .login(key.value.trim())
            .then(signedIn)
            .catch((e: unknown) => {
              status.textContent = t('loginRefused', { message: e instanceof Error ? e.message : String(e) });
              key.focus();
            });
        },
      },
    },
    h('label', { for: 'api-key' }, t('loginKey')),
    key,
    h('p', { id: 'api-key-help', class: 'help' }, t('loginHelp')),
    h('button', { type: 'submit' }, t('loginSubmit')),
    status,
  );
  fill(target, h('h1', { id: 'view-heading', tabindex: '-1' }, t('loginTitle')), form);
  key.focus();
}
