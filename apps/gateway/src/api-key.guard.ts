import { DATA_SOURCE } from '@atalaya/messaging';
import { HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Reporter } from '@atalaya/contracts';
import { ApiKeysRepository } from '@atalaya/persistence';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { GatewayError } from './http-errors';

export interface AuthenticatedRequest extends Request {
  /** The state the presented API key speaks for: the only reporter this request may send for. */
  reporter: Reporter;
  /** The id of the key presented, for the audit of what the request records. */
  keyId: string;
}

/** The key a request presents, as `Authorization: Bearer …` or `X-API-Key`. */
export function presentedKey(req: Request): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1];
  return bearer ?? req.header('x-api-key');
}

/** Takes the agency's key from `Authorization: Bearer …` or `X-API-Key`, and the reporter it is scoped to. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly apiKeys: ApiKeysRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const secret = presentedKey(req);
    if (!secret) {
      throw new GatewayError(
        HttpStatus.UNAUTHORIZED,
        'UNAUTHENTICATED',
        'send your agency API key as "Authorization: Bearer <key>"; an operator issues one with `atalaya keys issue`',
      );
    }
    const key = await this.apiKeys.agencyKeyOf(this.dataSource.manager, secret);
    if (!key) {
      throw new GatewayError(
        HttpStatus.UNAUTHORIZED,
        'UNAUTHENTICATED',
        'this API key is unknown or revoked',
      );
    }
    req.reporter = key.reporter;
    req.keyId = key.id;
    return true;
  }
}
