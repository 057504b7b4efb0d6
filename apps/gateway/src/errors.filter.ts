import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import type { Logger } from 'pino';

interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

/**
 * Every error answer is `{ code, message }`. A body that is not JSON or is too large gets the codes of the
 * other doors; anything unexpected gets an `errorId` that is also logged, so an operator can find it.
 */
@Catch()
export class ErrorsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const [status, body] = this.answer(error);
    res.status(status).json(body);
  }

  private answer(error: unknown): [number, object] {
    const parser = (error instanceof HttpException ? error.cause : error) as BodyParserError | undefined;
    if (parser?.type === 'entity.parse.failed') {
      return [
        HttpStatus.BAD_REQUEST,
        { code: 'NOT_JSON', message: `the body is not JSON: ${parser.message}` },
      ];
    }
    if (parser?.type === 'entity.too.large') {
      return [
        HttpStatus.PAYLOAD_TOO_LARGE,
        { code: 'TOO_LARGE', message: 'the body is over 8 MB: split the batch' },
      ];
    }
    if (error instanceof HttpException) {
      const response = error.getResponse();
      if (typeof response === 'object' && 'code' in response) return [error.getStatus(), response];
      return [
        error.getStatus(),
        { code: HttpStatus[error.getStatus()] ?? 'HTTP_ERROR', message: error.message },
      ];
    }
    const errorId = randomUUID();
    this.logger.error({ err: error, errorId }, 'unexpected error answering a request');
    return [
      HttpStatus.INTERNAL_SERVER_ERROR,
      { code: 'INTERNAL', message: 'unexpected error; quote this errorId to the operators', errorId },
    ];
  }
}
