import { HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { DATA_SOURCE } from '@atalaya/messaging';
import { ApiKeysRepository } from '@atalaya/persistence';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { presentedKey } from './api-key.guard';
import { GatewayError } from './http-errors';

export interface RecipientRequest extends Request {
  /** The recipient the presented key answers as: the only one whose alerts this request may acknowledge. */
  recipientId: string;
}

/** Takes a recipient's key (an operations centre's, a partner's) and the recipient it is scoped to. */
@Injectable()
export class RecipientKeyGuard implements CanActivate {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly apiKeys: ApiKeysRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<RecipientRequest>();
    const secret = presentedKey(req);
    if (!secret) {
      throw new GatewayError(
        HttpStatus.UNAUTHORIZED,
        'UNAUTHENTICATED',
        'send your recipient key as "Authorization: Bearer <key>"; an operator issues one with `atalaya keys issue --recipient <id>`',
      );
    }
    const recipientId = await this.apiKeys.recipientOf(this.dataSource.manager, secret);
    if (!recipientId) {
      throw new GatewayError(
        HttpStatus.UNAUTHORIZED,
        'UNAUTHENTICATED',
        'this key is unknown, revoked, or an agency key, not a recipient key',
      );
    }
    req.recipientId = recipientId;
    return true;
  }
}
