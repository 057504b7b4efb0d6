import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import { Throttle } from '@nestjs/throttler';
import { sessionRequestSchema, type Principal, type SessionView } from '@atalaya/contracts';
import { DATA_SOURCE } from '@atalaya/messaging';
import { ApiKeysRepository, SessionsRepository } from '@atalaya/persistence';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { requireCsrfToken, SESSION_COOKIE, sessionSecret } from './credential.guard';
import { GatewayError } from './http-errors';
import { parseBody } from './request-body';

/** How long a browser session lasts: a working shift. */
export const SESSION_SECONDS = 8 * 60 * 60;

const viewOf = (principal: Principal, csrfToken: string, expiresAt: string): SessionView => ({
  role: principal.role,
  label: principal.label,
  scopes: [...principal.scopes],
  ...(principal.role === 'recipient' || principal.role === 'analyst'
    ? { recipientId: principal.recipientId }
    : {}),
  ...(principal.role === 'agency' ? { reporter: principal.reporter } : {}),
  csrfToken,
  expiresAt,
});

const ended = () =>
  new GatewayError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', 'no session: log in with your API key');

/**
 * The dashboard's login: an API key exchanged for an HTTP-only, same-site session cookie, and the CSRF token
 * the page sends with every write (docs/api.md, "Browser sessions"). Logins are rate-limited per address.
 */
@Controller('v1/session')
export class SessionController {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly apiKeys: ApiKeysRepository,
    private readonly sessions: SessionsRepository,
  ) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  async open(
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionView> {
    const { key } = parseBody(sessionRequestSchema, body);
    const em = this.dataSource.manager;
    const principal = await this.apiKeys.principalOf(em, key);
    if (!principal) {
      throw new GatewayError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', 'this key is unknown or revoked');
    }
    const opened = await this.sessions.open(em, principal.keyId, SESSION_SECONDS);
    res.cookie(SESSION_COOKIE, opened.secret, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: '/',
      maxAge: SESSION_SECONDS * 1000,
    });
    return viewOf(principal, opened.csrfToken, opened.expiresAt);
  }

  @Get()
  async current(@Req() req: Request): Promise<SessionView> {
    const secret = sessionSecret(req);
    const session = secret ? await this.sessions.of(this.dataSource.manager, secret) : undefined;
    if (!session) throw ended();
    return viewOf(session.principal, session.csrfToken, session.expiresAt);
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  async close(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const secret = sessionSecret(req);
    const session = secret ? await this.sessions.of(this.dataSource.manager, secret) : undefined;
    if (!secret || !session) throw ended();
    requireCsrfToken(req, session.csrfToken);
    await this.sessions.end(this.dataSource.manager, secret);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }
}
