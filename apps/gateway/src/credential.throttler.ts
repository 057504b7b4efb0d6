import { createHash } from 'node:crypto';
import { HttpStatus, Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request } from 'express';
import { presentedKey, sessionSecret } from './credential.guard';
import { GatewayError } from './http-errors';

/**
 * Rate limits per credential: a request is counted against the key or the session it presents (hashed,
 * never kept as it came), and a request with neither against its address. Health and metrics are not
 * limited: the probes and the scraper must always get through.
 */
@Injectable()
export class CredentialThrottler extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const request = req as unknown as Request;
    const secret = presentedKey(request) ?? sessionSecret(request);
    return Promise.resolve(
      secret
        ? `credential:${createHash('sha256').update(secret).digest('hex')}`
        : `address:${request.ip ?? 'unknown'}`,
    );
  }

  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    const path = context.switchToHttp().getRequest<Request>().path;
    return Promise.resolve(path.startsWith('/health') || path === '/metrics');
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new GatewayError(
      HttpStatus.TOO_MANY_REQUESTS,
      'RATE_LIMITED',
      `more than ${detail.limit} requests in ${detail.ttl / 1000} s with this credential: wait ` +
        `${Math.ceil(detail.timeToBlockExpire)} s (Retry-After) and slow down`,
    );
  }
}
