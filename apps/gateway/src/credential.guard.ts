import {
  applyDecorators,
  HttpStatus,
  Inject,
  Injectable,
  SetMetadata,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { Reflector } from '@nestjs/core';
import type { Principal, Reporter, Role, Scope } from '@atalaya/contracts';
import { DATA_SOURCE } from '@atalaya/messaging';
import { ApiKeysRepository, SessionsRepository } from '@atalaya/persistence';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { GatewayError } from './http-errors';

/** A request past the guard: who holds the key, and what the routes written before roles read of it. */
export interface CredentialRequest extends Request {
  principal: Principal;
  /** An agency key's state: the only reporter this request may send for. */
  reporter: Reporter;
  /** The id of the key presented, for the audit of what the request records. */
  keyId: string;
  /** A recipient key's recipient: the only one whose alerts this request may acknowledge. */
  recipientId: string;
  /** An admin key's holder: the name its changes are audited under. */
  operator: string;
}

/** Which roles a route takes, and the scope it needs. */
interface AccessRule {
  readonly scope: Scope;
  readonly roles: readonly Role[];
}

const ACCESS = 'atalaya:access';

/**
 * Guards a controller or a route: a key of one of these roles, holding this scope. Method rules override
 * the controller's.
 */
export const Access = (scope: Scope, ...roles: Role[]) =>
  applyDecorators(SetMetadata(ACCESS, { scope, roles } satisfies AccessRule), UseGuards(CredentialGuard));

/** The key a request presents, as `Authorization: Bearer …` or `X-API-Key`. */
export function presentedKey(req: Request): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1];
  return bearer ?? req.header('x-api-key');
}

/** The cookie a browser session rides on (`POST /v1/session`). */
export const SESSION_COOKIE = 'atalaya_session';

/** The session cookie's secret, when the request carries one (cookie-parser puts it in `req.cookies`). */
export function sessionSecret(req: Request): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(sent: string | undefined, expected: string): boolean {
  if (sent === undefined || sent.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}

/** A write with a session cookie carries the session's CSRF token as `X-CSRF-Token`, or gets 403. */
export function requireCsrfToken(req: Request, csrfToken: string): void {
  if (sameToken(req.header('x-csrf-token'), csrfToken)) return;
  throw new GatewayError(
    HttpStatus.FORBIDDEN,
    'CSRF_TOKEN_MISSING',
    'a write with a session cookie must carry the session\'s csrfToken (GET /v1/session) as "X-CSRF-Token"',
  );
}

/** How an operator issues a key of each role. */
const issuing: Readonly<Record<Role, string>> = {
  agency: '`atalaya keys issue --reporter <ISO3> --label <name>`',
  recipient: '`atalaya keys issue --recipient <id> --label <name>`',
  analyst: '`atalaya keys issue --analyst --recipient <organisation> --label <name>`',
  admin: '`atalaya keys issue --operator --label <name>`',
};

const rolesOf = (rule: AccessRule) => rule.roles.map(named).join(' or ');

const named = (role: Role) =>
  `${role === 'agency' || role === 'analyst' || role === 'admin' ? 'an' : 'a'} ${role}`;

/**
 * Every route but `/health*`, `/metrics`, `/docs`, the dashboard's files and the public feed takes a key, or a
 * browser session opened with one: 401 without either or with one unknown, revoked or ended; 403 for a key
 * of another role, one issued without the route's scope, or a session's write without its CSRF token.
 */
@Injectable()
export class CredentialGuard implements CanActivate {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly apiKeys: ApiKeysRepository,
    private readonly sessions: SessionsRepository,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) throw new Error('a route guarded by CredentialGuard has no @Access rule');
    const req = context.switchToHttp().getRequest<CredentialRequest>();
    const secret = presentedKey(req);
    const session = sessionSecret(req);
    if (!secret && session) return this.admitSession(req, rule, session);
    if (!secret) {
      throw new GatewayError(
        HttpStatus.UNAUTHORIZED,
        'UNAUTHENTICATED',
        `this route takes ${rolesOf(rule)} key as "Authorization: Bearer <key>": an operator issues one with ` +
          rule.roles.map((r) => issuing[r]).join(' or '),
      );
    }
    const principal = await this.apiKeys.principalOf(this.dataSource.manager, secret);
    if (!principal) {
      throw new GatewayError(
        HttpStatus.UNAUTHORIZED,
        'UNAUTHENTICATED',
        'this key is unknown or revoked: ask an operator for a new one (`atalaya keys list` shows the keys)',
      );
    }
    return this.admit(req, rule, principal);
  }

  /** A browser session: as its key, and with its CSRF token on every write. */
  private async admitSession(req: CredentialRequest, rule: AccessRule, secret: string): Promise<boolean> {
    const session = await this.sessions.of(this.dataSource.manager, secret);
    if (!session) {
      throw new GatewayError(
        HttpStatus.UNAUTHORIZED,
        'UNAUTHENTICATED',
        'your session has ended (logged out, expired, or its key revoked): log in again',
      );
    }
    if (!SAFE_METHODS.has(req.method)) requireCsrfToken(req, session.csrfToken);
    return this.admit(req, rule, session.principal);
  }

  private admit(req: CredentialRequest, rule: AccessRule, principal: Principal): boolean {
    if (!rule.roles.includes(principal.role)) {
      throw new GatewayError(
        HttpStatus.FORBIDDEN,
        'ROLE_NOT_ALLOWED',
        `this route takes ${rolesOf(rule)} key; yours is ${named(principal.role)} key (${principal.label})`,
      );
    }
    if (!principal.scopes.includes(rule.scope)) {
      throw new GatewayError(
        HttpStatus.FORBIDDEN,
        'SCOPE_NOT_GRANTED',
        `this route needs the scope ${rule.scope}, which your key was issued without: it holds ` +
          `${principal.scopes.join(', ') || 'none'}`,
      );
    }
    req.principal = principal;
    req.keyId = principal.keyId;
    if (principal.role === 'agency') req.reporter = principal.reporter;
    if (principal.role === 'recipient') req.recipientId = principal.recipientId;
    if (principal.role === 'admin') req.operator = principal.label;
    return true;
  }
}
