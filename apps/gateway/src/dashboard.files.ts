import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';

/** Where `npm run build` puts the dashboard (apps/gateway/dashboard/build.mjs), from dist/apps/gateway/src. */
export const DASHBOARD_DIR = resolve(__dirname, '../../../dashboard');

/**
 * The dashboard's page may load and call only its own origin: no inline script or style, no other host, no
 * frame around it. ECharts draws on a canvas and sets styles through the CSSOM, which this allows.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the dashboard's files at /dashboard/ without a credential: they hold no data, and the page signs in
 * through /v1/session. Revalidated on every load, so a new build is picked up at once.
 */
export function serveDashboard(app: NestExpressApplication, logger: Logger): void {
  if (!existsSync(resolve(DASHBOARD_DIR, 'index.html'))) {
    logger.warn(
      { dir: DASHBOARD_DIR },
      'the dashboard is not built (npm run build): /dashboard/ answers 404',
    );
  }
  app.useStaticAssets(DASHBOARD_DIR, {
    prefix: '/dashboard/',
    index: 'index.html',
    setHeaders: (res: ServerResponse) => {
      res.setHeader('content-security-policy', DASHBOARD_CSP);
      res.setHeader('cache-control', 'no-cache');
    },
  });
}
