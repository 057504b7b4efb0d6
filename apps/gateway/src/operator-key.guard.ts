import { HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { DATA_SOURCE } from '@atalaya/messaging';
import { ApiKeysRepository } from '@atalaya/persistence';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { presentedKey } from './api-key.guard';
import { GatewayError } from './http-errors';

export interface OperatorRequest extends Request {
  /** Who holds the operator key: the name its changes are audited under. */
  operator: string;
}

/** Takes an operator's key, for the admin routes; an agency's or a recipient's key is refused. */
@Injectable()
export class OperatorKeyGuard implements CanActivate {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly apiKeys: ApiKeysRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<OperatorRequest>();
    const secret = presentedKey(req);
    const operator = secret ? await this.apiKeys.operatorOf(this.dataSource.manager, secret) : undefined;
    if (!operator) {
      throw new GatewayError(
        HttpStatus.UNAUTHORIZED,
        'UNAUTHENTICATED',
        'the admin routes take an operator key as "Authorization: Bearer <key>": `atalaya keys issue --operator --label <name>`',
      );
    }
    req.operator = operator;
    return true;
  }
}
